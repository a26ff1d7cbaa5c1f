"""The four bulletins, each built from plain data into a `Notice` (pure, no Flask, no database).

Every number and name in a bulletin comes from the data passed in, unchanged, so the Word
document says exactly what the site shows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reviewer.bulletins.layout import Notice


def month_text(month: str) -> str:
    year, mon = month.split("-")
    return f"{year}年{int(mon)}月"


@dataclass
class Header:
    number: str | None        # 焦中法审管〔2021〕3号
    issuer: str               # 河南省焦作市中级人民法院审判管理办公室
    on: date


@dataclass
class ListedJudgment:
    court: str
    case_number: str
    judge: str
    score: str
    grade: str
    reason: str


def ranking_bulletin(header: Header, month: str, excellent: list[ListedJudgment],
                     flawed: list[ListedJudgment]) -> Notice:
    """月度优秀、瑕疵裁判文书张榜."""
    notice = Notice(f"关于{month_text(month)}优秀裁判文书和瑕疵裁判文书的通报", header.number)
    notice.para(f"根据“案件质量提升年”活动实施方案，经评查，现将{month_text(month)}全市法院优秀裁判文书"
                f"{len(excellent)}篇、瑕疵裁判文书{len(flawed)}篇张榜公布如下：")
    columns = ["序号", "法院", "案号", "承办法官", "得分", "等级", "入选理由"]
    for title, items in (("一、优秀裁判文书", excellent), ("二、瑕疵裁判文书", flawed)):
        notice.heading(f"{title}（{len(items)}篇）")
        notice.table(columns, [[str(i), j.court, j.case_number, j.judge, j.score, j.grade, j.reason]
                               for i, j in enumerate(items, start=1)],
                     widths_cm=[1.3, 2.2, 4.0, 1.8, 1.7, 1.4, 3.2])
    notice.para("请各院组织干警认真学习优秀裁判文书，对瑕疵裁判文书逐项分析原因、落实整改。")
    notice.sign(header.issuer, header.on)
    return notice


@dataclass
class DrawnRow:
    division: str
    head: str
    candidate_count: int
    list_hash: str
    result: str               # the drawn case number, or 本月无结案


@dataclass
class CourtDraw:
    court: str
    value_source: str
    public_value: str
    rows: list[DrawnRow] = field(default_factory=list)


def draw_bulletin(header: Header, month: str, courts: list[CourtDraw]) -> Notice:
    """各业务庭长裁判文书随机抽取结果公示."""
    notice = Notice(f"关于{month_text(month)}各业务庭长裁判文书随机抽取结果的公示", header.number)
    drawn = sum(1 for c in courts for r in c.rows if r.candidate_count)
    notice.para(f"按照每月从各业务庭长当月审结案件中随机抽取裁判文书一篇予以公示的要求，"
                f"{month_text(month)}共对{len(courts)}个法院的{drawn}名业务庭长进行了抽取。"
                "抽取前冻结每名庭长的结案名单并公布其SHA-256哈希值，以事先公告的公开随机值与名单哈希"
                "组成种子，按RFC 3797所述方法确定结果，任何人均可复算核验。结果如下：")
    for number, court in enumerate(courts, start=1):
        notice.heading(f"{_ordinal(number)}、{court.court}")
        notice.para(f"公开随机值来源：{court.value_source}；公开随机值：{court.public_value}。")
        notice.table(["序号", "业务庭", "庭长", "候选件数", "抽中案号", "名单哈希（SHA-256）"],
                     [[str(i), r.division, r.head, str(r.candidate_count), r.result, r.list_hash]
                      for i, r in enumerate(court.rows, start=1)],
                     widths_cm=[1.3, 2.2, 1.8, 1.6, 4.1, 4.6])
    notice.para("请被抽中案件所在法院于公示之日起五个工作日内上传该案裁判文书。")
    notice.sign(header.issuer, header.on)
    return notice


@dataclass
class TopHearing:
    court: str
    case_number: str
    cause: str
    judge: str
    score: str
    grade: str
    note: str


def top_ten_bulletin(header: Header, year: int, best: list[TopHearing],
                     flawed: list[TopHearing]) -> Notice:
    """年度十大精品庭审案例和十大问题或瑕疵庭审案例."""
    notice = Notice(f"关于{year}年度全市法院十大精品庭审和十大问题（瑕疵）庭审案例的通报",
                    header.number)
    notice.para(f"经庭审观摩评查，现将{year}年度全市法院十大精品庭审案例{len(best)}件、"
                f"十大问题或瑕疵庭审案例{len(flawed)}件通报如下：")
    columns = ["序号", "法院", "案号", "案由", "审判长/独任审判员", "得分", "等级", "备注"]
    for title, items in (("一、十大精品庭审案例", best), ("二、十大问题或瑕疵庭审案例", flawed)):
        notice.heading(f"{title}（{len(items)}件）")
        notice.table(columns, [[str(i), h.court, h.case_number, h.cause, h.judge, h.score, h.grade,
                                h.note]
                               for i, h in enumerate(items, start=1)],
                     widths_cm=[1.3, 2.0, 3.5, 2.1, 1.9, 1.7, 1.3, 1.8])
    notice.sign(header.issuer, header.on)
    return notice


def filing_bulletin(header: Header, snapshot: dict, comments: str, late: bool) -> Notice:
    """A basic court's 每月裁判文书评查报备 (from the filing's snapshot)."""
    month = snapshot["month"]
    notice = Notice(f"{snapshot['court_full_name']}{month_text(month)}裁判文书评查情况报备",
                    header.number)
    notice.para(f"河南省焦作市中级人民法院审判管理办公室：现将我院{month_text(month)}裁判文书评查情况"
                "报备如下：")
    grades = "、".join(f"{g['label']}{g['count']}篇" for g in snapshot["grades"])
    notice.heading("一、基本情况")
    notice.para(f"本月报送裁判文书{snapshot['submitted']}篇，已评查{snapshot['evaluated']}篇，"
                f"平均分{snapshot['mean_score'] or '—'}分；其中{grades}。")
    notice.table(["序号", "案号", "承办法官", "报送用途", "得分", "等级"],
                 [[str(i), j["case_number"], j["judge"], j["purpose"], j["score"] or "—",
                   j["grade"] or "未评定"] for i, j in enumerate(snapshot["judgments"], start=1)],
                 widths_cm=[1.3, 4.5, 2.4, 2.8, 2.0, 2.6])
    notice.heading("二、扣分项及理由")
    if snapshot["flawed_items"]:
        notice.table(["序号", "案号", "评查项目", "扣分", "扣分理由", "评查员"],
                     [[str(i), f["case_number"], f["item"], f["deduction"], f["reason"], f["reviewer"]]
                      for i, f in enumerate(snapshot["flawed_items"], start=1)],
                     widths_cm=[1.3, 3.6, 2.8, 1.6, 4.3, 2.0])
    else:
        notice.para("本月无扣分项。")
    notice.heading("三、评查意见")
    for remark in snapshot["remarks"] or [{"case_number": "", "text": "无。", "reviewer": ""}]:
        suffix = f"（{remark['reviewer']}）" if remark["reviewer"] else ""
        prefix = f"{remark['case_number']}：" if remark["case_number"] else ""
        notice.para(f"{prefix}{remark['text']}{suffix}")
    notice.heading("四、本院意见")
    notice.para(comments or "无。")
    if late:
        notice.para("（本报备逾期提交。）")
    notice.sign(header.issuer, header.on)
    return notice


def _ordinal(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, units = divmod(n, 10)
    return ("十" if tens == 1 else digits[tens] + "十") + (digits[units] if units else "")
