"""Format-check rules (文书预检): each code fires on its defect and stays quiet on clean text."""
from collections import Counter
from datetime import date

import pytest

from reviewer.judgments.parser import parse_text
from reviewer.prechecks.courts import DEFAULT_COURT_CODES
from reviewer.prechecks.engine import run_checks
from reviewer.prechecks.findings import CODES, ERROR, WARNING
from reviewer.prechecks.mutants import MUTATORS

CLEAN = [
    "河南省温县人民法院",
    "民事判决书",
    "（2021）豫0825民初123号",
    "原告：张明华，男，1980年1月1日出生，汉族，住温县。",
    "委托诉讼代理人：李四，河南某律师事务所律师。",
    "被告：王建国，男，1975年5月5日出生，汉族，住温县。",
    "原告张明华与被告王建国民间借贷纠纷一案，本院于2021年3月1日立案后，依法适用简易程序，"
    "于2021年4月2日公开开庭进行了审理。原告张明华及其委托诉讼代理人李四到庭参加诉讼，被告王建国经传票传唤"
    "无正当理由拒不到庭。本案现已审理终结。",
    "原告张明华向本院提出诉讼请求：判令被告王建国偿还借款50000元。事实和理由：被告王建国向原告借款，至今未还。",
    "被告王建国未作答辩。",
    "本院经审理认定事实如下：2020年6月1日，被告王建国向原告张明华借款50000元，约定2020年12月1日前归还。",
    "本院认为，合法的借贷关系受法律保护。被告王建国借款后未按约定还款，应当承担还款责任。人人都应诚实守信，"
    "常常提醒、往往如此、谢谢配合之类的叠字是正常表达。依照《中华人民共和国民法典》第六百七十五条、"
    "第六百七十六条，《中华人民共和国民事诉讼法》第一百四十七条之规定，判决如下：",
    "被告王建国于本判决生效之日起十日内偿还原告张明华借款50000元。",
    "如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》第二百六十条之规定，"
    "加倍支付迟延履行期间的债务利息。",
    "案件受理费1050元，减半收取525元，由被告王建国负担。",
    "如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，并按对方当事人的人数提出副本，"
    "上诉于河南省焦作市中级人民法院。",
    "审判员　　赵六",
    "二〇二一年四月十日",
    "书记员　　钱七",
]


def check(lines):
    return run_checks(parse_text("\n".join(lines)), DEFAULT_COURT_CODES)


def codes(lines):
    return {f.code for f in check(lines)}


def edit(index, old, new):
    def apply(lines):
        changed = list(lines)
        changed[index] = changed[index].replace(old, new)
        assert changed != list(lines), (old, new)
        return changed
    return apply


def drop(index):
    return lambda lines: [line for i, line in enumerate(lines) if i != index]


def test_clean_judgment_has_no_findings():
    assert check(CLEAN) == []


POSITIVE = [
    ("case_number.format", ERROR, edit(2, "123号", "123")),
    ("case_number.format", ERROR, edit(2, "（2021）", "2021")),
    ("case_number.format", ERROR, edit(2, "2021", "2023")),
    ("case_number.format", WARNING, edit(2, "（2021）", "(2021)")),
    ("case_number.court_mismatch", ERROR, edit(2, "豫0825", "豫0823")),
    ("structure.missing_section", ERROR, edit(10, "判决如下", "判决")),
    ("structure.missing_section", ERROR, edit(10, "本院认为，", "综上，")),
    ("structure.missing_section", ERROR, lambda lines: lines[:15]),
    ("structure.missing_section", ERROR, drop(6)),
    ("signature.missing_clerk", ERROR, drop(17)),
    ("signature.date_format", ERROR, edit(16, "二〇二一年四月十日", "2021年4月10日")),
    ("signature.date_format", ERROR, edit(16, "二〇二一年四月十日", "二〇二一年四月三十一日")),
    ("signature.date_format", WARNING, edit(16, "〇", "○")),
    ("signature.date_format", WARNING, edit(16, "〇", "零")),
    ("signature.date_format", WARNING, edit(16, "〇", "◯")),
    ("citation.format", ERROR, edit(10, "《中华人民共和国民法典》", "中华人民共和国民法典")),
    ("citation.format", ERROR, edit(10, "第六百七十五条", "第675条")),
    ("citation.format", ERROR, edit(10, "第六百七十五条", "第六百七十五条一款")),
    ("citation.repealed", WARNING, edit(10, "《中华人民共和国民法典》", "《中华人民共和国合同法》")),
    ("party.name_inconsistent", WARNING, edit(11, "原告张明华", "原告张明花")),
    # issue #11: slips as people make them, anywhere the name is written
    ("party.name_inconsistent", WARNING, edit(11, "原告张明华", "原告张华")),           # dropped
    ("party.name_inconsistent", WARNING, edit(11, "原告张明华", "原告章明华")),         # sound-alike surname
    ("party.name_inconsistent", WARNING, edit(9, "原告张明华借款", "原告张朋华借款")),   # look-alike
    ("party.name_inconsistent", WARNING, edit(11, "原告张明华", "原告明华")),           # surname dropped
    ("text.repeated_char", WARNING, edit(11, "原告张明华", "原告张明华华")),             # touching a name
    ("text.repeated_char", WARNING, edit(6, "委托诉讼代理人", "委托诉讼代代理人")),       # 代代 glued to 代理
    ("citation.format", ERROR, edit(10, "《中华人民共和国民法典》", "《中华人民共和国民法典")),
    ("citation.format", ERROR, edit(10, "《中华人民共和国民法典》", "中华人民共和国民法典》")),
    ("citation.format", ERROR, edit(10, "》第六百七十五条", "》六百七十五条")),
    ("text.halfwidth_punctuation", ERROR, edit(10, "受法律保护。被告", "受法律保护;被告")),
    ("text.halfwidth_punctuation", ERROR, edit(7, "借款，至今", "借款,至今")),
    ("text.halfwidth_punctuation", ERROR, edit(8, "未作答辩。", "未作答辩.")),
    ("text.halfwidth_punctuation", WARNING, edit(9, "借款50000元，约定", "借款50000元(现金)，约定")),
    ("text.repeated_char", WARNING, edit(10, "本院认为", "本院院认为")),
    ("text.repeated_char", WARNING, edit(10, "应当承担", "应当承承担")),
    ("text.repeated_char", WARNING, edit(7, "借款", "借借款")),
    ("civil.missing_costs", ERROR, drop(13)),
    ("date.order", ERROR, edit(6, "2021年3月1日立案", "2021年4月5日立案")),
    ("date.order", ERROR, edit(6, "2021年4月2日公开开庭", "2021年5月2日公开开庭")),
    ("text.repeated_word", WARNING, edit(11, "被告王建国", "被告被告王建国")),
    ("text.repeated_word", WARNING, edit(9, "约定2020年", "约定约定2020年")),
    ("signature.role_title", ERROR, edit(15, "审判员　　赵六", "人民审判员　　赵六")),
    ("signature.role_title", WARNING, lambda ls: ls[:15] + ["陪审员　孙八"] + ls[15:]),
    ("text.confusable", WARNING, edit(6, "委托诉讼代理人", "委托诉代理人")),
    ("text.confusable", WARNING, edit(6, "本案现已审理终结", "本案现以审理终结")),
    ("text.confusable", WARNING, edit(12, "迟延履行期间", "延迟履行期间")),
]


@pytest.mark.parametrize("code, severity, mutate", POSITIVE,
                         ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(POSITIVE)])
def test_rule_reports_its_defect(code, severity, mutate):
    findings = [f for f in check(mutate(CLEAN)) if f.code == code]
    assert findings, code
    assert findings[0].severity == severity
    assert findings[0].message


def test_every_code_has_a_positive_case():
    assert {code for code, _, _ in POSITIVE} == set(CODES)


NEGATIVE = [
    ("text.repeated_char", lambda lines: lines),           # 人人, 常常, 往往, 谢谢 in CLEAN
    ("text.repeated_char", edit(9, "借款50000元", "借款50000元，双方公开开庭前后都认可")),
    ("text.repeated_char", edit(9, "借款50000元", "借款50000元，原告已被被告催告")),
    ("text.repeated_char", edit(9, "借款50000元", "借款50000元，符合合同约定")),
    ("text.repeated_char", edit(9, "约定", "约定由张某某、李某某")),
    ("text.repeated_char", lambda ls: [line.replace("张明华", "薛梅梅") for line in ls]),
    ("text.repeated_char", edit(16, "二〇二一年四月十日", "二〇二二年四月十日")),
    ("text.halfwidth_punctuation", edit(9, "50000元", "50,000元")),
    ("text.halfwidth_punctuation", edit(9, "2020年6月1日", "2020年6月1日10:30")),
    ("text.halfwidth_punctuation", edit(9, "借款50000元", "借款500.5元，利率1.5%")),
    ("case_number.court_mismatch", edit(0, "河南省温县人民法院", "河南省某某县人民法院")),
    ("case_number.court_mismatch", edit(2, "（2021）豫0825民初123号", "（2015）温民初字第123号")),
    ("citation.format", edit(9, "约定", "《借款合同》第3条约定")),
    ("citation.format", edit(10, "第六百七十五条", "第六百七十五条第一款第（二）项")),
    ("party.name_inconsistent", edit(9, "2020年6月1日", "2020年6月1日，证人张明发在场")),
    ("party.name_inconsistent", edit(9, "2020年6月1日", "2020年6月1日，案外人张明在场")),
    ("party.name_inconsistent", edit(9, "约定", "约定建立新的还款计划")),
    ("text.repeated_char", edit(9, "约定", "约定天天上班、代代相传、事事关心")),
    ("citation.format", edit(9, "约定", "依照《借款合同》《担保合同》约定")),
    ("civil.missing_costs", lambda ls: [ls[0], "民事裁定书"] + ls[2:13] + ls[14:]),
    ("date.order", edit(6, "2021年3月1日立案", "2021年4月2日立案")),
    ("structure.missing_section", edit(10, "本院认为，", "本院经审理认为，")),
    ("signature.missing_clerk", edit(17, "书记员　　钱七", "书　记　员钱七")),
    ("text.repeated_word", edit(9, "约定", "约定，护理证明证明住院期间，双方研究研究")),
    ("text.repeated_word", lambda ls: [line.replace("王建国", "王建王建") for line in ls]),
    ("signature.role_title", lambda ls: ls[:15] + ["人民陪审员　孙八"] + ls[15:]),
    ("text.confusable", edit(9, "约定", "约定（上述人员均在场，辨认无误）")),
]


@pytest.mark.parametrize("code, mutate", NEGATIVE, ids=[f"{c}-{i}" for i, (c, _) in enumerate(NEGATIVE)])
def test_rule_stays_quiet_on_legitimate_text(code, mutate):
    assert code not in codes(mutate(CLEAN))


def test_repealed_law_before_civil_code_is_fine():
    lines = edit(10, "《中华人民共和国民法典》", "《中华人民共和国合同法》")(CLEAN)
    lines = edit(16, "二〇二一年四月十日", "二〇二〇年十二月十日")(lines)
    lines = edit(6, "2021年3月1日", "2020年11月1日")(lines)
    lines = edit(6, "2021年4月2日", "2020年12月2日")(lines)
    assert "citation.repealed" not in codes(lines)


def test_unknown_court_mapping_gives_no_court_finding():
    lines = edit(2, "豫0825", "豫0823")(CLEAN)
    findings = run_checks(parse_text("\n".join(lines)), {})
    assert "case_number.court_mismatch" not in {f.code for f in findings}


def test_findings_point_at_paragraph_and_excerpt():
    lines = edit(10, "本院认为", "本院院认为")(CLEAN)
    finding = next(f for f in check(lines) if f.code == "text.repeated_char")
    assert finding.paragraph == 10
    assert "院院" in finding.excerpt
    assert finding.to_dict()["label"] == "疑似重复字"


def test_appendix_quoting_statutes_is_not_checked():
    lines = CLEAN + ["附：本案适用的法律条文", "《中华人民共和国民法典》", "第六百七十五条借款人应当按照约定的期限返还借款;"]
    assert check(lines) == []


def test_every_code_has_a_mutator():
    assert set(MUTATORS) == set(CODES)


def test_mutants_of_the_real_judgments_are_detected(judgments_dir):
    from reviewer.judgments.parser import parse_docx, parse_paragraphs

    for variant, path in enumerate(sorted((judgments_dir / "docx").glob("*.docx"))):
        parsed = parse_docx(path)
        clean = Counter((f.code, f.message) for f in run_checks(parsed, DEFAULT_COURT_CODES))
        for code, mutate in MUTATORS.items():
            mutated = mutate(parsed.paragraphs, parsed, variant)
            if mutated is None:
                continue
            new = Counter((f.code, f.message)
                          for f in run_checks(parse_paragraphs(mutated), DEFAULT_COURT_CODES)) - clean
            assert {c for c, _ in new} == {code}, (path.stem, code, new)


def test_real_judgments_error_findings_are_the_known_flaws(judgments_dir):
    from reviewer.judgments.parser import parse_docx

    errors = []
    for path in sorted((judgments_dir / "docx").glob("*.docx")):
        for f in run_checks(parse_docx(path), DEFAULT_COURT_CODES):
            if f.severity == ERROR:
                errors.append((path.stem, f.code, f.paragraph))
    # all real: the non-existent title 人民审判员 in the 魏都区 judgment; ASCII "," and ";" inside
    # Chinese sentences of the 赛罕区 judgment
    assert errors == [("civ1_jiaotong_xuchang", "signature.role_title", 26),
                      ("civ1_jinrong_jiekuan_saihan", "text.halfwidth_punctuation", 14),
                      ("civ1_jinrong_jiekuan_saihan", "text.halfwidth_punctuation", 18)]


def test_real_doubled_words_are_found(judgments_dir):
    from reviewer.judgments.parser import parse_docx

    found = {}
    for path in sorted((judgments_dir / "docx").glob("*.docx")):
        for f in run_checks(parse_docx(path), DEFAULT_COURT_CODES):
            if f.code == "text.repeated_word":
                found[path.stem] = f.excerpt
    assert set(found) == {"civ1_jiaotong_xuchang", "exe_zhongben_xuanzhou"}
    assert "限额限额" in found["civ1_jiaotong_xuchang"] and "被告被告" in found["exe_zhongben_xuanzhou"]


def test_signing_date_parsed_for_date_rules():
    assert parse_text("\n".join(CLEAN)).judgment_date == date(2021, 4, 10)


def test_the_real_miswriting_in_a_sample_is_found(judgments_dir):
    parsed = parse_text((judgments_dir / "civ1_jiaotong_junxian.txt").read_text(encoding="utf-8"))
    hits = [f for f in run_checks(parsed, DEFAULT_COURT_CODES) if f.code == "text.confusable"]
    assert [f.message for f in hits] == ["“委托诉代理人”疑为“委托诉讼代理人”之误。"]
