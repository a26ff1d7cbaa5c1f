"""Scoring rules for score sheets: validating a deduction, grade bands and combining sheets.

Pure functions, no Flask and no database. The rules:

* **Deductions (扣分).** An item is scored by deduction. In ``free`` mode the reviewer enters
  any deduction from 0 up to the item's points. In ``per_occurrence`` mode the reviewer enters a
  number of occurrences and the deduction is ``occurrences × step``, capped at the item's cap
  (the cap defaults to, and never exceeds, the item's points). A deduction is never negative and
  never above the item's points. Deductions are kept to two decimals.
* **Reasons (扣分理由).** A reason is mandatory whenever the deduction is above zero or a veto item
  is marked as hit.
* **Veto items (一票否决).** A veto item can be marked as hit by a reviewer. If any submitted sheet
  of a subject hits a veto item, the combined grade is 不合格 whatever the score (the office can
  still override the final grade with a recorded reason).
* **Grade bands (质量等级).** A score gets the first band, from the highest, whose minimum it
  reaches; below every minimum it is 不合格. Default: 优秀 ≥ 90, 合格 ≥ 70, 瑕疵 ≥ 60, 不合格 < 60.
  Minimums must be strictly decreasing in the order 优秀 > 合格 > 瑕疵 and lie within 0–1000.
* **Combining several reviewers.** Only when every assigned sheet is submitted (and there is at
  least one) can a subject be combined. For each item the deductions of all sheets are averaged;
  the score is Σ(points − mean deduction) over all items, rounded to two decimals (half up).
  Items a sheet left blank count as a deduction of 0.
* **Spread (分差).** The spread is the highest reviewer total minus the lowest; it is flagged when
  it reaches the threshold (default 10 points), so the office looks at the sheets side by side.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Iterable, Mapping, Sequence

TWO_PLACES = Decimal("0.01")
ZERO = Decimal("0")

# Grade codes, best first; they match the names of ``models.review.Grade``.
EXCELLENT, PASS, FLAWED, FAIL = "EXCELLENT", "PASS", "FLAWED", "FAIL"
GRADE_CODES: tuple[str, ...] = (EXCELLENT, PASS, FLAWED, FAIL)
GRADE_LABELS: dict[str, str] = {EXCELLENT: "优秀", PASS: "合格", FLAWED: "瑕疵", FAIL: "不合格"}
DEFAULT_GRADE_BANDS: dict[str, float] = {EXCELLENT: 90, PASS: 70, FLAWED: 60}
DEFAULT_SPREAD_THRESHOLD = Decimal("10")

MODE_FREE = "free"
MODE_PER_OCCURRENCE = "per_occurrence"


class ScoringError(ValueError):
    """A rule violation; ``message`` is the Chinese sentence shown to the user."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.message = message
        self.key = key


def to_decimal(value, *, what: str = "分值") -> Decimal:
    """Parse a number (int, float, str, Decimal) to a two-decimal Decimal, or raise ScoringError."""
    if value is None or value == "":
        return ZERO
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ScoringError(f"{what}不是有效的数字：{value}") from None
    if not number.is_finite():
        raise ScoringError(f"{what}不是有效的数字：{value}")
    return number.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def fmt(value: Decimal | None) -> str:
    """Display form of a score: no trailing zeros (10, 7.5, 3.25)."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass(frozen=True)
class ItemRule:
    """The scoring-relevant part of a score-sheet item."""

    key: str
    points: Decimal
    mode: str = MODE_FREE
    step: Decimal | None = None
    cap: Decimal | None = None
    veto: bool = False
    title: str = ""

    @property
    def effective_cap(self) -> Decimal:
        if self.cap is None:
            return self.points
        return min(self.cap, self.points)


@dataclass(frozen=True)
class ItemScore:
    """A validated entry: the deduction actually counted, the occurrences and whether a veto was hit."""

    key: str
    deduction: Decimal
    occurrences: int | None
    veto_hit: bool
    reason: str


def validate_item_rule(rule: ItemRule) -> None:
    """Check an item's own definition (points ≥ 0, per-occurrence items have a positive step, cap ≤ points)."""
    label = rule.title or rule.key
    if rule.points < 0:
        raise ScoringError(f"“{label}”的分值不能为负数。", rule.key)
    if rule.mode not in (MODE_FREE, MODE_PER_OCCURRENCE):
        raise ScoringError(f"“{label}”的扣分方式无效。", rule.key)
    if rule.mode == MODE_PER_OCCURRENCE:
        if rule.step is None or rule.step <= 0:
            raise ScoringError(f"“{label}”按处扣分，每处扣分必须大于 0。", rule.key)
        if rule.cap is not None and (rule.cap <= 0 or rule.cap > rule.points):
            raise ScoringError(f"“{label}”的扣分上限必须大于 0 且不超过分值 {fmt(rule.points)}。", rule.key)


def score_item(
    rule: ItemRule,
    *,
    deduction=None,
    occurrences=None,
    veto_hit: bool = False,
    reason: str | None = None,
    require_reason: bool = True,
) -> ItemScore:
    """Validate one entry against its item and return what counts.

    Free mode uses ``deduction``; per-occurrence mode computes it from ``occurrences``
    (``occurrences × step`` capped). Raises ScoringError with a Chinese message when the entry
    breaks a rule (negative, above the points, missing reason, veto on a non-veto item).
    ``require_reason=False`` relaxes only the reason rule (a draft may be saved before the
    reasons are written; submitting requires them).
    """
    label = rule.title or rule.key
    reason = (reason or "").strip()
    count: int | None = None
    if rule.mode == MODE_PER_OCCURRENCE:
        if occurrences in (None, ""):
            count = 0
        else:
            try:
                count = int(str(occurrences).strip())
            except ValueError:
                raise ScoringError(f"“{label}”的处数必须是整数。", rule.key) from None
        if count < 0:
            raise ScoringError(f"“{label}”的处数不能为负数。", rule.key)
        value = min(Decimal(count) * (rule.step or ZERO), rule.effective_cap)
        value = value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    else:
        try:
            value = to_decimal(deduction, what=f"“{label}”的扣分")
        except ScoringError as error:
            raise ScoringError(error.message, rule.key) from None
        if value < 0:
            raise ScoringError(f"“{label}”的扣分不能为负数。", rule.key)
        if value > rule.points:
            raise ScoringError(
                f"“{label}”的扣分 {fmt(value)} 超过了该项分值 {fmt(rule.points)}。", rule.key
            )
    if veto_hit and not rule.veto:
        raise ScoringError(f"“{label}”不是一票否决项。", rule.key)
    if require_reason and (value > 0 or veto_hit) and not reason:
        what = "命中一票否决项" if veto_hit and value == 0 else f"扣 {fmt(value)} 分"
        raise ScoringError(f"“{label}”{what}，必须填写扣分理由。", rule.key)
    return ItemScore(rule.key, value, count, bool(veto_hit), reason)


def validate_grade_bands(bands: Mapping[str, object]) -> dict[str, Decimal]:
    """Check and normalise grade bands {EXCELLENT: min, PASS: min, FLAWED: min}.

    Every band needs a minimum; minimums strictly decrease from 优秀 to 瑕疵 and lie within
    0–1000. 不合格 is everything below the 瑕疵 minimum and needs no entry.
    """
    result: dict[str, Decimal] = {}
    for code in (EXCELLENT, PASS, FLAWED):
        if code not in bands or bands[code] in (None, ""):
            raise ScoringError(f"请填写“{GRADE_LABELS[code]}”的最低分。")
        value = to_decimal(bands[code], what=f"“{GRADE_LABELS[code]}”的最低分")
        if value < 0 or value > 1000:
            raise ScoringError(f"“{GRADE_LABELS[code]}”的最低分必须在 0 到 1000 之间。")
        result[code] = value
    if not result[EXCELLENT] > result[PASS] > result[FLAWED]:
        raise ScoringError("等级分数线必须依次降低：优秀 > 合格 > 瑕疵。")
    return result


def grade_for(score: Decimal, bands: Mapping[str, object] | None = None, *, vetoed: bool = False) -> str:
    """The grade code for a score: veto → FAIL; else the highest band whose minimum is reached."""
    if vetoed:
        return FAIL
    normalised = validate_grade_bands(bands if bands is not None else DEFAULT_GRADE_BANDS)
    for code in (EXCELLENT, PASS, FLAWED):
        if score >= normalised[code]:
            return code
    return FAIL


@dataclass(frozen=True)
class SheetEntry:
    """One reviewer's sheet as the combining rule sees it."""

    reviewer_id: int
    submitted: bool
    deductions: Mapping[str, Decimal] = field(default_factory=dict)
    veto_hits: frozenset[str] = frozenset()


def sheet_total(items: Sequence[ItemRule], sheet: SheetEntry) -> Decimal:
    """One sheet's score: Σ(points − deduction)."""
    total = sum((rule.points - Decimal(sheet.deductions.get(rule.key, ZERO)) for rule in items), ZERO)
    return total.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Combination:
    """The combined result of a subject's sheets (``combinable`` False → ``problem`` says why)."""

    combinable: bool
    problem: str | None = None
    score: Decimal | None = None
    grade: str | None = None
    vetoed: bool = False
    veto_keys: tuple[str, ...] = ()
    spread: Decimal | None = None
    spread_flag: bool = False
    mean_deductions: Mapping[str, Decimal] = field(default_factory=dict)
    reviewer_totals: Mapping[int, Decimal] = field(default_factory=dict)


def combine(
    items: Sequence[ItemRule],
    sheets: Iterable[SheetEntry],
    *,
    expected: int | None = None,
    bands: Mapping[str, object] | None = None,
    spread_threshold: Decimal | int | float = DEFAULT_SPREAD_THRESHOLD,
) -> Combination:
    """Combine the sheets of one subject (see the module docstring for the rule).

    ``expected`` is the number of assigned reviewers; fewer sheets than that, or any sheet not
    submitted, makes the subject not combinable. Deductions for unknown item keys are refused.
    """
    sheets = list(sheets)
    if not sheets:
        return Combination(False, "尚无评查表。")
    if expected is not None and len(sheets) < expected:
        return Combination(False, f"已分配 {expected} 名评查员，只收到 {len(sheets)} 份评查表。")
    pending = sum(1 for s in sheets if not s.submitted)
    if pending:
        return Combination(False, f"还有 {pending} 份评查表未提交。")
    keys = {rule.key for rule in items}
    for sheet in sheets:
        unknown = (set(sheet.deductions) | set(sheet.veto_hits)) - keys
        if unknown:
            raise ScoringError(f"评查表含有不属于本评分表的评查项：{'、'.join(sorted(unknown))}。")

    count = Decimal(len(sheets))
    means: dict[str, Decimal] = {}
    score = ZERO
    for rule in items:
        total = sum((Decimal(s.deductions.get(rule.key, ZERO)) for s in sheets), ZERO)
        mean = total / count
        means[rule.key] = mean.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        score += rule.points - mean
    score = score.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)

    veto_keys = tuple(
        rule.key for rule in items if rule.veto and any(rule.key in s.veto_hits for s in sheets)
    )
    totals = {s.reviewer_id: sheet_total(items, s) for s in sheets}
    spread = max(totals.values()) - min(totals.values())
    threshold = Decimal(str(spread_threshold))
    return Combination(
        combinable=True,
        score=score,
        grade=grade_for(score, bands, vetoed=bool(veto_keys)),
        vetoed=bool(veto_keys),
        veto_keys=veto_keys,
        spread=spread,
        spread_flag=len(sheets) > 1 and spread >= threshold,
        mean_deductions=means,
        reviewer_totals=totals,
    )
