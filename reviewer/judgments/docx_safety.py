"""Decide whether an uploaded file is a safe, genuine .docx, by its content and never by its name.

Rules, checked in this order before any XML parser sees the file:
1. Size: empty files and files above `max_bytes` are refused.
2. Magic bytes: PDF, executables (MZ, ELF), legacy Word / encrypted OOXML (OLE compound file
   D0CF11E0) and anything that is not a ZIP archive (plain text …) are refused.
3. ZIP directory: unreadable or truncated archives, encrypted entries, more than `max_entries`
   entries, a total declared uncompressed size above `max_uncompressed`, or an entry whose
   compression ratio exceeds `max_ratio` (zip bombs) are refused.
4. Package: `[Content_Types].xml` and `word/document.xml` must exist and the main part must have the
   WordprocessingML document content type; macro-enabled packages (vbaProject.bin, macroEnabled
   content types) are refused. Packages that are genuine but cannot be read get a message saying
   what to do (另存为“Word 文档 (*.docx)”): Strict Open XML documents (relationships in the
   purl.oclc.org/ooxml namespace, ISO/IEC 29500 Strict), Word templates (.dotx) and OpenDocument
   text (.odt).
5. Content: every entry is decompressed in chunks (counting actual bytes against the declared size and
   the caps, and letting zipfile verify each CRC); XML parts may not contain <!DOCTYPE or <!ENTITY.
Nothing is held in memory beyond one chunk per entry. Pure module: no Flask imports.
"""
from __future__ import annotations

import os
import re
import zipfile
import zlib
from xml.etree import ElementTree

from reviewer.judgments.document import DocumentError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED = 100 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 1000
DEFAULT_MAX_RATIO = 200
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
_CHUNK = 64 * 1024

MAIN_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_FORBIDDEN_XML = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

_MAGIC = (
    (b"%PDF", "该文件是 PDF 文件，不是 Word（.docx）文书，请上传 .docx 格式的裁判文书。"),
    (b"MZ", "该文件是可执行程序，不是 Word（.docx）文书，已拒绝。"),
    (b"\x7fELF", "该文件是可执行程序，不是 Word（.docx）文书，已拒绝。"),
    (bytes.fromhex("D0CF11E0A1B11AE1"),
     "该文件是旧版 Word（.doc）文件或加密的文档，无法读取；请另存为未加密的 .docx 后再上传。"),
)


def _refuse(message: str):
    raise DocumentError(message)


def _check_header(path: str, max_bytes: int) -> None:
    try:
        size = os.path.getsize(path)
    except OSError:
        _refuse("无法读取该文件。")
    if size == 0:
        _refuse("文件为空，请重新上传。")
    if size > max_bytes:
        _refuse(f"文件过大（{size / 1048576:.1f} MB），上限为 {max_bytes / 1048576:.0f} MB。")
    with open(path, "rb") as handle:
        head = handle.read(8)
    for magic, message in _MAGIC:
        if head.startswith(magic):
            _refuse(message)
    if not head.startswith(b"PK\x03\x04"):
        _refuse("该文件不是 Word（.docx）文书（内容不是 .docx 格式），请上传 .docx 文件。")


def _check_directory(archive: zipfile.ZipFile, max_entries: int, max_uncompressed: int,
                     max_ratio: int) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > max_entries:
        _refuse(f"文件内部结构异常（包含 {len(infos)} 个部件，超过上限 {max_entries}），已拒绝。")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            _refuse("该文档已加密，无法读取；请解除密码保护后再上传。")
        total += info.file_size
        if total > max_uncompressed:
            _refuse("文件解压后体积过大（疑似压缩炸弹），已拒绝。")
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            _refuse("文件压缩比异常（疑似压缩炸弹），已拒绝。")
    return infos


SAVE_AS_DOCX = "请在 Word 中打开后“另存为”，保存类型选择“Word 文档 (*.docx)”，再上传。"
_STRICT = re.compile(rb"purl\.oclc\.org/ooxml/")


def _check_kind(archive: zipfile.ZipFile, names: set[str]) -> None:
    """Readable-looking packages of a kind we cannot read: say what to do."""
    if "mimetype" in names:
        kind = _read_capped(archive, archive.getinfo("mimetype"), 200)
        if kind.startswith(b"application/vnd.oasis.opendocument"):
            _refuse("该文件是 OpenDocument 格式（.odt 等，WPS 或 LibreOffice 保存），无法读取；"
                    "请在 WPS 或 Word 中另存为“Word 文档 (*.docx)”后上传。")
    for name in ("_rels/.rels", "word/_rels/document.xml.rels"):
        if name in names:
            info = archive.getinfo(name)
            if info.file_size <= MAX_CONTENT_TYPES_BYTES and _STRICT.search(
                    _read_capped(archive, info, MAX_CONTENT_TYPES_BYTES)):
                _refuse("该文件是“Strict Open XML 文档”格式，本系统无法读取；" + SAVE_AS_DOCX)


def _check_package(archive: zipfile.ZipFile, names: set[str]) -> None:
    _check_kind(archive, names)
    if any(name.lower().endswith(("vbaproject.bin", "vbadata.xml")) for name in names):
        _refuse("该文档包含宏（启用宏的文档），出于安全原因不予接收；请另存为普通 .docx 后再上传。")
    if "[Content_Types].xml" not in names:
        _refuse("文件已损坏或不是 Word 文书（缺少内容类型说明），请重新导出 .docx 后上传。")
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        _refuse("文件内部结构异常（内容类型说明过大），已拒绝。")
    data = _read_capped(archive, info, MAX_CONTENT_TYPES_BYTES)
    if _FORBIDDEN_XML.search(data):
        _refuse("文档内部 XML 含有 DTD 或实体声明，出于安全原因不予接收。")
    if b"macroenabled" in data.lower():
        _refuse("该文档包含宏（启用宏的文档），出于安全原因不予接收；请另存为普通 .docx 后再上传。")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        _refuse("文件已损坏（内容类型说明无法解析），请重新导出 .docx 后上传。")
    overrides = {
        el.get("PartName", "").lstrip("/"): el.get("ContentType", "")
        for el in root if el.tag.endswith("Override")
    }
    if "word/document.xml" not in names:
        _refuse("文件不是 Word 文书（缺少正文部件 word/document.xml）；" + SAVE_AS_DOCX)
    content_type = overrides.get("word/document.xml")
    if content_type and "wordprocessingml.template" in content_type:
        _refuse("该文件是 Word 模板（.dotx），不是文书本身；" + SAVE_AS_DOCX)
    if content_type != MAIN_CONTENT_TYPE:
        _refuse("文件不是普通 Word 文书（正文部件类型不正确，可能是其他格式）；" + SAVE_AS_DOCX)


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    parts, total = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > cap:
                _refuse("文件内部结构异常（部件过大），已拒绝。")
            parts.append(chunk)
    return b"".join(parts)


def _scan_entries(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], max_uncompressed: int) -> None:
    """Decompress every entry in chunks: CRC check, real-size caps, DTD/entity scan of XML parts."""
    total = 0
    for info in infos:
        is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
        seen = 0
        tail = b""
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                seen += len(chunk)
                total += len(chunk)
                if seen > info.file_size or total > max_uncompressed:
                    _refuse("文件解压后体积过大（疑似压缩炸弹），已拒绝。")
                if is_xml:
                    window = tail + chunk
                    if _FORBIDDEN_XML.search(window):
                        _refuse("文档内部 XML 含有 DTD 或实体声明，出于安全原因不予接收。")
                    tail = window[-16:]


def validate_docx(path, max_bytes: int = DEFAULT_MAX_BYTES, *,
                  max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
                  max_entries: int = DEFAULT_MAX_ENTRIES, max_ratio: int = DEFAULT_MAX_RATIO) -> None:
    """Raise DocumentError (Chinese message) unless `path` is a safe, ordinary .docx file."""
    path = os.fspath(path)
    _check_header(path, max_bytes)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = _check_directory(archive, max_entries, max_uncompressed, max_ratio)
            _check_package(archive, {info.filename for info in infos})
            _scan_entries(archive, infos, max_uncompressed)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError, zlib.error) as exc:
        raise DocumentError("文件已损坏或不完整（无法解压），请重新导出 .docx 后上传。") from exc
