"""Varied judgment texts for the scale dataset (scripts/make_scale_data.py), from the real samples.

Each of the sample .docx files is parsed once with the application's own parser; a generated
judgment is a sample's paragraphs with the court, case number, signing date, parties' personal
names and the judges' names replaced, so 50,000 texts differ in the words people search for
(names, courts, numbers) while the legal text stays real. Pure functions, no database.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from reviewer.demo.judgments import chinese_date
from reviewer.judgments.parser import parse_docx

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志新春海云飞鹏辉宁振东晓光林波斌俊宇浩然思雨梦琪子涵欣怡佳豪博文嘉怡晨阳立诚凯瑞雪松"
ORGANISATION = re.compile(r"(公司|银行|检察院|法院|分行|支行|中心|委员会|合作社|政府|局|厂|所)")


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


@dataclass
class Sample:
    """A parsed sample judgment, ready to be varied."""

    path: Path
    paragraphs: list[str]
    section_ranges: dict
    parties: list[dict]
    signatories: list[dict]
    court_name: str | None
    case_paragraph: int | None
    date_paragraph: int | None
    date_text: str | None
    type_code: str
    doc_type: str | None
    procedure: str | None
    trial_procedure: str | None
    cause: str | None
    presiding: str | None
    clerk: str | None
    second_instance: bool

    @property
    def kind(self) -> str:
        """'civil', 'criminal' or 'enforcement' (which division handles it)."""
        if "执" in self.type_code:
            return "enforcement"
        return "criminal" if "刑" in self.type_code else "civil"


def load_samples(folder: Path) -> list[Sample]:
    samples = []
    for path in sorted(folder.glob("*.docx")):
        parsed = parse_docx(path)
        number = parsed.case_number
        type_code = number.type_code if number else "民初"
        if number is not None and number.old_style:
            type_code = "执" if "执" in type_code else ("刑初" if "刑" in type_code else "民初")
        samples.append(Sample(
            path=path, paragraphs=list(parsed.paragraphs),
            section_ranges={k: list(v) for k, v in parsed.section_ranges.items()},
            parties=[{"role": p.role, "name": p.name, "paragraph": p.paragraph} for p in parsed.parties],
            signatories=[{"role": s.role, "name": s.name, "paragraph": s.paragraph} for s in parsed.signatories],
            court_name=parsed.court_name, case_paragraph=parsed.case_number_paragraph,
            date_paragraph=parsed.judgment_date_paragraph, date_text=parsed.judgment_date_text,
            type_code=type_code, doc_type=parsed.doc_type, procedure=parsed.procedure,
            trial_procedure=parsed.trial_procedure, cause=parsed.cause,
            presiding=parsed.presiding_judge, clerk=parsed.clerk,
            second_instance="终" in type_code))
    return samples


def vary(sample: Sample, rng: random.Random, court_full_name: str, case_number: str,
         signed: tuple[int, int, int], judge_name: str) -> tuple[list[str], list[dict], list[dict], str]:
    """The sample's paragraphs for another court, case, date and people.

    Returns (paragraphs, parties, signatories, clerk name): personal names of parties get new
    names everywhere they occur; organisations keep theirs; the presiding judge becomes
    `judge_name` and the other signatories get new names.
    """
    names: dict[str, str] = {}
    for party in sample.parties:
        name = party["name"]
        if name and name not in names and len(name) <= 4 and not ORGANISATION.search(name):
            names[name] = person_name(rng)
    for person in sample.signatories:
        name = person["name"]
        if name and name not in names:
            names[name] = judge_name if name == sample.presiding else person_name(rng)
    paragraphs = []
    for index, text in enumerate(sample.paragraphs):
        if index == sample.case_paragraph:
            text = case_number
        elif index == sample.date_paragraph and sample.date_text:
            text = text.replace(sample.date_text, chinese_date(*signed))
        else:
            if index == 0 and sample.court_name:
                text = text.replace(sample.court_name, court_full_name)
            for old, new in names.items():
                if old in text:
                    text = text.replace(old, new)
        paragraphs.append(text)
    parties = [dict(p, name=names.get(p["name"], p["name"])) for p in sample.parties]
    signatories = [dict(s, name=names.get(s["name"], s["name"])) for s in sample.signatories]
    return paragraphs, parties, signatories, names.get(sample.clerk or "", sample.clerk or "")
