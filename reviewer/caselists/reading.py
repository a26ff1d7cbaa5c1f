"""Reading a case-management export (.xlsx or .csv) into raw rows, safely and as a stream.

Rules:
- The header is the first non-empty row, among the first `HEADER_SEARCH_ROWS`, that names every
  required column; rows above it (a merged title such as “解放区法院2021年4月结案清单”, or a merged
  group header over the real one) are skipped. Columns are recognised by their Chinese header
  (aliases in `HEADERS`, or the `Columns` a caller passes — the 发改 register's import uses its
  own); column order does not matter; unknown columns are ignored. Every required field must
  have a column.
- .csv is decoded as UTF-8 (with or without BOM); if that fails, as GB18030 (a superset of the
  GBK that court systems export). Delimiter: comma, or tab when the header has tabs.
- .xlsx is opened with openpyxl in read-only mode, first worksheet only, after checking the
  zip container: at most `MAX_MEMBERS` members, no member above `MAX_MEMBER_BYTES` unpacked,
  at most `MAX_UNPACKED_BYTES` unpacked in total, and no member compressed more than
  `MAX_RATIO` times (zip bombs).
- At most `MAX_ROWS` data rows. Entirely empty rows are skipped (also the formatted but empty rows
  that often trail a sheet).
No Flask imports: this module reads a path and yields plain dicts.
"""
from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

FIELDS = ("case_number", "cause", "division", "judge", "closed_on", "closing_method")
FIELD_LABELS = {
    "case_number": "案号", "cause": "案由", "division": "承办部门", "judge": "承办人",
    "closed_on": "结案日期", "closing_method": "结案方式",
}
HEADERS = {
    "case_number": ("案号", "案件编号"),
    "cause": ("案由", "立案案由", "结案案由"),
    "division": ("承办部门", "承办庭室", "业务庭", "审判庭", "部门", "庭室"),
    "judge": ("承办人", "承办法官", "承办审判员", "主审法官"),
    "closed_on": ("结案日期", "结案时间", "审结日期"),
    "closing_method": ("结案方式", "结案方式名称"),
}

MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10
MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200


@dataclass(frozen=True)
class Columns:
    """Which fields a file has: their Chinese labels, the header aliases, the optional ones."""

    fields: tuple[str, ...]
    labels: dict
    headers: dict
    optional: tuple[str, ...] = ()
    noun: str = "结案清单"
    max_rows: int | None = None      # None: this module's MAX_ROWS (the case register allows more)


CASE_LIST = Columns(FIELDS, FIELD_LABELS, HEADERS)


class ReadError(ValueError):
    """The file cannot be read as a case list; the message is the Chinese sentence users see."""


@dataclass
class RawRow:
    line: int                 # 1-based row number in the file (the header is line 1 usually)
    values: dict              # field -> str | date | datetime | number | None


def read_rows(path: str | Path, original_name: str, columns: Columns = CASE_LIST) -> Iterator[RawRow]:
    """Yield the data rows of the file at `path`; `original_name` decides the format."""
    suffix = Path(original_name).suffix.lower()
    if suffix == ".xlsx":
        check_xlsx_container(path)
        rows = _xlsx_rows(path)
    elif suffix == ".csv":
        rows = _csv_rows(path)
    else:
        raise ReadError(f"只支持 .xlsx 或 .csv 格式的{columns.noun}。")
    return _data_rows(rows, columns)


def check_xlsx_container(path: str | Path) -> None:
    """Refuse a file that is not a zip, or whose unpacked size or ratio looks like a zip bomb."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ReadError("文件不是有效的 .xlsx 工作簿。") from None
    if len(members) > MAX_MEMBERS:
        raise ReadError("工作簿结构异常（包含的部件过多），已拒绝。")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES or total > MAX_UNPACKED_BYTES:
            raise ReadError("工作簿解压后过大，已拒绝。")
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            raise ReadError("工作簿压缩比异常，疑似压缩炸弹，已拒绝。")
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise ReadError("文件不是有效的 .xlsx 工作簿。")


def _xlsx_rows(path) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    # A file object, not the path: stored files have no extension and openpyxl checks it.
    with open(path, "rb") as handle:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise ReadError("无法读取该 .xlsx 工作簿，请确认文件未损坏。") from None
        try:
            # the first sheet a person sees (a hidden first sheet is a template's leftover)
            sheet = next((ws for ws in workbook.worksheets if ws.sheet_state == "visible"), workbook.worksheets[0])
            # WPS and streaming writers declare the size as "A1": read up to the real last row/column
            sheet.reset_dimensions()
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(row)
        finally:
            workbook.close()


def _csv_rows(path) -> Iterator[tuple[int, list]]:
    encoding = _detect_encoding(path)
    with open(path, encoding=encoding, newline="") as fh:
        first = fh.readline()
        delimiter = "\t" if "\t" in first and "," not in first else ","
        fh.seek(0)
        for number, row in enumerate(csv.reader(fh, delimiter=delimiter), start=1):
            yield number, row


def _detect_encoding(path) -> str:
    """UTF-8 (BOM optional) if the whole file decodes as UTF-8, else GB18030; checked in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(64 * 1024), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    decoder = codecs.getincrementaldecoder("gb18030")()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(64 * 1024), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ReadError("无法识别文件编码（应为 UTF-8 或 GBK）。") from None
    return "gb18030"


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_name(value) -> str:
    """A header cell as compared with the aliases: without spaces, line breaks (a wrapped header
    “结案\n日期”) or the asterisks templates put on required columns (“案号*”)."""
    if value is None:
        return ""
    text = str(value)
    for mark in (" ", "\u3000", "\n", "\r", "\t", "*", "＊"):
        text = text.replace(mark, "")
    return text


def _header_map(header: list, columns: Columns) -> tuple[dict[str, int], list[str]]:
    """({field: column index}, labels of the required fields this row lacks)."""
    names = [header_name(h) for h in header]
    found: dict[str, int] = {}
    for field, aliases in columns.headers.items():
        for index, name in enumerate(names):
            if name in aliases:
                found[field] = index
                break
    missing = [columns.labels[f] for f in columns.fields if f not in found and f not in columns.optional]
    return found, missing


def _data_rows(rows: Iterator[tuple[int, list]], columns: Columns) -> Iterator[RawRow]:
    found = None
    closest: tuple[int, list[str]] | None = None   # the candidate header naming the most columns
    searched = 0
    count = 0
    for number, row in rows:
        if all(_blank(v) for v in row):
            continue
        if found is None:
            mapping, missing = _header_map(row, columns)
            if not missing:
                found = mapping
                continue
            if closest is None or len(mapping) > closest[0]:
                closest = (len(mapping), missing)
            searched += 1
            if searched >= HEADER_SEARCH_ROWS:
                break
            continue
        count += 1
        limit = columns.max_rows or MAX_ROWS
        if count > limit:
            raise ReadError(f"行数超过上限（{limit} 行），请按月拆分后导入。")
        values = {f: (row[i] if i < len(row) else None) for f, i in found.items()}
        yield RawRow(number, values)
    if found is None:
        if closest:
            raise ReadError("表头缺少以下列：" + "、".join(closest[1]) + "（表头应在前几行）。")
        raise ReadError("文件中没有内容。")


def as_text(value) -> str:
    """A cell as trimmed text ('' for empty); whole floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value).strip().replace("\u3000", " ").strip()


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    """Helper for tests and demo data: a CSV file's bytes in the given encoding."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)
