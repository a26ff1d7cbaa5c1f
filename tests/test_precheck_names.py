"""party.name_inconsistent (issue #11, item 6): names with a middle dot, organisations, short names."""
import pytest

from reviewer.judgments.parser import parse_text
from reviewer.prechecks.rules import parties
from tests.precheck_samples import CLEAN

DOTTED = [line.replace("张明华", "阿卜杜·热合曼") for line in CLEAN]
COMPANY = "温县顺通热力有限公司"


def with_company(lines=CLEAN):
    """王建国 becomes a company with a short name that the body uses."""
    lines = [line.replace("被告：王建国，男，1975年5月5日出生，汉族，住温县。",
                          f"被告：{COMPANY}，住所地温县。")
             .replace("被告王建国", "被告顺通公司") for line in lines]
    lines[6] = lines[6].replace("与被告顺通公司", f"与被告{COMPANY}（以下简称顺通公司）")
    return lines


def names_found(lines):
    return [f.message for f in parties.check_names(parse_text("\n".join(lines)), None)]


def edit(lines, index, old, new):
    changed = list(lines)
    assert old in changed[index], (old, changed[index])
    changed[index] = changed[index].replace(old, new, 1)
    return changed


def test_the_clean_variants_have_no_findings():
    assert names_found(DOTTED) == []
    assert names_found(with_company()) == []


@pytest.mark.parametrize("lines, stray", [
    (edit(DOTTED, 11, "阿卜杜·热合曼", "阿卜杜.热合曼"), "阿卜杜.热合曼"),        # dot typed as ASCII
    (edit(DOTTED, 11, "阿卜杜·热合曼", "阿卜杜。热合曼"), "阿卜杜。热合曼"),
    (edit(DOTTED, 11, "阿卜杜·热合曼", "阿卜杜热合曼"), "阿卜杜热合曼"),          # dot left out
    (edit(DOTTED, 11, "阿卜杜·热合曼", "阿卜杜·热和曼"), "阿卜杜·热和曼"),        # sound-alike
    (edit(DOTTED, 11, "阿卜杜·热合曼", "阿卜·热合曼"), "阿卜·热合曼"),            # dropped
    (edit(with_company(), 9, "被告顺通公司", "被告顺达公司"), "顺达公司"),          # the short name
    (edit(with_company(), 13, "被告顺通公司", "被告顺通公"), "顺通公"),            # (quoted with the next character)
    (edit(with_company(), 13, "由被告顺通公司负担", f"由{COMPANY.replace('热力', '热办')}负担"),
     COMPANY.replace("热力", "热办")),                                             # the full name
])
def test_a_stray_spelling_is_reported(lines, stray):
    assert any(f"“{stray}" in message for message in names_found(lines))


def test_a_long_name_is_also_checked_in_the_heads_other_lines():
    stray = COMPANY.replace("热力", "热办")
    lines = edit(with_company(), 4, "河南某律师事务所律师。", f"河南某律师事务所律师，{stray}职工。")
    assert any(f"“{stray}”" in message for message in names_found(lines))


def test_the_message_names_what_was_meant():
    [message] = names_found(edit(with_company(), 9, "被告顺通公司", "被告顺达公司"))
    assert "文书所称“顺通公司”" in message


@pytest.mark.parametrize("lines", [
    edit(DOTTED, 9, "2020年6月1日", "2020年6月1日，阿卜杜·艾力在场，阿卜杜·艾力"),   # another person, twice
    edit(with_company(), 9, "2020年6月1日", "2020年6月1日，顺通集团"),                # another organisation
    edit(CLEAN, 9, "2020年6月1日", "2020年6月1日，原告张明华华"),                    # a doubling: the other rule's
])
def test_no_stray_is_reported(lines):
    assert names_found(lines) == []


def test_a_head_spelled_with_a_doubled_character_is_not_the_reference():
    lines = edit(CLEAN, 3, "原告：张明华", "原告：张明华华")
    assert names_found(lines) == []


def test_a_dropped_first_character_inside_the_name_itself_is_not_reported():
    lines = edit(with_company(), 13, "由被告顺通公司负担", f"由{COMPANY}负担，{COMPANY}")
    assert names_found(lines) == []
