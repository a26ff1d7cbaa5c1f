"""Only real, harmless .docx files get through validate_docx, whatever their name."""
import io
import zipfile

import pytest

from reviewer.judgments.docx_safety import validate_docx
from reviewer.judgments.document import DocumentError

from tests.docx_builders import DOCUMENT, docx_bytes, paragraph_xml, raw_package


def write(tmp_path, data: bytes, name="判决书.docx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path, **kwargs) -> str:
    with pytest.raises(DocumentError) as info:
        validate_docx(path, **kwargs)
    return info.value.message


def test_genuine_docx_is_accepted(tmp_path):
    validate_docx(write(tmp_path, docx_bytes(["河南省温县人民法院", "民事判决书"])))


def test_real_sample_judgments_are_accepted(judgments_dir):
    for path in sorted((judgments_dir / "docx").glob("*.docx")):
        validate_docx(path)


@pytest.mark.parametrize("data, words", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "可执行程序"),
    (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64, "可执行程序"),
    ("河南省温县人民法院\n民事判决书\n".encode(), "不是 Word"),
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504, ".doc"),
])
def test_files_renamed_to_docx_are_refused_by_content(tmp_path, data, words):
    assert words in refused(write(tmp_path, data))


def test_empty_file_is_refused(tmp_path):
    assert "空" in refused(write(tmp_path, b""))


def test_truncated_docx_is_refused(tmp_path):
    data = docx_bytes(["民事判决书"])
    assert "损坏" in refused(write(tmp_path, data[: len(data) // 2]))


def test_docx_with_corrupted_content_fails_crc(tmp_path):
    data = bytearray(raw_package({"word/document.xml": DOCUMENT.format(body=paragraph_xml("甲" * 400))}))
    # flip bytes inside the compressed stream of the last entry, keeping the zip directory intact
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 5, start + 15):
        data[offset] ^= 0xFF
    assert "损坏" in refused(write(tmp_path, bytes(data)))


def test_oversized_file_is_refused(tmp_path):
    path = write(tmp_path, docx_bytes(["民事判决书"]))
    assert "过大" in refused(path, max_bytes=1024)


def test_zip_bomb_by_declared_size_is_refused(tmp_path):
    bomb = raw_package({"word/media/zeros.bin": b"\x00" * (3 * 1024 * 1024)})
    assert "压缩炸弹" in refused(write(tmp_path, bomb), max_uncompressed=2 * 1024 * 1024)


def test_zip_bomb_by_compression_ratio_is_refused(tmp_path):
    bomb = raw_package({"word/media/zeros.bin": b"\x00" * (8 * 1024 * 1024)})
    assert "压缩炸弹" in refused(write(tmp_path, bomb))


def test_zip_with_too_many_entries_is_refused(tmp_path):
    parts = {f"word/media/p{i}.bin": b"x" for i in range(50)}
    assert "部件" in refused(write(tmp_path, raw_package(parts)), max_entries=20)


def test_zip_lying_about_sizes_is_refused(tmp_path):
    data = bytearray(raw_package({"word/media/a.bin": b"\x00" * 200_000}))
    # shrink the declared size in the central directory: the real stream is larger than declared
    entry = data.find(b"PK\x01\x02" + bytes(42) [:0])
    while data[entry + 46: entry + 46 + 16] != b"word/media/a.bin":
        entry = data.find(b"PK\x01\x02", entry + 4)
    data[entry + 24: entry + 28] = (1000).to_bytes(4, "little")
    assert "损坏" in refused(write(tmp_path, bytes(data)))


def test_macro_enabled_document_is_refused(tmp_path):
    package = raw_package({"word/vbaProject.bin": b"\x00macro"})
    assert "宏" in refused(write(tmp_path, package))


def test_macro_content_type_is_refused(tmp_path):
    package = raw_package({}, main="application/vnd.ms-word.document.macroEnabled.main+xml")
    assert "宏" in refused(write(tmp_path, package))


@pytest.mark.parametrize("xml", [
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><w:document/>',
    '<?xml version="1.0"?><!ENTITY xxe SYSTEM "file:///etc/passwd"><w:document/>',
    '<?xml version="1.0"?><!doctype w:document><w:document/>',
])
def test_xml_with_dtd_or_entities_is_refused(tmp_path, xml):
    assert "DTD" in refused(write(tmp_path, raw_package({"word/document.xml": xml})))


def test_dtd_in_any_xml_part_is_refused(tmp_path):
    styles = '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "a">]><w:styles/>'
    assert "DTD" in refused(write(tmp_path, raw_package({"word/styles.xml": styles})))


def test_package_without_document_xml_is_refused(tmp_path):
    assert "word/document.xml" in refused(write(tmp_path, raw_package({"word/document.xml": None})))


def test_spreadsheet_renamed_docx_is_refused(tmp_path):
    package = raw_package({}, main="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    assert "类型不正确" in refused(write(tmp_path, package))


def test_plain_zip_without_content_types_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "内容类型" in refused(write(tmp_path, buffer.getvalue()))


STRICT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def test_strict_open_xml_is_refused_with_what_to_do(tmp_path):
    strict_doc = DOCUMENT.replace("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                  "http://purl.oclc.org/ooxml/wordprocessingml/main").format(body=paragraph_xml("x"))
    message = refused(write(tmp_path, raw_package({"_rels/.rels": STRICT_RELS, "word/document.xml": strict_doc})))
    assert "Strict Open XML" in message and "另存为" in message and "Word 文档 (*.docx)" in message


def test_word_template_is_refused_with_what_to_do(tmp_path):
    package = raw_package({}, main="application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml")
    message = refused(write(tmp_path, package))
    assert "模板" in message and "另存为" in message


def test_opendocument_text_is_refused_with_what_to_do(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    message = refused(write(tmp_path, buffer.getvalue()))
    assert "OpenDocument" in message and "另存为" in message


def test_unreadable_body_xml_gets_a_message_not_a_crash(tmp_path):
    from reviewer.judgments.parser import parse_docx

    broken = DOCUMENT.format(body="<w:p><w:r><w:t>民事判决书</w:t></w:r></w:p><w:tbl><w:tr><w:tc>")
    with pytest.raises(DocumentError) as info:
        parse_docx(write(tmp_path, raw_package({"word/document.xml": broken})))
    assert "另存为" in info.value.message
