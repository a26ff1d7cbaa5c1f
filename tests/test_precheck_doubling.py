"""text.repeated_char (issue #11, item 6): slips on word boundaries, in numbers and names; correct doublings."""
import subprocess
import sys

import pytest

from reviewer.judgments.parser import parse_text
from reviewer.prechecks.rules import doubling
from tests.precheck_samples import CLEAN


def repeated(lines):
    return [f for f in doubling.check_repeated(parse_text("\n".join(lines)), None)]


def with_sentence(sentence, index=9):
    lines = list(CLEAN)
    lines[index] = lines[index] + sentence + "。"
    return lines


def replaced(index, old, new):
    lines = list(CLEAN)
    assert old in lines[index]
    lines[index] = lines[index].replace(old, new, 1)
    return lines


SLIPS = [
    ("numbers: a unit after a number", replaced(11, "十日内", "十日日内"), "日日"),
    ("numbers: a digit in a number with units", replaced(14, "十五日内", "十五五日内"), "五五"),
    ("numbers: a counting unit", replaced(10, "第六百七十五条", "第六百七十十五条"), "十十"),
    ("numbers: a month after digits", replaced(9, "2020年6月1日", "2020年6月月1日"), "月月"),
    ("numbers: a lone digit before a measure word", with_sentence("被告另出具借条一一份"), "一一"),
    ("numbers: a clause of an article", with_sentence("依照第一款款之规定"), "款款"),
    ("numbers: a day after 一", with_sentence("羁押一日日折抵刑期一日"), "日日"),
    ("a preposition before 被告", replaced(13, "由被告王建国负担", "由被被告王建国负担"), "被被"),
    ("a list item opening with 被告", with_sentence("一、被被告王建国偿还借款"), "被被"),
    ("the judgment's own vocabulary", replaced(14, "判决书送达之日起十五日内", "判决书送达之日起十五日日内"), "日日"),
    ("the judgment's own vocabulary: a place", with_sentence("被告王建国住温温县"), "温温"),
    ("a legal term broken", replaced(10, "《中华人民共和国民法典》", "《中华华人民共和国民法典》"), "华华"),
    ("a legal term broken: 被执行人", with_sentence("被执行行人王建国"), "行行"),
    ("a legal term broken: 撤回起诉", with_sentence("原告撤回回起诉"), "回回"),
    ("reduplication glued to the word before", with_sentence("申请执行人人王建国"), "人人"),
    ("reduplication glued: 纠纷纷", replaced(6, "纠纷一案", "纠纷纷一案"), "纷纷"),
    ("a noun never reduplicated", with_sentence("本本判决为终审判决"), "本本"),
    ("a stray character left by the segmentation", with_sentence("原告的请求符合合法律规定"), "合合"),
    ("a stray character: 住所地地", with_sentence("住所地地温县"), "地地"),
    ("a name touched at its end", replaced(11, "原告张明华", "原告张明华华"), "华华"),
    ("a name touched at its start", replaced(11, "原告张明华", "原告张张明华"), "张张"),
    ("a name doubled inside", replaced(11, "原告张明华", "原告张明明华"), "明明"),
    ("the head's name is the slip", replaced(3, "原告：张明华", "原告：张明华华"), "华华"),
    ("a word holding the pair after a stray", replaced(10, "应当承担", "应当承承担"), "承承"),
]


@pytest.mark.parametrize("lines, pair", [(lines, pair) for _, lines, pair in SLIPS], ids=[s[0] for s in SLIPS])
def test_a_doubled_character_is_reported(lines, pair):
    assert any(f"“{pair}”" in f.message for f in repeated(lines))


CORRECT = [
    "依法公开开庭进行了审理", "双方公开开庭前后都认可", "原告已被被告催告", "符合合同约定", "经本院院长批准",
    "被害人下班途中，被被告人王某拦住", "对对方的诉讼请求不予认可", "被告人对对方当事人的意见无异议",
    "其行为为盗窃行为", "被告人明知他人实施犯罪", "证明明显不足", "被执行人的执行行为合法", "人人都应诚实守信",
    "常常提醒、往往如此", "天天上班", "代代相传、事事关心", "实实在在的损失", "清清楚楚地写明", "的的确确存在",
    "一一核对并一一列举", "一条条核对、一项项落实", "二〇二二年三月一日", "一九九九年出生", "千千万万的群众", "三三两两地离开",
    "公司司法鉴定", "人民民主专政", "在中国国籍问题上", "被告就就业问题提出异议", "依据上述事实实施处罚",
    "他们刚刚到达现场", "足足等了三个小时", "谢谢法院", "被告应于每月月底前支付", "该笔借款款项已经支付",
    "银行行长到场", "进行行政处罚", "工作作风问题", "约定由张某某、李某某",
]


@pytest.mark.parametrize("sentence", CORRECT)
def test_a_correct_doubling_is_not_reported(sentence):
    assert repeated(with_sentence(sentence)) == []


def test_a_doubled_name_of_a_party_is_not_reported():
    assert repeated([line.replace("张明华", "薛梅梅") for line in CLEAN]) == []


def test_a_name_followed_by_a_word_is_not_reported():
    lines = [line.replace("张明华", "王明") for line in CLEAN]
    lines[9] += "原告王明明知借款用途。"
    assert repeated(lines) == []


def test_a_run_of_three_is_reported_once():
    assert len(repeated(replaced(10, "本院认为", "本院院院认为"))) == 1


def test_loading_the_rules_does_not_load_jieba():
    code = ("import sys; import reviewer.prechecks.engine, reviewer.prechecks.rules; "
            "assert 'jieba' not in sys.modules, 'jieba imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_doubling_doubles_each_character_of_the_drawn_sentences_once():
    import random

    from reviewer.prechecks.slips import every_doubling

    parsed = parse_text("\n".join(CLEAN))
    mutants = list(every_doubling(parsed.paragraphs, parsed, random.Random(1), sentences=2))
    assert mutants and len({(i, k) for i, k, _ in mutants}) == len(mutants)
    for i, k, lines in mutants:
        assert lines[i] == CLEAN[i][:k + 1] + CLEAN[i][k] + CLEAN[i][k + 1:]
        assert all(lines[j] == CLEAN[j] for j in range(len(CLEAN)) if j != i)
