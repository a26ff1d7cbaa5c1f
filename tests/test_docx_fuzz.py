"""The .docx reader never fails with anything but its own Chinese refusal, however the XML is bent.

Hypothesis mutates the body XML (`word/document.xml`) of the field samples — table spans and
merges set to nonsense, elements deleted or doubled, the XML cut short, control characters and
odd attributes inserted — and re-packs the file. `parse_docx` (the public entry point) must
either return a parsed judgment or raise `DocumentError`; any other exception is a bug (in the
batch upload it would be a 500 or lose the other files' reports).
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.judgments.document import DocumentError, ParsedJudgment
from reviewer.judgments.parser import parse_docx

SAMPLES = ["c00_control.docx", "c01_tracked_changes.docx", "c02_sdt_block_case_number.docx",
           "c06_textbox_signature.docx", "c09_auto_numbered_ruling.docx", "table_vmerge_first_row.docx"]
JUNK_VALUES = ["0", "-1", "", "abc", "1.5", "99999", "9" * 30, "restart", "continue", "\u00a0", "&#0;"]
ELEMENT = re.compile(r"<w:(tc|tr|tbl|p|r|t|tcPr|gridCol|tblGrid|vMerge|gridSpan|sdt|sdtContent|ins|del)\b[^>]*?(/>|>.*?</w:\1>)",
                     re.S)


def _shared_field_dir() -> Path:
    from tests.conftest import SHARED
    return SHARED / "data" / "field"


def _read(name: str) -> tuple[dict[str, bytes], str]:
    with zipfile.ZipFile(_shared_field_dir() / name) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    return parts, parts["word/document.xml"].decode("utf-8")


def _pack(parts: dict[str, bytes], xml: str, path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, xml.encode("utf-8", "surrogatepass") if name == "word/document.xml" else data)
    path.write_bytes(buffer.getvalue())
    return path


def _set_attr(xml: str, tag: str, value: str) -> str:
    return re.sub(rf'(<w:{tag}\b[^>]*?w:val=")[^"]*(")', lambda m: m.group(1) + value + m.group(2), xml)


def _mutations():
    junk = st.sampled_from(JUNK_VALUES)
    return st.one_of(
        st.tuples(st.just("gridSpan"), junk),
        st.tuples(st.just("vMerge"), junk),
        st.tuples(st.just("gridCol"), junk),
        st.tuples(st.just("delete"), st.integers(min_value=0, max_value=400)),
        st.tuples(st.just("double"), st.integers(min_value=0, max_value=400)),
        st.tuples(st.just("cut"), st.floats(min_value=0.0, max_value=1.0)),
        st.tuples(st.just("text"), st.text(alphabet=st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)),
                                           min_size=1, max_size=20)),
        st.tuples(st.just("vmerge_first"), st.just("")),
    )


def _apply(xml: str, mutation) -> str:
    kind, arg = mutation
    if kind in ("gridSpan", "vMerge"):
        if f"<w:{kind}" not in xml:  # add one to the first cell so the mutation bites
            xml = xml.replace("<w:tcPr>", f'<w:tcPr><w:{kind} w:val="{arg}"/>', 1)
        return _set_attr(xml, kind, arg)
    if kind == "gridCol":
        return re.sub(r'(<w:gridCol\b[^>]*?w:w=")[^"]*(")', lambda m: m.group(1) + arg + m.group(2), xml)
    if kind == "vmerge_first":
        return xml.replace("<w:tcPr>", '<w:tcPr><w:vMerge/>', 1)
    matches = list(ELEMENT.finditer(xml))
    if kind in ("delete", "double") and matches:
        m = matches[arg % len(matches)]
        piece = "" if kind == "delete" else m.group(0) * 2
        return xml[:m.start()] + piece + xml[m.end():]
    if kind == "cut":
        return xml[: int(len(xml) * arg)]
    if kind == "text":
        escaped = arg.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return xml.replace("</w:t>", escaped + "</w:t>", 1)
    return xml


def _parse_or_refuse(path: Path):
    try:
        result = parse_docx(path)
    except DocumentError as error:
        assert error.message and any("\u4e00" <= ch <= "\u9fff" for ch in error.message)
        return None
    assert isinstance(result, ParsedJudgment)
    return result


@pytest.mark.parametrize("sample", SAMPLES)
def test_field_samples_are_read_or_refused_in_chinese(sample, tmp_path):
    parts, xml = _read(sample)
    _parse_or_refuse(_pack(parts, xml, tmp_path / sample))


@pytest.mark.parametrize("sample", SAMPLES)
def test_mutated_docx_is_read_or_refused_never_crashes(sample, tmp_path):
    parts, xml = _read(sample)
    target = tmp_path / "mutated.docx"

    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.lists(_mutations(), min_size=1, max_size=4))
    def check(mutations):
        mutated = xml
        for mutation in mutations:
            mutated = _apply(mutated, mutation)
        _parse_or_refuse(_pack(parts, mutated, target))

    check()
