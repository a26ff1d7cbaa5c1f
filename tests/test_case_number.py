"""Case numbers (案号): parsing, normalisation and the procedure of each type code."""
import pytest

from reviewer.judgments.case_number import (find_all_case_numbers, find_case_number,
                                            parse_case_number, procedure_for)


@pytest.mark.parametrize("text, normalized, year, court, type_code, seq, spec, suffix, old", [
    ("（2021）豫08民终123号", "（2021）豫08民终123号", 2021, "豫08", "民终", 123, None, None, False),
    ("(2016)豫1002民初3287号", "（2016）豫1002民初3287号", 2016, "豫1002", "民初", 3287, None, None, False),
    ("〔2020〕豫0802执恢5号", "（2020）豫0802执恢5号", 2020, "豫0802", "执恢", 5, None, None, False),
    ("[2019]豫0883刑更7号", "（2019）豫0883刑更7号", 2019, "豫0883", "刑更", 7, None, None, False),
    ("（ 2021 ）豫 08 民 终 123 号", "（2021）豫08民终123号", 2021, "豫08", "民终", 123, None, None, False),
    ("（2019）最高法知民终1号", "（2019）最高法知民终1号", 2019, "最高法", "民终", 1, "知", None, False),
    ("（2021）豫08知民初12号", "（2021）豫08知民初12号", 2021, "豫08", "民初", 12, "知", None, False),
    ("(2018)皖1802执1101号之一", "（2018）皖1802执1101号之一", 2018, "皖1802", "执", 1101, None, "一", False),
    ("（2021）豫0821民辖终3号", "（2021）豫0821民辖终3号", 2021, "豫0821", "民辖终", 3, None, None, False),
    ("（2015）焦民一终字第00123号", "（2015）焦民一终字第00123号", 2015, "焦", "民一终", 123, None, None, True),
    ("（2014）梨执字第285号", "（2014）梨执字第285号", 2014, "梨", "执", 285, None, None, True),
    ("（2011）温瑞塘商初字第638号", "（2011）温瑞塘商初字第638号", 2011, "温瑞塘", "商初", 638, None, None, True),
    ("(2015)红民初字第5119号", "（2015）红民初字第5119号", 2015, "红", "民初", 5119, None, None, True),
])
def test_case_number_is_parsed_and_normalised(text, normalized, year, court, type_code, seq, spec,
                                              suffix, old):
    number = parse_case_number(text)
    assert number is not None
    assert (number.normalized, number.year, number.court_code, number.type_code, number.sequence,
            number.specialized, number.suffix, number.old_style) == (
        normalized, year, court, type_code, seq, spec, suffix, old)
    assert number.raw == text.strip()


@pytest.mark.parametrize("text", ["", "豫08民终123号", "（2021）豫08民终123", "（21）豫08民终123号",
                                  "民事判决书", "（2021）豫08民终号"])
def test_non_case_numbers_are_rejected(text):
    assert parse_case_number(text) is None


def test_case_number_found_inside_text():
    found = find_case_number("终结四川省旺苍县人民法院（2018）川0821执371号案件的执行。")
    assert found is not None
    assert found[0].normalized == "（2018）川0821执371号"


def test_all_case_numbers_in_order():
    text = "本院（2013）梨民一初字第505号调解书及（2017）豫0482刑初531号判决"
    assert [n.normalized for n in find_all_case_numbers(text)] == [
        "（2013）梨民一初字第505号", "（2017）豫0482刑初531号"]


@pytest.mark.parametrize("type_code, procedure", [
    ("民初", "一审"), ("刑初", "一审"), ("行初", "一审"), ("民终", "二审"), ("刑终", "二审"),
    ("民申", "再审审查"), ("刑申", "再审审查"), ("民再", "再审"), ("行再", "再审"),
    ("执", "执行"), ("执恢", "执行"), ("执异", "执行"), ("执复", "执行"), ("执保", "执行"),
    ("民特", "特别程序"), ("民督", "督促程序"), ("刑更", "减刑假释"), ("民辖终", "管辖权异议二审"),
    ("法赔", "国家赔偿"), ("司救", "司法救助"), ("财保", "诉前保全"),
    ("民一终", "二审"), ("商初", "一审"), ("民一初", "一审"), ("知民初", "一审"),
    ("", None), (None, None), ("乱码", None),
])
def test_type_code_maps_to_procedure(type_code, procedure):
    assert procedure_for(type_code) == procedure


@pytest.mark.parametrize("text, normalized, court, type_code, seq, suffix, old", [
    ("（２０２１）豫０８１１民初１２３４号", "（2021）豫0811民初1234号", "豫0811", "民初", 1234, None, False),
    ("（2021）豫０８民终１２３号", "（2021）豫08民终123号", "豫08", "民终", 123, None, False),
    ("（2013）黄浦民一（民）初字第1234号", "（2013）黄浦民一（民）初字第1234号", "黄浦", "民一（民）初", 1234, None, True),
    ("(2013)黄浦民一(民)初字第1234号", "（2013）黄浦民一（民）初字第1234号", "黄浦", "民一（民）初", 1234, None, True),
    ("（2016）皖1503执660-2号", "（2016）皖1503执660-2号", "皖1503", "执", 660, "-2", False),
    ("（2016）皖1503执660－2号", "（2016）皖1503执660-2号", "皖1503", "执", 660, "-2", False),
    ("（2018）皖1802执1101号之二", "（2018）皖1802执1101号之二", "皖1802", "执", 1101, "二", False),
    ("（2018）皖1802执1101之一号", "（2018）皖1802执1101之一号", "皖1802", "执", 1101, "一", False),
    ("（2014）梨执字第285号之一", "（2014）梨执字第285号之一", "梨", "执", 285, "一", True),
])
def test_case_numbers_as_really_typed(text, normalized, court, type_code, seq, suffix, old):
    number = parse_case_number(text)
    assert number is not None
    assert (number.normalized, number.court_code, number.type_code, number.sequence, number.suffix,
            number.old_style) == (normalized, court, type_code, seq, suffix, old)


# Type codes of the national standard (人民法院案件类型及其代字标准) → procedure.
@pytest.mark.parametrize("type_code, procedure", [
    ("执恢", "执行"), ("执异", "执行"), ("执保", "执行"), ("执监", "执行"), ("执协", "执行"),
    ("刑更", "减刑假释"), ("刑核", "死刑复核"), ("刑医", "强制医疗"), ("民申", "再审审查"), ("行申", "再审审查"),
    ("民抗", "再审审查"), ("民监", "再审审查"), ("行赔初", "一审"), ("行赔终", "二审"), ("委赔", "国家赔偿"),
    ("司救", "司法救助"), ("司救民", "司法救助"), ("司救刑", "司法救助"), ("司惩", "司法制裁"),
    ("破申", "破产"), ("强清", "强制清算"), ("民撤", "一审"), ("行审", "非诉行政执行审查"),
    ("民一（民）初", "一审"), ("行辖终", "管辖权异议二审"),
])
def test_national_type_codes_map_to_procedures(type_code, procedure):
    assert procedure_for(type_code) == procedure


@pytest.mark.parametrize("code", ["执恢", "执异", "执保", "刑更", "民申", "行赔初", "司救民", "民特", "财保", "委赔"])
def test_every_type_code_parses_in_a_number(code):
    number = parse_case_number(f"（2021）豫0811{code}12号")
    assert number is not None and number.type_code == code
