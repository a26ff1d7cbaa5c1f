"""The reader on generated Word variants: every construct × every field it can hold, and the
whole-document kinds (letterhead in a header, list numbering, signature tables …)."""
import pytest

from reviewer.judgments.numbering import format_number
from reviewer.judgments.parser import parse_docx
from tests.judgment_variants import WRONG, all_variants, observed

VARIANTS = {name: (data, expected) for name, data, expected in all_variants()}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_gives_the_right_values(tmp_path, name):
    data, expected = VARIANTS[name]
    path = tmp_path / "v.docx"
    path.write_bytes(data)
    parsed = parse_docx(path)
    assert observed(parsed, expected) == expected
    text = "\n".join(parsed.paragraphs)
    assert WRONG not in text                       # deleted, moved-away, hidden, field-code text
    assert "单击或点击此处输入文字" not in text       # an empty content control's placeholder
    for value in ("孙志刚", "周晓梅", "（2021）豫0811民初1234号"):
        assert sum(p.count(value) for p in parsed.paragraphs) <= 1, value   # read once


def test_variant_set_covers_every_construct_and_field():
    from tests.judgment_variants import CONSTRUCTS, FIELDS
    for construct in CONSTRUCTS:
        for field in FIELDS:
            assert f"{construct}×{field}" in VARIANTS


@pytest.mark.parametrize("n, fmt, text", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"),
    (20, "chineseCounting", "二十"), (105, "chineseCounting", "一百零五"), (3, "chineseLegalSimplified", "叁"),
    (2, "ideographTraditional", "乙"), (4, "lowerLetter", "d"), (28, "upperLetter", "BB"),
    (9, "upperRoman", "IX"), (14, "lowerRoman", "xiv"), (3, "decimalEnclosedCircle", "③"),
    (7, "decimalFullWidth", "７"), (7, "decimal", "7"),
])
def test_list_number_formats(n, fmt, text):
    assert format_number(n, fmt) == text
