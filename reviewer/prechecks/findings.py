"""Findings of the automatic format checks (文书预检) and the public list of their codes."""
from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABELS = {ERROR: "错误", WARNING: "提示", INFO: "信息"}

# The codes are a public contract (UI, JSON output, score-sheet mappings): never rename them.
CODE_LABELS: dict[str, str] = {
    "case_number.format": "案号格式",
    "case_number.court_mismatch": "案号法院代字与法院不符",
    "structure.missing_section": "文书结构缺项",
    "signature.missing_clerk": "落款缺少书记员",
    "signature.date_format": "落款日期格式",
    "citation.format": "法律引用格式",
    "citation.repealed": "引用已废止法律",
    "party.name_inconsistent": "当事人姓名前后不一致",
    "text.halfwidth_punctuation": "半角标点",
    "text.repeated_char": "疑似重复字",
    "civil.missing_costs": "未载明诉讼费用负担",
    "date.order": "日期顺序矛盾",
    # further checks
    "text.repeated_word": "疑似重复词",
    "signature.role_title": "署名称谓不规范",
    "text.confusable": "疑似错别字",
}
CODES: tuple[str, ...] = tuple(CODE_LABELS)


@dataclass(frozen=True)
class Finding:
    """One suggestion: `paragraph` is the 0-based index into ParsedJudgment.paragraphs (or None)."""

    code: str
    severity: str
    message: str
    paragraph: int | None = None
    excerpt: str = ""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["label"] = CODE_LABELS.get(self.code, self.code)
        return data


def excerpt(text: str, start: int = 0, end: int | None = None, radius: int = 12) -> str:
    """The text around [start, end) with … where it was cut."""
    end = start if end is None else end
    left = max(0, start - radius)
    right = min(len(text), end + radius)
    return ("…" if left > 0 else "") + text[left:right] + ("…" if right < len(text) else "")
