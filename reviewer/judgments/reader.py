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
from reviewer.judgments.ooxml import (BLOCK_TRANSPARENT, MC, TRANSPARENT, TXBX, W, first_choice, int_val, is_on,
                                       row_lines, sdt_content, shows_result, symbol, text_boxes, wrapped)


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
                content = sdt_content(child)
                if content is not None:
                    out.extend(self.blocks(content))
            elif tag in BLOCK_TRANSPARENT:
                out.extend(self.blocks(child))
            elif tag == MC + "AlternateContent":
                choice = first_choice(child)
                if choice is not None:
                    out.extend(self.blocks(choice))
        if self.pending and parent.tag in (W + "body", W + "hdr", TXBX, W + "tc"):
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
        for row in wrapped(tbl, W + "tr"):
            trpr = row.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                continue
            cells, column = [], 0
            for tc in wrapped(row, W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = int_val(tcpr, "gridSpan", 1)
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
            lines.extend(row_lines(cells))
        return lines

    # ---- inline content -----------------------------------------------------------------
    def inline(self, parent, boxes: list[str]) -> str:
        parts: list[str] = []
        for child in parent:
            tag = child.tag
            if tag == W + "r":
                parts.append(self.run(child, boxes))
            elif tag == W + "fldSimple":
                if shows_result(child.get(W + "instr", "")):
                    parts.append(self.inline(child, boxes))
            elif tag in TRANSPARENT:
                parts.append(self.inline(child, boxes))
            elif tag == W + "sdt":
                content = sdt_content(child)
                if content is not None:
                    parts.append(self.inline(content, boxes))
            elif tag == MC + "AlternateContent":
                choice = first_choice(child)
                if choice is not None:
                    parts.append(self.inline(choice, boxes))
        return "".join(parts)

    def run(self, r, boxes: list[str]) -> str:
        rpr = r.find(W + "rPr")
        hidden = rpr is not None and is_on(rpr.find(W + "vanish"))
        parts: list[str] = []
        for child in r:
            tag = child.tag
            if tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    self.fields.append([False, ""])
                elif kind == "separate" and self.fields:
                    self.fields[-1][0] = shows_result(self.fields[-1][1]) or None
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if tag == W + "instrText" and self.fields and self.fields[-1][0] is False:
                self.fields[-1][1] += child.text or ""
                continue
            if tag in (W + "drawing", W + "pict", MC + "AlternateContent"):
                for box in text_boxes(child):
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
                parts.append(symbol(child.get(W + "char", "")))
        return "".join(parts)


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
