"""The monthly 审判执行质效通报 and the quarterly 审判运行态势分析, built into a bulletin `Notice`.

Same official layout as the other bulletins (reviewer/bulletins/layout.py). Every figure comes
from the board passed in, unchanged; the office's commentary is printed as typed, one paragraph
per blank-line-separated block. Pure: no Flask, no database.
"""
from __future__ import annotations

import io

from docx.shared import Cm

from reviewer.bulletins.builders import Header
from reviewer.bulletins.layout import Notice
from reviewer.indicators.formulas import INDICATORS
from reviewer.indicators.report_charts import trend_png

CHART_KEYS = ("acceptance", "closed_in_limit", "average_days", "exec_closure_rate")
TITLES = {"monthly": "审判执行质效情况通报", "quarterly": "审判运行态势分析"}


def _commentary(notice: Notice, text: str) -> None:
    blocks = [" ".join(b.split()) for b in (text or "").replace("\r\n", "\n").split("\n\n")]
    for block in blocks:
        if block:
            notice.para(block)


def _summary(row) -> tuple[int, int, list[str]]:
    with_target = [(i, row.cells[i.key]) for i in INDICATORS if row.cells[i.key].verdict.met is not None]
    unmet = [i.name for i, cell in with_target if cell.verdict.met is False]
    return len(with_target) - len(unmet), len(with_target), unmet


def build(kind: str, header: Header, board, commentary: str, previous=None) -> Notice:
    """`board`: figures.Board of every court and the city (last row); `previous`: the quarter before
    (quarterly only), to show what changed."""
    city = board.rows[-1]
    notice = Notice(f"关于{board.period.label}全市法院{TITLES[kind]}的通报", header.number)
    notice.para(f"根据“案件质量提升年”活动实施方案措施十五的要求，现将{board.period.label}全市法院"
                f"审判执行质效指标情况{'通报' if kind == 'monthly' else '分析'}如下：")
    met, total, unmet = _summary(city)
    notice.heading("一、总体情况")
    notice.para(f"全市法院有目标值的指标 {total} 项，达标 {met} 项"
                + (f"；未达标的有：{'、'.join(unmet)}。" if unmet else "，全部达标。"))
    rows = []
    for indicator in INDICATORS:
        cell = city.cells[indicator.key]
        row = [str(indicator.number), indicator.name, cell.figure.display,
               cell.target.display if cell.target else "—", cell.verdict.label]
        if previous is not None:
            before = previous.rows[-1].cells[indicator.key].figure
            row.append(_change(cell.figure, before))
        rows.append(row)
    header_row = ["序号", "指标", "数值", "目标", "达标情况"] + (["较上季度"] if previous is not None else [])
    widths = [1.2, 5.6, 2.6, 2.2, 2.0] if previous is None else [1.1, 4.8, 2.3, 2.0, 1.8, 1.6]
    notice.table(header_row, rows, widths_cm=widths)
    notice.heading("二、各院情况")
    court_rows = []
    for row in board.rows[:-1]:
        c_met, c_total, c_unmet = _summary(row)
        court_rows.append([row.label, f"{c_met}/{c_total}", "、".join(c_unmet) or "无"])
    notice.table(["法院", "达标项数", "未达标指标"], court_rows, widths_cm=[2.6, 2.2, 10.8])
    notice.heading("三、近十二个月走势")
    for key in CHART_KEYS:
        indicator = next(i for i in INDICATORS if i.key == key)
        cell = city.cells[key]
        png = trend_png(board.trend_months, city.trend[key], cell.target.value if cell.target else None)
        notice.doc.add_picture(io.BytesIO(png), width=Cm(15))
        notice.para(f"图：全市{indicator.name}（{board.trend_months[0]} 至 {board.trend_months[-1]}，虚线为目标）")
    notice.heading("四、审管办意见")
    _commentary(notice, commentary)
    notice.sign(header.issuer, header.on)
    return notice


def _change(now, before) -> str:
    if now.value is None or before.value is None:
        return "—"
    delta = now.value - before.value
    unit = "个百分点" if now.unit == "%" else ("天" if now.unit == "天" else "")
    return f"{delta:+.2f}{unit}"
