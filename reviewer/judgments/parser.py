"""Read a judgment (.docx or plain text) into a `ParsedJudgment`.

`parse_docx` validates the file first (`docx_safety.validate_docx`), opens it with python-docx and
reads the text Word shows with `reader.read_blocks` (tracked changes accepted, content controls,
fields' results, text boxes once, tables, list numbering …; see that module); soft line breaks
start a new paragraph, runs of spaces and tabs collapse to one space (full-width spaces are kept),
empty paragraphs are dropped. The resulting paragraph list is the one stored, rendered (anchors
#p-N) and checked.
`parse_text` takes one paragraph per line. Extraction rules live in `extract`, `sections` and
`case_number`. Pure module: no Flask imports.
"""
from __future__ import annotations

import re

from reviewer.judgments.case_number import find_case_number, procedure_for
from reviewer.judgments.chinese_dates import any_date
from reviewer.judgments.docx_safety import DEFAULT_MAX_BYTES, validate_docx
from reviewer.judgments.document import DocumentError, ParsedJudgment, Signatory
from reviewer.judgments.reader import read_blocks
from reviewer.judgments.extract import (find_cause, find_parties, find_title,
                                        find_trial_procedure, parse_party)
from reviewer.judgments.sections import find_sections, is_date_line, signatory_of

_SPACES = re.compile(r"[ \t\xa0\u2002\u2003\u2009\u200b]+")


def normalize_paragraph(text: str) -> list[str]:
    """One source paragraph → its non-empty lines, whitespace tidied."""
    lines = []
    for line in text.replace("\r", "\n").replace("\v", "\n").split("\n"):
        line = _SPACES.sub(" ", line).strip(" ")
        if line.strip("\u3000 "):
            lines.append(line)
    return lines


def parse_docx(path, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedJudgment:
    """Validate and parse a .docx file; DocumentError (Chinese message) when refused or unreadable."""
    import docx

    validate_docx(path, max_bytes=max_bytes)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on odd packages
        raise DocumentError("无法读取该 Word 文书（文件结构异常）；请在 Word 中打开后“另存为”"
                            "“Word 文档 (*.docx)”，再上传。") from exc
    try:
        blocks = read_blocks(document)
    except Exception as exc:  # an XML oddity the walker does not expect must not become a 500
        raise DocumentError("无法读取该 Word 文书的正文（文件结构异常）；请在 Word 中打开后“另存为”"
                            "“Word 文档 (*.docx)”，再上传。") from exc
    paragraphs = [line for block in blocks for line in normalize_paragraph(block)]
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
