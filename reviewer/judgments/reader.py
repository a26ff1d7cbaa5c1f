"""Read the text Word shows from a .docx, in Word's reading order, each piece once.

`read_blocks(document)` takes a python-docx `Document` (python-docx opens the package: it stays the
reader of record) and walks its XML with lxml, because neither python-docx's `paragraph.text`
nor docx2python or mammoth reads every construct below (measurements: docs/docx-reading.md).
It returns one string per Word paragraph, soft line breaks as "\\n" and tabs as "\\t".

Order: the first section's first-page header (when the section has a distinct first page) or its
default header — courts put the letterhead there — then the body. Block by block:
- `w:p` paragraphs: the list label Word draws (`numbering.Numbering`, e.g. 一、 （一）) then the
  runs' text; the text boxes anchored in the paragraph follow it as paragraphs of their own;
- `w:tbl` tables, anywhere (body, cells, text boxes, content controls), row by row. A row whose
  cells hold one line each becomes one line, cells joined by a full-width space (审判长　张三);
  when two or more cells hold the same number of lines (roles stacked in one cell, names in the
  next) the lines are paired up; otherwise each cell's lines follow one another. A cell that
  continues a vertical merge (`w:vMerge` without restart) is empty in Word and skipped, unless
  nothing above it starts the merge (a malformed file): then its own text is read.
- wrappers read through: content controls (`w:sdt`/`w:sdtContent`, block, inline, row and cell
  level, nested), `w:customXml`, `w:smartTag`, `w:hyperlink`, `w:fldSimple` (its result runs),
  `w:ins` and `w:moveTo` (tracked insertions and moves, accepted), `w:dir`, `w:bdo`;
- text boxes: `w:drawing` → `wps:txbx`/`w:txbxContent` (also inside groups and canvases), and the
  older VML `w:pict` → `v:textbox`; `mc:AlternateContent` is read through its first `mc:Choice`
  only, so the VML copy in `mc:Fallback` is never read a second time;
- run content: `w:t`, `w:tab` ("\\t"), `w:br` and `w:cr` ("\\n", page and column breaks too),
  `w:noBreakHyphen` ("-"), `w:sym` (its character when it is an ordinary code point).

Ignored, as Word shows them not or not as text: deleted text (`w:del`, `w:delText`, `w:moveFrom`,
deleted table rows), field codes (`w:instrText` and everything between a complex field's `begin`
and `separate`; the result between `separate` and `end` is read, nested fields included, except
the results of page-number fields PAGE/NUMPAGES/SECTIONPAGES), hidden
text (`w:vanish` on a run), comments and their marks, footnotes, endnotes, footers, headers of
later sections, placeholder text of an empty content control (`w:showingPlcHdr`), images, charts,
and the contents of `mc:Fallback`. A paragraph whose mark was deleted with Track Changes is joined
to the next paragraph, as accepting the change would.
Pure module: no Flask imports.
"""
from __future__ import annotations

from reviewer.judgments.numbering import Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_VML = "{urn:schemas-microsoft-com:vml}"
_TXBX = W + "txbxContent"
_TRANSPARENT = {W + tag for tag in ("hyperlink", "smartTag", "customXml", "ins", "moveTo",
                                    "dir", "bdo")}
_SKIPPED = {W + tag for tag in ("del", "moveFrom", "commentReference", "footnoteReference",
                                "endnoteReference", "proofErr", "bookmarkStart", "bookmarkEnd",
                                "rPr", "pPr")}
_BLOCK_TRANSPARENT = {W + tag for tag in ("customXml", "ins", "moveTo")}


class _Walker:
    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        # one entry per open complex field: [past `separate`, field code so far]
        self.fields: list[list] = []
        self.pending = ""              # text of a paragraph whose mark was deleted

    # ---- blocks -------------------------------------------------------------------------
    def blocks(self, parent) -> list[str]:
        out: list[str] = []
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child, out)
            elif tag == W + "tbl":
                out.extend(self.table(child))
            elif tag == W + "sdt":
                content = _sdt_content(child)
                if content is not None:
                    out.extend(self.blocks(content))
            elif tag in _BLOCK_TRANSPARENT:
                out.extend(self.blocks(child))
            elif tag == _MC + "AlternateContent":
                choice = _choice(child)
                if choice is not None:
                    out.extend(self.blocks(choice))
        if self.pending and parent.tag in (W + "body", W + "hdr", _TXBX, W + "tc"):
            out.append(self.pending)
            self.pending = ""
        return out

    def paragraph(self, p, out: list[str]) -> None:
        ppr = p.find(W + "pPr")
        boxes: list[str] = []
        text = self.inline(p, boxes)
        mark = ppr.find(W + "rPr") if ppr is not None else None
        if mark is not None and (mark.find(W + "del") is not None or mark.find(W + "moveFrom") is not None):
            self.pending += text         # deleted paragraph mark: joins the next paragraph
        else:
            out.append(self.numbering.label(ppr) + self.pending + text)
            self.pending = ""
        out.extend(boxes)

    def table(self, tbl) -> list[str]:
        lines: list[str] = []
        merged_columns: set[int] = set()     # grid columns where a vertical merge is open
        for row in _wrapped(tbl, W + "tr"):
            trpr = row.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                continue
            cells, column = [], 0
            for tc in _wrapped(row, W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = _int_val(tcpr, "gridSpan", 1)
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                continues = vmerge is not None and vmerge.get(W + "val", "continue") == "continue"
                restarts = vmerge is not None and not continues
                if continues and column in merged_columns:
                    column += span
                    continue
                if restarts:
                    merged_columns.add(column)
                elif not continues:
                    merged_columns.discard(column)
                column += span
                cell_lines = [line for block in self.blocks(tc) for line in block.split("\n")
                              if line.strip(" \t\u3000\xa0")]
                if cell_lines:
                    cells.append(cell_lines)
            lines.extend(_row_lines(cells))
        return lines

    # ---- inline content -----------------------------------------------------------------
    def inline(self, parent, boxes: list[str]) -> str:
        parts: list[str] = []
        for child in parent:
            tag = child.tag
            if tag == W + "r":
                parts.append(self.run(child, boxes))
            elif tag == W + "fldSimple":
                if _shows_result(child.get(W + "instr", "")):
                    parts.append(self.inline(child, boxes))
            elif tag in _TRANSPARENT:
                parts.append(self.inline(child, boxes))
            elif tag == W + "sdt":
                content = _sdt_content(child)
                if content is not None:
                    parts.append(self.inline(content, boxes))
            elif tag == _MC + "AlternateContent":
                choice = _choice(child)
                if choice is not None:
                    parts.append(self.inline(choice, boxes))
        return "".join(parts)

    def run(self, r, boxes: list[str]) -> str:
        rpr = r.find(W + "rPr")
        hidden = rpr is not None and _on(rpr.find(W + "vanish"))
        parts: list[str] = []
        for child in r:
            tag = child.tag
            if tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    self.fields.append([False, ""])
                elif kind == "separate" and self.fields:
                    self.fields[-1][0] = _shows_result(self.fields[-1][1]) or None
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if tag == W + "instrText" and self.fields and self.fields[-1][0] is False:
                self.fields[-1][1] += child.text or ""
                continue
            if tag in (W + "drawing", W + "pict", _MC + "AlternateContent"):
                for box in _text_boxes(child):
                    boxes.extend(self.blocks(box))
                continue
            if hidden or not all(field[0] for field in self.fields):
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab" or tag == W + "ptab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "sym":
                parts.append(_symbol(child.get(W + "char", "")))
        return "".join(parts)


_PAGE_FIELDS = ("PAGE", "NUMPAGES", "SECTIONPAGES")


def _shows_result(instruction: str) -> bool:
    """False for page-number fields (their result is a page number, not document text)."""
    words = instruction.split()
    return not words or words[0].upper() not in _PAGE_FIELDS


def _on(el) -> bool:
    return el is not None and el.get(W + "val", "true") not in ("0", "false", "off")


def _int_val(parent, tag: str, default: int) -> int:
    el = parent.find(W + tag) if parent is not None else None
    try:
        return int(el.get(W + "val")) if el is not None else default
    except (TypeError, ValueError):
        return default


def _symbol(code: str) -> str:
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:   # symbol-font private-use range: no ordinary character
        return ""
    return chr(value)


def _sdt_content(sdt):
    pr = sdt.find(W + "sdtPr")
    if pr is not None and _on(pr.find(W + "showingPlcHdr")):
        return None
    return sdt.find(W + "sdtContent")


def _choice(alternate):
    choice = alternate.find(_MC + "Choice")
    return choice if choice is not None else alternate.find(_MC + "Fallback")


def _text_boxes(element):
    """The outermost `w:txbxContent` inside a drawing, a VML picture or an AlternateContent (first
    Choice only)."""
    found = []

    def visit(el):
        for child in el:
            if child.tag == _TXBX:
                found.append(child)
            elif child.tag == _MC + "AlternateContent":
                choice = _choice(child)
                if choice is not None:
                    visit(choice)
            elif child.tag != _MC + "Fallback":
                visit(child)

    if element.tag == _MC + "AlternateContent":
        choice = _choice(element)
        if choice is not None:
            visit(choice)
    else:
        visit(element)
    return found


def _wrapped(parent, tag: str):
    """Children `tag` of a table or row, looking through content controls and other wrappers
    (row- and cell-level `w:sdt`, `w:customXml`, `w:ins`)."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt" or child.tag in _BLOCK_TRANSPARENT:
            content = _sdt_content(child) if child.tag == W + "sdt" else child
            if content is not None:
                yield from _wrapped(content, tag)


def _row_lines(cells: list[list[str]]) -> list[str]:
    if not cells:
        return []
    if all(len(lines) == 1 for lines in cells):
        return ["\u3000".join(lines[0] for lines in cells)]
    if len(cells) >= 2 and len({len(lines) for lines in cells}) == 1:
        return ["\u3000".join(column) for column in zip(*cells)]
    return [line for lines in cells for line in lines]


def _part_root(part):
    return getattr(part, "element", None) if part is not None else None


def _letterhead(document):
    """The first section's first-page header (when it has one and is used), else its default header."""
    sections = document.sections
    if not len(sections):
        return None
    section = sections[0]
    try:
        headers = ([section.first_page_header] if section.different_first_page_header_footer else [])
        headers.append(section.header)
        for header in headers:
            if not header.is_linked_to_previous:
                return header._element
    except (KeyError, ValueError, AttributeError):
        return None
    return None


def numbering_for(document) -> Numbering:
    part = document.part
    try:
        numbering = part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering = None
    try:
        styles = part._styles_part.element
    except (KeyError, NotImplementedError, AttributeError):
        styles = None
    return Numbering(numbering, styles)


def read_blocks(document) -> list[str]:
    """One string per paragraph Word shows (see module docstring), header letterhead first."""
    walker = _Walker(numbering_for(document))
    blocks: list[str] = []
    header = _letterhead(document)
    if header is not None:
        blocks.extend(walker.blocks(header))
        walker.fields.clear()
    blocks.extend(walker.blocks(document.element.body))
    return blocks
