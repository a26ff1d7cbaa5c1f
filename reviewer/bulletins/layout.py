"""Court-notice layout for Word bulletins (python-docx; pure, no Flask).

Follows the usual shape of a Chinese official document (GB/T 9704, without the red header):
A4, margins 3.7/3.5/2.8/2.6 cm; the title in 小标宋 二号 (22 pt) centred; the document number
(文号, e.g. 焦中法审管〔2021〕3号) in 仿宋 三号 centred above it; body text in 仿宋_GB2312 三号
(16 pt) with a two-character first-line indent and fixed 28-pt line spacing; tables in 仿宋 小四
(12 pt) with single borders on every cell and fixed column widths that fill the 15.6 cm type
area (narrow 序号, wide reasons), so a table is read across, not down; the issuing body and the date (in Chinese numerals,
二〇二一年四月六日) right-aligned at the end.
"""
from __future__ import annotations

from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SIZE_2 = Pt(22)   # 二号
SIZE_3 = Pt(16)   # 三号
SIZE_4 = Pt(14)   # 四号
SIZE_S4 = Pt(12)  # 小四
TEXT_WIDTH_CM = 21 - 2.8 - 2.6
_DIGITS = "〇一二三四五六七八九"


def chinese_date(value: date) -> str:
    """二〇二一年四月六日: year digit by digit, month and day as Chinese numbers."""
    def number(n: int) -> str:
        if n < 10:
            return _DIGITS[n]
        tens, units = divmod(n, 10)
        return ("十" if tens == 1 else _DIGITS[tens] + "十") + (_DIGITS[units] if units else "")

    year = "".join(_DIGITS[int(d)] for d in str(value.year))
    return f"{year}年{number(value.month)}月{number(value.day)}日"


def document_number(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}〔{year}〕{serial}号"


def _font(run, name: str, size) -> None:
    run.font.name = name
    run.font.size = size
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _spacing(paragraph, indent: bool = False) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)


class Notice:
    """A bulletin being written: `title`, `number`, then paragraphs and tables, then `sign`."""

    def __init__(self, title: str, number: str | None):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        normal = self.doc.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = SIZE_3
        normal.element.get_or_add_rPr()
        if number:
            self._line(number, BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.CENTER)
            self._line("", BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.CENTER)
        self._line(title, TITLE_FONT, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER)
        self._line("", BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.CENTER)

    def _line(self, text: str, font: str, size, align, indent: bool = False):
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = align
        _spacing(paragraph, indent)
        if text:
            _font(paragraph.add_run(text), font, size)
        return paragraph

    def heading(self, text: str):
        return self._line(text, HEADING_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.LEFT, indent=True)

    def para(self, text: str):
        return self._line(text, BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)

    def table(self, header: list[str], rows: list[list[str]], widths_cm: list[float] | None = None):
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"            # single borders on every cell
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, header):
            self._cell(cell, text, bold=True)
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row):
                self._cell(cell, "" if text is None else str(text))
        if widths_cm:
            # Fixed layout, widths on the grid and on every cell: Word and LibreOffice each read one.
            table.autofit = False
            for column, width in zip(table.columns, widths_cm):
                column.width = Cm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths_cm):
                    cell.width = Cm(width)
        self._line("", BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.LEFT)
        return table

    @staticmethod
    def _cell(cell, text: str, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if bold else WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.add_run(text)
        run.bold = bold
        _font(run, BODY_FONT, SIZE_S4)

    def sign(self, issuer: str, on: date) -> None:
        self._line("", BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT)
        for text in (issuer, chinese_date(on)):
            paragraph = self._line(text, BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT)
            paragraph.paragraph_format.right_indent = Pt(64)

    def save(self, stream) -> None:
        self.doc.save(stream)
