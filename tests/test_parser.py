"""The judgment parser on all real sample judgments and on synthetic documents."""
from datetime import date

import pytest

from reviewer.judgments.document import DocumentError
from reviewer.judgments.parser import parse_docx, parse_text
from tests.docx_builders import docx_bytes

# file → case number, court, doc type, date, presiding judge, clerk, first party (role, name),
#        cause, procedure
REAL = {
    "civ1_jiaotong_junxian": ("（2017）豫0621民初2700号", "河南省浚县人民法院", "民事判决书", "2017-12-25",
                              "李丹", "杨素慧", ("原告", "陈清立"), "机动车交通事故责任纠纷", "一审"),
    "civ1_jiaotong_xuchang": ("（2016）豫1002民初3287号", "河南省许昌市魏都区人民法院", "民事判决书",
                              "2017-02-20", "李会娟", "张梦娜", ("原告", "孙雷"), "机动车交通事故责任纠纷", "一审"),
    "civ1_jinrong_jiekuan_saihan": ("（2018）内0105民初59号", "呼和浩特市赛罕区人民法院", "民事判决书",
                                    "2018-02-24", "尚陆林", "王桢清",
                                    ("原告", "中国邮政储蓄银行股份有限公司呼和浩特市分行"), "金融借款合同纠纷", "一审"),
    "civ1_minjian_jiedai_ningan": ("（2019）黑1084民初1647号", "黑龙江省宁安市人民法院", "民事判决书",
                                   "2019-07-30", "秦辉", "田文静", ("原告", "孟凡涛"), "民间借贷纠纷", "一审"),
    "civ1_minjian_jiedai_ruian_2011": ("（2011）温瑞塘商初字第638号", "浙江省瑞安市人民法院", "民事判决书",
                                       "2011-10-10", "王萍萍", "陈学滨", ("原告", "陈纪坤"), "民间借贷纠纷", "一审"),
    "civrul_chesu_hongqiao": ("（2015）红民初字第5119号", "天津市红桥区人民法院", "民事裁定书", "2015-09-24",
                              "商轶", "魏欣", ("原告", "天津市顺通热力有限公司"), "供用热力合同纠纷", "一审"),
    "civrul_chesu_jiangdu": ("（2016）苏1012民初1360号", "江苏省扬州市江都区人民法院", "民事裁定书",
                             "2016-11-10", "沈月榕", "吴玲丽", ("原告", "朱燕"), "机动车交通事故责任纠纷", "一审"),
    "civrul_chesu_yucheng": ("（2017）豫1425民初4743号", "河南省虞城县人民法院", "民事裁定书", "2017-12-15",
                             "谢景忠", "徐亚楠", ("原告", "张明"), "民间借贷纠纷", "一审"),
    "crim1_daoqie_jiaozuo_shanyang": ("（2018）豫0811刑初70号", "河南省焦作市山阳区人民法院", "刑事判决书",
                                      "2018-01-25", "罗蒙楠", "王亚嫱", ("公诉机关", "焦作市山阳区人民检察院"),
                                      "盗窃罪", "一审"),
    "crim1_weixian_jiashi_danjiangkou": ("（2019）鄂0381刑初59号", "湖北省丹江口市人民法院", "刑事判决书",
                                         "2019-02-18", "张晓红", "杨逸尘", ("公诉机关", "丹江口市人民检察院"),
                                         "危险驾驶罪", "一审"),
    "crim2_baobi_pingdingshan": ("（2017）豫04刑终319号", "河南省平顶山市中级人民法院", "刑事判决书",
                                 "2017-10-27", "张顺强", "马巧哲", ("原公诉机关", "河南省汝州市人民检察院"),
                                 "包庇罪、帮助毁灭证据罪", "二审"),
    "crim2_kangsu_kaifeng": ("（2018）豫02刑终209号", "河南省开封市中级人民法院", "刑事判决书", "2018-10-08",
                             "曹亚东", "杜世豪", ("抗诉机关", "河南省开封市祥符区人民检察院"), "危险驾驶罪", "二审"),
    "exe_zhongben_xuanzhou": ("（2018）皖1802执1101号之一", "安徽省宣城市宣州区人民法院", "执行裁定书",
                              "2018-11-18", "冯龙宝", "胡枫情", ("申请执行人", "周冬子"), "民间借贷纠纷", "执行"),
    "exe_zhongjie_lishu": ("（2014）梨执字第285号", "吉林省梨树县人民法院", "执行裁定书", "2014-03-21",
                           "许卫东", "王雪", ("申请人", "刘淑梅"), "民间借贷纠纷", "执行"),
    "exe_zhongjie_wangcang": ("（2018）川0821执371号", "四川省旺苍县人民法院", "执行裁定书", "2018-11-02",
                              "何锡勇", "杨彦平", ("申请执行人", "何真纯"), "借款合同纠纷", "执行"),
}


def test_every_sample_judgment_has_expectations(judgments_dir):
    assert {p.stem for p in (judgments_dir / "docx").glob("*.docx")} == set(REAL)


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_judgment_metadata(judgments_dir, name):
    number, court, doc_type, signed, presiding, clerk, first, cause, procedure = REAL[name]
    parsed = parse_docx(judgments_dir / "docx" / f"{name}.docx")
    assert parsed.case_number.normalized == number
    assert parsed.court_name == court
    assert parsed.doc_type == doc_type
    assert parsed.judgment_date.isoformat() == signed
    assert parsed.presiding_judge == presiding
    assert parsed.clerk == clerk
    assert (parsed.parties[0].role, parsed.parties[0].name) == first
    assert parsed.cause == cause
    assert parsed.procedure == procedure


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_judgment_sections_are_ordered_and_complete(judgments_dir, name):
    parsed = parse_docx(judgments_dir / "docx" / f"{name}.docx")
    ranges = parsed.section_ranges
    for key in ("title", "head", "history", "basis", "ruling", "signature"):
        assert key in ranges, key
    if "判决书" in parsed.doc_type:
        assert "reasoning" in ranges and "facts" in ranges
        assert parsed.section_text("reasoning").startswith("本院认为")
    assert parsed.section_text("basis").rstrip().endswith(("如下：", "如下:"))
    starts = [ranges[k][0] for k in ("title", "head", "history", "basis", "ruling", "signature")]
    assert starts == sorted(starts)
    assert ranges["signature"][1] <= len(parsed.paragraphs)


@pytest.mark.parametrize("name", sorted(REAL))
def test_text_and_docx_give_the_same_result(judgments_dir, name):
    from_text = parse_text((judgments_dir / f"{name}.txt").read_text(encoding="utf-8"))
    from_docx = parse_docx(judgments_dir / "docx" / f"{name}.docx")
    assert from_text.to_dict() == from_docx.to_dict()


def test_appendix_after_signature_is_its_own_section(judgments_dir):
    parsed = parse_docx(judgments_dir / "docx" / "crim2_baobi_pingdingshan.docx")
    assert parsed.section_text("appendix").startswith("附本案适用的法律条文")
    assert [s.name for s in parsed.judges] == ["张顺强", "张丰奇", "何炜"]


def test_trial_procedure_and_party_roles(judgments_dir):
    parsed = parse_docx(judgments_dir / "docx" / "crim1_daoqie_jiaozuo_shanyang.docx")
    assert parsed.trial_procedure == "速裁程序"
    crim2 = parse_docx(judgments_dir / "docx" / "crim2_baobi_pingdingshan.docx")
    assert ("上诉人（原审被告人）", "陈文杰") in [(p.role, p.name) for p in crim2.parties]
    jiangdu = parse_docx(judgments_dir / "docx" / "civrul_chesu_jiangdu.docx")
    agents = [p.name for p in jiangdu.parties if p.role == "委托诉讼代理人"]
    assert agents == ["经成莲", "第马喜", "姜启英"]


SYNTHETIC = [
    "河南省焦作市中级人民法院",
    "民　事　判　决　书",
    "(2021) 豫08民终 123号",
    "上诉人（原审被告）：张三，男，1980年1月1日出生，住焦作市。",
    "委托诉讼代理人：李四，河南某律师事务所律师。",
    "被上诉人（原审原告）：焦作某某有限公司，住所地焦作市。",
    "法定代表人：王五，该公司经理。",
    "上诉人张三因与被上诉人焦作某某有限公司买卖合同纠纷一案，不服河南省焦作市解放区人民法院（2020）豫0802民初456号民事判决，"
    "向本院提起上诉。本院于2021年1月5日立案后，依法组成合议庭，开庭进行了审理。本案现已审理终结。",
    "张三上诉请求：撤销一审判决。",
    "本院查明，一审查明的事实属实。",
    "本院认为，一审判决认定事实清楚，适用法律正确。依照《中华人民共和国民事诉讼法》第一百七十七条第一款第一项规定，判决如下：",
    "驳回上诉，维持原判。",
    "二审案件受理费100元，由张三负担。",
    "本判决为终审判决。",
    "审判长张顺强",
    "审 判 员　李　丹",
    "代理审判员\u3000\u3000赵六",
    "人民陪审员钱七",
    "二〇二一年三月十五日",
    "法官助理孙八",
    "书　记　员　　周九",
]


def test_synthetic_docx_with_odd_spacing():
    parsed = parse_text("\n".join(SYNTHETIC))
    assert parsed.case_number.normalized == "（2021）豫08民终123号"
    assert parsed.doc_type == "民事判决书"
    assert parsed.procedure == "二审"
    assert parsed.cause == "买卖合同纠纷"
    assert parsed.judgment_date == date(2021, 3, 15)
    assert [(s.role, s.name) for s in parsed.signatories] == [
        ("审判长", "张顺强"), ("审判员", "李丹"), ("代理审判员", "赵六"), ("人民陪审员", "钱七"),
        ("法官助理", "孙八"), ("书记员", "周九")]
    assert parsed.presiding_judge == "张顺强"
    assert parsed.parties[0].role == "上诉人（原审被告）"
    assert parsed.parties[2].name == "焦作某某有限公司"


def test_synthetic_docx_reads_tables_in_document_order(tmp_path):
    paragraphs = SYNTHETIC[:14]
    table = [["审判长", "张顺强"], ["审判员", "李丹"], ["二〇二一年三月十五日", ""], ["书记员", "周九"]]
    path = tmp_path / "table.docx"
    path.write_bytes(docx_bytes(paragraphs, tables=[table]))
    parsed = parse_docx(path)
    assert parsed.paragraphs[:14] == paragraphs
    assert parsed.paragraphs[14:] == ["审判长　张顺强", "审判员　李丹", "二〇二一年三月十五日", "书记员　周九"]
    assert parsed.presiding_judge == "张顺强"
    assert parsed.judgment_date == date(2021, 3, 15)


def test_table_cells_holding_a_whole_signature_line(tmp_path):
    table = [["审判长　张顺强"], ["二〇二一年三月十五日"], ["书记员　周九"]]
    path = tmp_path / "sig.docx"
    path.write_bytes(docx_bytes(SYNTHETIC[:14], tables=[table]))
    parsed = parse_docx(path)
    assert parsed.presiding_judge == "张顺强"
    assert parsed.clerk == "周九"


@pytest.mark.parametrize("line, expected", [
    ("二〇二一年三月十五日", date(2021, 3, 15)),
    ("二○二一年十二月三十一日", date(2021, 12, 31)),
    ("二零二零年二月二十九日", date(2020, 2, 29)),
    ("二O一九年十月一日", date(2019, 10, 1)),
    ("二◯一九年十月一日", date(2019, 10, 1)),
    ("二ｏ一九年十月一日", date(2019, 10, 1)),
    ("2021年3月15日", date(2021, 3, 15)),
])
def test_signing_date_variants(line, expected):
    lines = SYNTHETIC[:18] + [line, "书记员周九"]
    assert parse_text("\n".join(lines)).judgment_date == expected


def test_old_style_case_number_in_document():
    lines = ["河南省焦作市中级人民法院", "民 事 判 决 书", "（2015）焦民一终字第00123号"] + SYNTHETIC[3:]
    parsed = parse_text("\n".join(lines))
    assert parsed.case_number.old_style
    assert parsed.case_number.court_code == "焦"
    assert parsed.procedure == "二审"


def test_criminal_ruling_without_facts():
    text = "\n".join([
        "河南省温县人民法院", "刑事裁定书", "（2021）豫0825刑更12号",
        "罪犯张三，男，1980年1月1日出生。",
        "执行机关河南省某监狱于2021年2月1日提出减刑建议书，报送本院审理。本院依法组成合议庭进行了审理，现已审理终结。",
        "本院认为，罪犯张三确有悔改表现。依照《中华人民共和国刑法》第七十八条之规定，裁定如下：",
        "对罪犯张三减去有期徒刑六个月。", "本裁定送达后即发生法律效力。",
        "审判长　甲乙", "审判员　丙丁", "审判员　戊己", "二〇二一年三月一日", "书记员　庚辛",
    ])
    parsed = parse_text(text)
    assert parsed.procedure == "减刑假释"
    assert "facts" not in parsed.section_ranges
    assert parsed.section_ranges["ruling"] == (6, 7)
    assert parsed.section_ranges["tail"] == (7, 8)


def test_empty_docx_is_refused(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(docx_bytes([]))
    with pytest.raises(DocumentError):
        parse_docx(path)


def test_parse_docx_refuses_a_renamed_pdf(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"%PDF-1.4 fake")
    with pytest.raises(DocumentError) as info:
        parse_docx(path)
    assert "PDF" in info.value.message


def test_paragraphs_and_tables_keep_document_order(tmp_path):
    import io

    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("河南省温县人民法院")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "民事判决书"
    cell = table.cell(0, 1)
    cell.text = "第一行"
    cell.add_paragraph("第二行")
    document.add_paragraph("（2021）豫0825民初1号")
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合并单元格"
    merged.cell(0, 2).text = "右侧"
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "order.docx"
    path.write_bytes(buffer.getvalue())
    parsed = parse_docx(path)
    assert parsed.paragraphs == ["河南省温县人民法院", "民事判决书", "第一行", "第二行",
                                 "（2021）豫0825民初1号", "合并单元格　右侧"]
    assert parsed.case_number.normalized == "（2021）豫0825民初1号"


def test_whitespace_is_tidied_but_paragraphs_kept(tmp_path):
    path = tmp_path / "spaces.docx"
    path.write_bytes(docx_bytes(["  河南省温县人民法院\t", "", "民事判决书", "原告：张三，\xa0\xa0男。", "\u3000\u3000"]))
    parsed = parse_docx(path)
    assert parsed.paragraphs == ["河南省温县人民法院", "民事判决书", "原告：张三， 男。"]


def test_signature_block_with_certification_line():
    lines = SYNTHETIC[:18] + ["二〇二一年三月十五日", "本件与原本核对无异", "书记员　周九"]
    parsed = parse_text("\n".join(lines))
    assert parsed.judgment_date == date(2021, 3, 15)
    assert parsed.presiding_judge == "张顺强"
    assert parsed.clerk == "周九"
    assert parsed.section_ranges["signature"] == (14, 21)


def test_court_and_doc_type_on_one_line():
    lines = ["河南省焦作市中级人民法院民事判决书"] + SYNTHETIC[2:]
    parsed = parse_text("\n".join(lines))
    assert (parsed.court_name, parsed.doc_type) == ("河南省焦作市中级人民法院", "民事判决书")
    assert parsed.case_number.normalized == "（2021）豫08民终123号"


@pytest.mark.parametrize("title", ["民事判决书", "刑事附带民事判决书", "行政赔偿判决书", "国家赔偿决定书",
                                   "结案通知书", "执行结案通知书", "支付令", "人身安全保护令", "民事调解书",
                                   "执行裁定书", "司法拘留决定书", "民事决定书", "司法救助决定书"])
def test_every_document_type_is_recognised(title):
    parsed = parse_text(f"河南省焦作市山阳区人民法院\n{' '.join(title)}\n（2021）豫0811民初1号\n")
    assert parsed.doc_type == title


@pytest.mark.parametrize("line, role, name", [
    ("审判员（代）　孙志刚", "审判员", "孙志刚"), ("书　记　员（兼）　周晓梅", "书记员", "周晓梅"),
    ("审　判　长　　孙志刚（代）", "审判长", "孙志刚"), ("人民陪审员(兼)王五", "人民陪审员", "王五"),
])
def test_role_notes_are_not_part_of_the_name(line, role, name):
    from reviewer.judgments.sections import signatory_of
    assert signatory_of(line) == (role, name)


@pytest.mark.parametrize("written, iso", [
    ("二〇二一年三月五日", "2021-03-05"), ("二0二一年三月五日", "2021-03-05"), ("二○二一年三月五日", "2021-03-05"),
    ("二O二一年三月五日", "2021-03-05"), ("二零二一年三月五日", "2021-03-05"), ("二０二一年十二月三十一日", "2021-12-31"),
    ("２０２１年３月５日", "2021-03-05"),
])
def test_dates_as_really_typed(written, iso):
    from reviewer.judgments.chinese_dates import any_date
    assert any_date(written).isoformat() == iso


def test_signature_followed_by_appendices_still_yields_signatories():
    text = "\n".join([
        "河南省焦作市山阳区人民法院", "民事判决书", "（2021）豫0811民初1234号", "原告：赵明远。", "被告：钱立新。",
        "原告赵明远与被告钱立新民间借贷纠纷一案，本院立案后依法审理终结。", "本院认为，借款应当归还。依照《中华人民共和国民法典》"
        "第六百七十五条之规定，判决如下：", "被告钱立新偿还借款。", "案件受理费50元，由被告负担。",
        "审判员　孙志刚", "二〇二一年三月五日", "法官助理　李文", "书记员　周晓梅",
        "附：本案适用法律条文", "《中华人民共和国民法典》", "第六百七十五条借款人应当按照约定的期限返还借款。",
        "注：本文书于2021年3月8日在中国裁判文书网公开。", "（本页无正文）",
    ])
    parsed = parse_text(text)
    assert (parsed.presiding_judge, parsed.clerk, str(parsed.judgment_date)) == ("孙志刚", "周晓梅", "2021-03-05")
    assert "appendix" in parsed.section_ranges


@pytest.mark.parametrize("line, name", [
    ("原告：张 三，男，汉族。", "张三"), ("被告：北京 某某 科技有限公司，住所地北京市。", "北京某某科技有限公司"),
    ("原告：张某1，男。", "张某1"), ("被告：阿卜杜·热合曼，男。", "阿卜杜·热合曼"),
])
def test_party_names_as_really_typed(line, name):
    from reviewer.judgments.extract import parse_party
    assert parse_party(line, 0)[0].name == name
