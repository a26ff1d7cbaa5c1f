"""Build small .docx files (good and hostile) in memory for the judgment tests."""
from __future__ import annotations

import io
import zipfile

import docx

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    "</Types>"
)
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body>{body}</w:body></w:document>"
)


def paragraph_xml(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_bytes(paragraphs=None, tables=None) -> bytes:
    """A real python-docx document; `tables` is a list of row lists appended after the paragraphs."""
    document = docx.Document()
    for text in paragraphs or []:
        document.add_paragraph(text)
    for rows in tables or []:
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def raw_package(parts: dict[str, bytes | str], *, main: str = MAIN,
                content_types: str | None = None) -> bytes:
    """A minimal hand-made OOXML package; `parts` override or add entries."""
    files = {
        "[Content_Types].xml": content_types or CONTENT_TYPES.format(main=main),
        "_rels/.rels": RELS,
        "word/document.xml": DOCUMENT.format(body=paragraph_xml("民事判决书")),
    }
    files.update(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            if data is None:
                continue
            archive.writestr(name, data)
    return buffer.getvalue()
