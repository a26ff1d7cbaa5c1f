"""Anonymised rendering of judgments (reviewer.exemplars.anonymize)."""
from pathlib import Path

import pytest

from reviewer.exemplars.anonymize import (
    REMOVED, anonymize_paragraphs, anonymize_text, is_natural_person, name_map, pseudonym,
)

SAMPLES = Path("/work/shared/data/judgments")


@pytest.mark.parametrize("name, alias", [
    ("陈清立", "陈某某"), ("李军", "李某"), ("欧阳娜娜", "欧阳某某"), ("司马光", "司马某"), ("王自成", "王某某"),
])
def test_pseudonym_keeps_the_surname(name, alias):
    assert pseudonym(name) == alias


@pytest.mark.parametrize("name, natural", [
    ("陈清立", True), ("李军", True), ("刘会", True),
    ("平安保险公司", False), ("焦作市山阳区人民检察院", False), ("张某", False), ("Smith", False), ("", False),
])
def test_natural_person_detection(name, natural):
    assert is_natural_person(name) is natural


@pytest.mark.parametrize("text, expected", [
    ("身份证号码410802198001011234，", f"身份证号码{REMOVED}，"),
    ("公民身份号码41080219800101123X。", f"公民身份号码{REMOVED}。"),
    ("联系电话13912345678。", f"联系电话{REMOVED}。"),
    ("电话0391-2345678。", f"电话{REMOVED}。"),
    ("账号6222 0213 1234 5678 901，", f"账号{REMOVED}，"),
    ("驾驶豫H12345号小型轿车", f"驾驶{REMOVED}号小型轿车"),
    ("驾驶的豫Ｆ×××××小轿车", f"驾驶的{REMOVED}小轿车"),
    ("住河南省焦作市解放区民主南路100号院3号楼。", "住河南省焦作市解放区。"),
    ("现住温县祥云镇北冷村12号。", "现住温县。"),
    ("住浚县。", "住浚县。"),
    ("于2017年10月1日住院治疗，花费3000元。", "于2017年10月1日住院治疗，花费3000元。"),
    ("，住院期间支出医疗费", "，住院期间支出医疗费"),
    ("（2021）豫08民终123号", "（2021）豫08民终123号"),
    ("判决如下：被告于2021年3月15日前支付50000元。", "判决如下：被告于2021年3月15日前支付50000元。"),
])
def test_personal_data_is_removed_and_case_data_kept(text, expected):
    assert anonymize_text(text, {}) == expected


def test_names_replaced_everywhere_and_lawyers_kept():
    paragraphs = [
        "原告：陈清立，男，1974年12月11日出生，汉族，住浚县。",
        "委托诉讼代理人：栗彩涛，河南达剑律师事务所律师。",
        "被告：陈清华，男，汉族，住浚县城关镇东街5号。",
        "委托诉讼代理人：王淇，该公司员工。",
        "被告：中国平安财产保险股份有限公司鹤壁中心支公司。",
        "原告陈清立与被告陈清华纠纷一案，陈清立的代理人栗彩涛到庭。",
    ]
    parties = [
        {"role": "原告", "name": "陈清立", "paragraph": 0},
        {"role": "委托诉讼代理人", "name": "栗彩涛", "paragraph": 1},
        {"role": "被告", "name": "陈清华", "paragraph": 2},
        {"role": "委托诉讼代理人", "name": "王淇", "paragraph": 3},
        {"role": "被告", "name": "中国平安财产保险股份有限公司鹤壁中心支公司", "paragraph": 4},
    ]
    out = anonymize_paragraphs(paragraphs, parties)
    assert out[0] == "原告：陈某某甲，男，1974年12月11日出生，汉族，住浚县。"
    assert out[1] == paragraphs[1]
    assert out[2] == "被告：陈某某乙，男，汉族，住浚县。"
    assert out[3] == "委托诉讼代理人：王某，该公司员工。"
    assert out[4] == paragraphs[4]
    assert out[5] == "原告陈某某甲与被告陈某某乙纠纷一案，陈某某甲的代理人栗彩涛到庭。"


def test_extra_names_such_as_victims_are_anonymised():
    mapping = name_map([], ["被害人薄金英报案"], extra_names=["薄金英"])
    assert mapping == {"薄金英": "薄某某"}


def test_real_judgment_leaks_no_party_name():
    paragraphs = (SAMPLES / "civ1_jiaotong_junxian.txt").read_text(encoding="utf-8").splitlines()
    parties = [{"role": "原告", "name": "陈清立"}, {"role": "被告", "name": "李红军"},
               {"role": "法定代表人", "name": "曹军"}]
    out = "\n".join(anonymize_paragraphs(paragraphs, parties))
    assert "陈清立" not in out and "李红军" not in out and "曹军" not in out
    assert "陈某某" in out and "李某某" in out
    assert "（2017）豫0621民初2700号" in out
    assert len(out.splitlines()) == len(paragraphs)


@pytest.mark.parametrize("text, hidden, shown", [
    ("将被害人薄金英存放在超市柜台内的现金盗走。", "薄金英", "薄某某"),
    ("证人张小明证实，被告人当晚在家。", "张小明", "张某某"),
    ("经被害人王强辨认，系被告人所为。", "王强", "王某"),
    ("被害人存放的现金被盗。证人证言证实上述事实。", None, "被害人存放的现金被盗。证人证言证实上述事实。"),
])
def test_victims_and_witnesses_are_anonymised_too(text, hidden, shown):
    from reviewer.exemplars.anonymize import anonymize_paragraphs

    out = anonymize_paragraphs([text], [])[0]
    if hidden:
        assert hidden not in out
    assert shown in out


def test_real_criminal_judgment_hides_the_victim(judgments_dir):
    from reviewer.exemplars.anonymize import anonymize_paragraphs
    from reviewer.judgments.parser import parse_text

    parsed = parse_text((judgments_dir / "crim1_daoqie_jiaozuo_shanyang.txt").read_text(encoding="utf-8"))
    parties = [{"role": p.role, "name": p.name} for p in parsed.parties]
    text = "\n".join(anonymize_paragraphs(parsed.paragraphs, parties))
    assert "薄金英" not in text and "薄某某" in text
    assert "王自成" not in text
