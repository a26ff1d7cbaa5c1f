"""Read a judgment (.docx or plain text) into a `ParsedJudgment`.

`parse_docx` validates the file first (`docx_safety.validate_docx`), then reads paragraphs and
table cells in document order with python-docx; soft line breaks start a new paragraph, runs of
spaces and tabs collapse to one space (full-width spaces are kept), empty paragraphs are dropped.
`parse_text` takes one paragraph per line. Extraction rules live in `extract`, `sections` and
`case_number`. Pure module: no Flask imports.
"""
from __future__ import annotations

import re

from reviewer.judgments.case_number import find_case_number, procedure_for
from reviewer.judgments.chinese_dates import any_date
from reviewer.judgments.docx_safety import DEFAULT_MAX_BYTES, validate_docx
from reviewer.judgments.document import DocumentError, ParsedJudgment, Signatory
from reviewer.judgments.extract import (find_cause, find_parties, find_title,
                                        find_trial_procedure, parse_party)
from reviewer.judgments.sections import find_sections, is_date_line, signatory_of

_SPACES = re.compile(r"[ \t\xa0\u2002\u2003\u2009\u200b]+")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def normalize_paragraph(text: str) -> list[str]:
    """One source paragraph → its non-empty lines, whitespace tidied."""
    lines = []
    for line in text.replace("\r", "\n").replace("\v", "\n").split("\n"):
        line = _SPACES.sub(" ", line).strip(" ")
        if line.strip("\u3000 "):
            lines.append(line)
    return lines


def _docx_blocks(document) -> list[str]:
    """Paragraph texts of the body, table cells included, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    texts: list[str] = []

    def cell_texts(cell) -> list[str]:
        lines = []
        for child in cell._tc.iterchildren():
            if child.tag == _W + "p":
                lines.append(Paragraph(child, cell).text)
            elif child.tag == _W + "tbl":
                walk_table(Table(child, cell))
        return lines

    def walk_table(table):
        # A row whose cells hold one line each is read as one line (审判长 | 张三 → 审判长　张三);
        # other rows give their cells' paragraphs one after another.
        for row in table.rows:
            seen, cells = set(), []
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append([t for t in cell_texts(cell) if t.strip()])
            if all(len(lines) <= 1 for lines in cells):
                texts.append("\u3000".join(lines[0] for lines in cells if lines))
            else:
                texts.extend(line for lines in cells for line in lines)

    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            texts.append(Paragraph(child, document).text)
        elif child.tag == _W + "tbl":
            walk_table(Table(child, document))
    return texts


def parse_docx(path, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedJudgment:
    """Validate and parse a .docx file; DocumentError (Chinese message) when refused or unreadable."""
    import docx

    validate_docx(path, max_bytes=max_bytes)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on odd packages
        raise DocumentError("无法读取该 Word 文书（文件结构异常），请重新导出 .docx 后上传。") from exc
    paragraphs = [line for block in _docx_blocks(document) for line in normalize_paragraph(block)]
    if not paragraphs:
        raise DocumentError("该 Word 文书没有正文内容。")
    return parse_paragraphs(paragraphs)


def parse_text(text: str) -> ParsedJudgment:
    """Parse plain text, one paragraph per line."""
    paragraphs = [line for raw in text.splitlines() for line in normalize_paragraph(raw)]
    return parse_paragraphs(paragraphs)


def parse_paragraphs(paragraphs: list[str]) -> ParsedJudgment:
    result = ParsedJudgment(paragraphs=list(paragraphs))
    court, doc_type, title_end = find_title(paragraphs)
    result.court_name, result.doc_type = court, doc_type
    for i, text in enumerate(paragraphs[:8]):
        found = find_case_number(text)
        if found and len(text.strip()) <= len(found[0].raw) + 12:
            result.case_number, result.case_number_paragraph = found[0], i
            title_end = max(title_end, i + 1)
            break
    if result.case_number:
        result.procedure = procedure_for(result.case_number.type_code)

    ranges = find_sections(paragraphs, title_end, is_party=lambda text: bool(parse_party(text, 0)))
    result.section_ranges = ranges
    head = ranges.get("head")
    if head:
        result.parties = find_parties(paragraphs, *head)
    history = result.section_text("history")
    result.trial_procedure = find_trial_procedure(history)
    result.cause = find_cause(history, result.parties)

    if "signature" in ranges:
        start, end = ranges["signature"]
        for i in range(start, end):
            signed = signatory_of(paragraphs[i])
            if signed:
                result.signatories.append(Signatory(role=signed[0], name=signed[1], paragraph=i))
            elif is_date_line(paragraphs[i]) and result.judgment_date_paragraph is None:
                result.judgment_date_text = paragraphs[i].strip()
                result.judgment_date_paragraph = i
                result.judgment_date = any_date(paragraphs[i])
    return result
