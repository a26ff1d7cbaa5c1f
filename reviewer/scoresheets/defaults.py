"""The default score sheets (DOMAIN.md §4): judgments, hearings and 发改 cases, 100 points each.

Item keys are stable across versions; the automatic checks map their findings to these keys
(e.g. a half-width comma in Chinese text → "language.punctuation"). Pure data, no Flask.
Each item is (key, 评审内容, 评分标准, points, mode, step, veto); mode is "free" or "per_occurrence".
"""
from __future__ import annotations

from dataclasses import dataclass, field

FREE, PER = "free", "per_occurrence"


@dataclass(frozen=True)
class DefaultSheet:
    code: str
    kind: str          # SheetKind value
    name: str
    description: str
    sections: tuple = field(default_factory=tuple)   # ((title, (items…)), …)


JUDGMENT_SHEET = DefaultSheet(
    code="judgment-default",
    kind="judgment",
    name="裁判文书评查表",
    description="依据《人民法院民事裁判文书制作规范》制定，满分 100 分，以扣分方式评查。",
    sections=(
        ("格式与要素", (
            ("format.title", "标题：法院名称、文书名称", "法院名称用全称（含“河南省”），文书名称与案件性质、程序一致；每处错误扣 1 分。", 2, PER, 1, False),
            ("format.case_number", "案号", "案号格式规范（全角括号、法院代字、类型代字、序号），与立案信息一致；错误扣 2 分。", 2, FREE, None, False),
            ("format.elements", "当事人信息等基本要素", "当事人及诉讼参加人的姓名或名称、性别、出生日期、民族、住所等齐全准确，前后一致；每处遗漏或错误扣 0.5 分。", 2, PER, 0.5, False),
            ("format.history", "案件由来和审理经过", "写明立案日期、适用程序、开庭情况及到庭人员；每项遗漏或错误扣 0.5 分。", 2, PER, 0.5, False),
            ("format.signature", "落款", "审判组织成员与审理经过一致，日期用汉字数字（〇），书记员署名；每处错误扣 1 分。", 2, PER, 1, False),
        )),
        ("事实与证据", (
            ("facts.claims", "诉辩主张归纳", "完整、准确、简明地归纳诉讼请求、事实与理由及答辩意见；遗漏或失真的酌情扣分。", 8, FREE, None, False),
            ("facts.evidence", "证据认定", "列明证据及质证意见，对证据采信与否说明理由；未分析认证的酌情扣分。", 9, FREE, None, False),
            ("facts.findings", "事实认定", "认定事实清楚完整、与证据对应，时间、金额、数量等要素准确；每处事实错误扣 2 分，最多扣 8 分。", 8, PER, 2, False),
        )),
        ("说理", (
            ("reasoning.focus", "争议焦点", "准确归纳争议焦点，并围绕焦点展开说理；未归纳或归纳不当的酌情扣分。", 8, FREE, None, False),
            ("reasoning.law", "释法说理", "说理充分、逻辑严密，阐明事实认定与法律适用之间的关系；说理不足的酌情扣分。", 10, FREE, None, False),
            ("reasoning.response", "回应诉辩意见", "对当事人的主要诉辩意见逐一回应，采纳与否说明理由；每遗漏一项扣 2 分。", 7, PER, 2, False),
        )),
        ("法律适用", (
            ("law.citation", "引用完整准确", "法律名称用全称并加书名号，条、款、项用汉字数字且准确；每处错误扣 2 分。", 10, PER, 2, False),
            ("law.order", "引用顺序规范", "先实体法后程序法，先法律后行政法规、司法解释；顺序不规范扣 2 分。", 4, PER, 2, False),
            ("law.validity", "法律效力正确", "适用行为时有效的法律，正确处理溯及力（民法典施行前的事实除外，不得引用已废止的法律）；适用错误的酌情扣分。", 6, FREE, None, False),
        )),
        ("裁判主文", (
            ("ruling.clarity", "明确可执行", "主文表述明确、具体、可执行，给付内容、期限、方式清楚；酌情扣分。", 5, FREE, None, False),
            ("ruling.completeness", "无遗漏", "对全部诉讼请求作出裁判，无漏判、超判；每处扣 3 分。", 3, PER, 3, False),
            ("ruling.costs", "诉讼费用负担", "诉讼费用负担明确、计算正确；遗漏或错误扣 2 分。", 2, FREE, None, False),
        )),
        ("文字技术", (
            ("language.typos", "错别字、多字漏字", "每处扣 1 分。", 4, PER, 1, False),
            ("language.punctuation", "标点符号", "标点误用，中文文本中使用半角标点；每处扣 1 分。", 3, PER, 1, False),
            ("language.numbers_dates", "数字与日期", "数字、金额、计量单位、日期书写不规范或前后不一致；每处扣 1 分。", 3, PER, 1, False),
        )),
        ("一票否决事项", (
            ("veto.ruling_error", "裁判主文错误", "主文列错当事人或裁判结果与说理相悖、确有错误；命中即评为不合格。", 0, FREE, None, True),
            ("veto.privacy_leak", "泄露个人信息", "应当公开的文书泄露身份证号码、住址、电话等个人信息或应隐名未隐名；命中即评为不合格。", 0, FREE, None, True),
        )),
    ),
)

HEARING_SHEET = DefaultSheet(
    code="hearing-default",
    kind="hearing",
    name="庭审评查表",
    description="适用于庭审观摩（现场或录像），满分 100 分，以扣分方式评查。",
    sections=(
        ("庭前准备", (
            ("prep.notice", "通知送达", "依法送达开庭传票、出庭通知，送达期间符合规定；酌情扣分。", 5, FREE, None, False),
            ("prep.announcement", "开庭公告", "公开审理的案件开庭前依法公告；未公告扣 3 分。", 3, FREE, None, False),
            ("prep.outline", "庭审提纲", "庭前阅卷并拟定庭审提纲，庭审准备充分；酌情扣分。", 3, FREE, None, False),
            ("prep.on_time", "按时开庭", "按公告时间准时开庭；无正当理由迟延开庭扣 4 分。", 4, FREE, None, False),
        )),
        ("庭审程序", (
            ("procedure.opening", "宣布开庭", "书记员查明到庭情况、宣布法庭纪律，审判长宣布开庭；每处缺漏扣 1 分。", 5, PER, 1, False),
            ("procedure.identity", "核对当事人", "核对当事人及诉讼代理人身份、代理权限；每处缺漏扣 1 分。", 4, PER, 1, False),
            ("procedure.rights", "告知权利与回避", "告知诉讼权利义务，询问是否申请回避；每处缺漏扣 2 分。", 6, PER, 2, False),
            ("procedure.investigation", "法庭调查", "法庭调查顺序规范，当事人陈述、举证、质证完整；酌情扣分。", 7, FREE, None, False),
            ("procedure.debate", "法庭辩论", "组织各方充分辩论，围绕争议焦点进行；酌情扣分。", 6, FREE, None, False),
            ("procedure.final_statement", "最后陈述与调解", "依法征询最后意见（刑事案件被告人最后陈述），询问调解意愿；每处缺漏扣 2 分。", 4, PER, 2, False),
            ("procedure.pronouncement", "宣判", "当庭宣判或告知定期宣判，宣判程序规范；酌情扣分。", 3, FREE, None, False),
        )),
        ("庭审驾驭", (
            ("conduct.focus", "归纳争议焦点", "准确、及时归纳争议焦点并征询当事人意见；酌情扣分。", 8, FREE, None, False),
            ("conduct.evidence", "引导举证质证", "引导当事人围绕焦点举证、质证，发问简明恰当；酌情扣分。", 8, FREE, None, False),
            ("conduct.pace", "节奏把控", "庭审节奏紧凑有序，有效制止重复、无关陈述；酌情扣分。", 5, FREE, None, False),
            ("conduct.incidents", "处置突发情况", "对扰乱法庭秩序等突发情况处置及时、得当；酌情扣分。", 4, FREE, None, False),
            ("conduct.neutrality", "居中裁判", "保持中立，不偏不倚，不提前发表倾向性意见；酌情扣分。", 5, FREE, None, False),
        )),
        ("司法礼仪", (
            ("etiquette.dress", "着装", "按规定着法袍或制服，佩戴整齐；不规范扣 2 分。", 2, FREE, None, False),
            ("etiquette.manner", "仪态", "坐姿端正，无接打电话、随意离席等行为；每处扣 1 分。", 3, PER, 1, False),
            ("etiquette.language", "语言规范", "使用普通话和规范用语，语言文明、准确；每处扣 1 分。", 3, PER, 1, False),
            ("etiquette.gavel", "法槌使用", "开庭、继续开庭时先敲槌后宣布；休庭、闭庭及宣判时先宣布后敲槌；每处不规范扣 1 分。", 2, PER, 1, False),
        )),
        ("庭审纪律与技术保障", (
            ("discipline.order", "法庭秩序", "旁听秩序良好，违反法庭纪律的行为得到制止；酌情扣分。", 3, FREE, None, False),
            ("discipline.recording", "录音录像完整连续", "自宣布开庭至闭庭全程同步录音录像；中断的须记录并说明原因，每处未说明的中断扣 2.5 分。", 5, PER, 2.5, False),
            ("discipline.transcript", "庭审笔录", "笔录完整、准确，经当事人核对签名；酌情扣分。", 2, FREE, None, False),
        )),
        ("一票否决事项", (
            ("veto.serious_violation", "严重违反法定程序", "应当回避未回避、应当公开审理未公开等严重违反法定程序；命中即评为不合格。", 0, FREE, None, True),
            ("veto.misconduct", "严重失当言行", "庭审中有违反司法礼仪、损害司法形象的严重言行；命中即评为不合格。", 0, FREE, None, True),
        )),
    ),
)

REVERSAL_SHEET = DefaultSheet(
    code="reversal-default",
    kind="reversal",
    name="发改案件评查表",
    description="适用于被上级法院改判、发回重审、指令再审的案件（计划第 5、6 项：双向评析、发改案件评查），"
                "对照原审卷宗、上级法院裁判与承办法官自查报告评查，满分 100 分，以扣分方式评查。",
    sections=(
        ("事实认定", (
            ("reversal.evidence", "证据审查", "对证据的真实性、合法性、关联性审查认定到位，采信理由充分；审查不当的酌情扣分。", 10, FREE, None, False),
            ("reversal.facts", "事实认定", "基本事实清楚，主要证据充分，与上级法院查明的事实一致；每处认定错误扣 5 分。", 15, PER, 5, False),
            ("reversal.inquiry", "依职权调查", "应当调查收集的证据已依法调查收集，当事人申请调取的证据依法处理；酌情扣分。", 5, FREE, None, False),
        )),
        ("法律适用", (
            ("reversal.law", "法律条文适用", "适用的法律、司法解释正确，引用完整；每处适用错误扣 5 分。", 15, PER, 5, False),
            ("reversal.discretion", "裁量尺度", "自由裁量在法定幅度内且与类案尺度统一；裁量明显失当的酌情扣分。", 10, FREE, None, False),
            ("reversal.precedent", "类案检索与裁判指引", "按要求进行类案检索，遵循本院审判业务指引；未检索或背离指引的酌情扣分。", 5, FREE, None, False),
        )),
        ("审判程序", (
            ("reversal.procedure", "程序合法", "审判组织、回避、送达、举证期限、庭审等程序合法；每处违法扣 5 分。", 10, PER, 5, False),
            ("reversal.parties", "当事人遗漏", "未遗漏必须参加诉讼的当事人或诉讼请求；遗漏的扣 5 分。", 5, FREE, None, False),
            ("reversal.timeliness", "审限", "在法定审限内结案，延长审限手续齐全；超审限扣 5 分。", 5, FREE, None, False),
        )),
        ("裁判说理", (
            ("reversal.reasoning", "说理", "围绕争议焦点说理，回应当事人主要诉辩意见，裁判结果与理由一致；酌情扣分。", 10, FREE, None, False),
        )),
        ("自查与整改", (
            ("reversal.self_check", "自查报告", "按期提交自查报告，问题查找准确、原因分析深入；逾期或流于形式的酌情扣分。", 5, FREE, None, False),
            ("reversal.measures", "整改措施", "提出有针对性的整改措施并在评析会上交流；酌情扣分。", 5, FREE, None, False),
        )),
        ("一票否决事项", (
            ("veto.misconduct", "违法审判", "因故意违反法律法规或重大过失导致裁判错误并造成不良后果；命中即评为不合格。", 0, FREE, None, True),
        )),
    ),
)

DEFAULT_SHEETS: tuple[DefaultSheet, ...] = (JUDGMENT_SHEET, HEARING_SHEET, REVERSAL_SHEET)
