"""The parsed-judgment data model shared by the parser, the format checks and the site.

Pure data: no Flask, no database. The parser (`reviewer.judgments.parser`) produces a
`ParsedJudgment`; the format checks (`reviewer.prechecks`) and the intake service read it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

# Section keys, in document order, with the Chinese names used in the UI.
SECTION_LABELS: dict[str, str] = {
    "title": "标题",
    "head": "首部",
    "history": "审理经过",
    "facts": "事实",
    "reasoning": "理由",
    "basis": "依据",
    "ruling": "主文",
    "tail": "尾部",
    "signature": "落款",
    "appendix": "附录",
}
SECTION_KEYS: tuple[str, ...] = tuple(SECTION_LABELS)


class DocumentError(Exception):
    """A document that cannot be read or is refused; `message` is the Chinese sentence users see."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CaseNumber:
    """A case number (案号) split into its parts.

    `raw` is as written; `normalized` uses full-width brackets （） and no spaces.
    2016 format: （2021）豫08民终123号 → year 2021, court_code 豫08, type_code 民终, sequence 123.
    Old format: （2015）焦民一终字第00123号 → old_style True, court_code 焦, type_code 民一终.
    `specialized` is a specialised-court marker such as 知 when present; `suffix` is e.g. 之一.
    """

    raw: str
    normalized: str
    year: int
    court_code: str
    type_code: str
    sequence: int
    specialized: str | None = None
    suffix: str | None = None
    old_style: bool = False


@dataclass(frozen=True)
class Party:
    """A party or representative named in the head: role as written (原告, 被告, 上诉人(原审被告), 委托诉讼代理人 …)."""

    role: str
    name: str
    paragraph: int


@dataclass(frozen=True)
class Signatory:
    """A name in the signature block: role 审判长/审判员/代理审判员/人民陪审员/执行员/法官助理/书记员."""

    role: str
    name: str
    paragraph: int


@dataclass
class ParsedJudgment:
    """Everything extracted from one judgment. Paragraph indexes are 0-based into `paragraphs`."""

    paragraphs: list[str]
    court_name: str | None = None
    doc_type: str | None = None          # 民事判决书, 刑事裁定书, 执行裁定书 …
    case_number: CaseNumber | None = None
    case_number_paragraph: int | None = None
    procedure: str | None = None         # 一审, 二审, 再审, 执行, 特别程序 … (from the type code)
    trial_procedure: str | None = None   # 普通程序, 简易程序, 速裁程序 … (from 审理经过) when stated
    cause: str | None = None             # 案由, e.g. 机动车交通事故责任纠纷, 盗窃罪
    parties: list[Party] = field(default_factory=list)
    signatories: list[Signatory] = field(default_factory=list)
    judgment_date: date | None = None
    judgment_date_text: str | None = None
    judgment_date_paragraph: int | None = None
    # section key → [start, end) paragraph range; a missing section has no key.
    section_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def judges(self) -> list[Signatory]:
        return [s for s in self.signatories if s.role not in ("书记员", "法官助理")]

    @property
    def clerk(self) -> str | None:
        return next((s.name for s in self.signatories if s.role == "书记员"), None)

    @property
    def presiding_judge(self) -> str | None:
        """The 审判长, or the sole 审判员 (or 执行员) when there is no panel."""
        for role in ("审判长", "审判员", "代理审判员", "执行员"):
            names = [s.name for s in self.signatories if s.role == role]
            if names and (role == "审判长" or len(names) == 1):
                return names[0]
        return None

    def section_of(self, index: int) -> str | None:
        for key, (start, end) in self.section_ranges.items():
            if start <= index < end:
                return key
        return None

    def section_text(self, key: str) -> str:
        if key not in self.section_ranges:
            return ""
        start, end = self.section_ranges[key]
        return "\n".join(self.paragraphs[start:end])

    @property
    def sections(self) -> dict[str, str]:
        return {key: self.section_text(key) for key in SECTION_KEYS if key in self.section_ranges}

    def to_dict(self) -> dict:
        """JSON-ready form (the `parse-judgment --json` output and the stored metadata)."""
        return {
            "case_number": self.case_number.normalized if self.case_number else None,
            "case_number_parts": asdict(self.case_number) if self.case_number else None,
            "court_name": self.court_name,
            "doc_type": self.doc_type,
            "procedure": self.procedure,
            "trial_procedure": self.trial_procedure,
            "cause": self.cause,
            "judgment_date": self.judgment_date.isoformat() if self.judgment_date else None,
            "judgment_date_text": self.judgment_date_text,
            "presiding_judge": self.presiding_judge,
            "judges": [{"role": s.role, "name": s.name} for s in self.judges],
            "clerk": self.clerk,
            "parties": [{"role": p.role, "name": p.name} for p in self.parties],
            "sections": self.sections,
            "section_ranges": {k: list(v) for k, v in self.section_ranges.items()},
            "paragraph_count": len(self.paragraphs),
        }
