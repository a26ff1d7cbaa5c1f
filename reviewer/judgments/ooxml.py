"""Names and small readers of WordprocessingML for reader.py: namespaces, the wrappers read through
or skipped, on/off and integer properties, symbols, content controls, AlternateContent, text boxes,
table rows through wrappers, and how a table row's cells become lines. Pure module: no Flask.
"""
from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TXBX = W + "txbxContent"
TRANSPARENT = {W + tag for tag in ("hyperlink", "smartTag", "customXml", "ins", "moveTo",
                                   "dir", "bdo")}
BLOCK_TRANSPARENT = {W + tag for tag in ("customXml", "ins", "moveTo")}
PAGE_FIELDS = ("PAGE", "NUMPAGES", "SECTIONPAGES")


def shows_result(instruction: str) -> bool:
    """False for page-number fields (their result is a page number, not document text)."""
    words = instruction.split()
    return not words or words[0].upper() not in PAGE_FIELDS


def is_on(el) -> bool:
    return el is not None and el.get(W + "val", "true") not in ("0", "false", "off")


def int_val(parent, tag: str, default: int) -> int:
    el = parent.find(W + tag) if parent is not None else None
    try:
        return int(el.get(W + "val")) if el is not None else default
    except (TypeError, ValueError):
        return default


def symbol(code: str) -> str:
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:   # symbol-font private-use range: no ordinary character
        return ""
    return chr(value)


def sdt_content(sdt):
    pr = sdt.find(W + "sdtPr")
    if pr is not None and is_on(pr.find(W + "showingPlcHdr")):
        return None
    return sdt.find(W + "sdtContent")


def first_choice(alternate):
    choice = alternate.find(MC + "Choice")
    return choice if choice is not None else alternate.find(MC + "Fallback")


def text_boxes(element):
    """The outermost `w:txbxContent` inside a drawing, a VML picture or an AlternateContent (first
    Choice only)."""
    found = []

    def visit(el):
        for child in el:
            if child.tag == TXBX:
                found.append(child)
            elif child.tag == MC + "AlternateContent":
                choice = first_choice(child)
                if choice is not None:
                    visit(choice)
            elif child.tag != MC + "Fallback":
                visit(child)

    if element.tag == MC + "AlternateContent":
        choice = first_choice(element)
        if choice is not None:
            visit(choice)
    else:
        visit(element)
    return found


def wrapped(parent, tag: str):
    """Children `tag` of a table or row, looking through content controls and other wrappers
    (row- and cell-level `w:sdt`, `w:customXml`, `w:ins`)."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt" or child.tag in BLOCK_TRANSPARENT:
            content = sdt_content(child) if child.tag == W + "sdt" else child
            if content is not None:
                yield from wrapped(content, tag)


def row_lines(cells: list[list[str]]) -> list[str]:
    if not cells:
        return []
    if all(len(lines) == 1 for lines in cells):
        return ["\u3000".join(lines[0] for lines in cells)]
    if len(cells) >= 2 and len({len(lines) for lines in cells}) == 1:
        return ["\u3000".join(column) for column in zip(*cells)]
    return [line for lines in cells for line in lines]
