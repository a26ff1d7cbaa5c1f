"""The agreement and severity tables as sheets of the statistics export (openpyxl write-only)."""
from __future__ import annotations

from reviewer.agreement import services
from reviewer.agreement.statistics import Estimate


def _cells(estimate: Estimate) -> list:
    if not estimate.sufficient:
        return [estimate.note, None, None, estimate.n]
    return [round(estimate.value, 3), None if estimate.low is None else round(estimate.low, 3),
            None if estimate.high is None else round(estimate.high, 3), estimate.n]


def write_agreement_sheets(workbook, kind: str, period: str, prefix: str = "", *, append_row) -> None:
    """Add `<prefix>评查一致性` (ICC, alpha per measure, spread) and `<prefix>评查员宽严度` sheets.

    `period` is a month (YYYY-MM) or a year (YYYY), as the export's other sheets. `append_row(sheet,
    values)` is the export's own row writer (`reviewer.exports.cells.append_row`: text that looks like a
    formula stays text), passed in so this feature does not import the exports package.
    """
    result = services.compute(kind, period)
    report = result.report
    sheet = workbook.create_sheet(f"{prefix}评查一致性")
    append_row(sheet, ["指标", "数值", "95%区间下限", "95%区间上限", "样本（对象数）", "解读"])
    append_row(sheet, ["ICC(2,1) 总分", *_cells(report.icc.single), report.icc_reading])
    append_row(sheet, [f"ICC(2,k) 总分（k={report.icc.k}）", *_cells(report.icc.average), ""])
    append_row(sheet, ["ICC(1,1) 总分", *_cells(report.icc.oneway), ""])
    append_row(sheet, ["Krippendorff α 等级（序数）", *_cells(report.grade_alpha), report.grade_reading])
    for row in report.items:
        append_row(sheet, [f"Krippendorff α {row.item.label}", *_cells(row.alpha), row.reading])
    append_row(sheet, [f"分差≥{report.spread_threshold:g}分的对象", report.over.over, None, None,
                       report.over.subjects, ""])
    severity = workbook.create_sheet(f"{prefix}评查员宽严度")
    append_row(severity, ["评查员", "已提交评查表", "共同评查对象", "宽严度（分）", "95%区间下限", "95%区间上限",
                     "一致程度（标准差）", "模型效应", "判断"])
    for row in report.severities:
        value = row.severity
        append_row(severity, [result.names.get(row.reviewer_id, str(row.reviewer_id)), row.sheets, value.n,
                         round(value.value, 2) if value.sufficient else value.note,
                         round(value.low, 2) if value.sufficient else None,
                         round(value.high, 2) if value.sufficient else None,
                         None if row.consistency is None else round(row.consistency, 2),
                         round(row.effect, 2) if value.sufficient else None, row.reading])
