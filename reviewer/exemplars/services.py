"""Reading the exemplar library: published ranking entries, filtered and searched, and one exemplar
with its reviewers' remarks and per-item deductions."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from models import (Court, Judgment, Review, ReviewItemScore, ReviewStatus, ScoreItem)
from models.exemplar import ExemplarText
from models.ranking import ListKind, MonthlyRanking, RankingEntry, RankingStatus
from reviewer.exemplars import search
from reviewer.exemplars.highlight import excerpt
from reviewer.exemplars.anonymize import anonymize_text, name_map
from reviewer.extensions import db
from reviewer.keyset import skip_scan

TEXT_COLUMNS = (Judgment.paragraphs, Judgment.parties, Judgment.signatories, Judgment.section_ranges)
COUNT_CAP = 1000        # rows counted from the shown page's first row (more than a page: the links go on)


@dataclass
class Filters:
    q: str = ""
    month: str = ""
    court_id: int | None = None
    case_type: str = ""
    cause: str = ""
    kind: str = ""

    @classmethod
    def from_args(cls, args) -> "Filters":
        court = args.get("court_id", "")
        return cls(q=args.get("q", "").strip()[:100], month=args.get("month", "").strip(),
                   court_id=int(court) if court.isdigit() else None,
                   case_type=args.get("case_type", "").strip(), cause=args.get("cause", "").strip(),
                   kind=args.get("kind", "").strip())


ORDER = (MonthlyRanking.month.desc(), RankingEntry.kind, RankingEntry.position)


def library_query(filters: Filters) -> Select:
    """The ids of the published entries `filters` select (not those withdrawn for a second look), a
    select of `RankingEntry.id` in the library's order: newest month first, or with a search the best
    matches first (bm25 on SQLite, ts_rank on PostgreSQL), then that order. Narrow on purpose: it
    reads the entries, their rankings and the search index (the judgments only for a judgment
    filter), so ordering every match of a common word sorts ids, not judgment rows (392 rows of
    借款 at ten years: 11.9 ms with the judgments' columns in the sort, 0.5 ms without). Load a
    page's entries with `load_entries`."""
    query, matches = _filtered(select(RankingEntry.id).join(RankingEntry.ranking), filters)
    return query.order_by(*((matches.c.rank, *ORDER) if matches is not None else ORDER))


def load_entries(ids: list[int]) -> list[RankingEntry]:
    """The entries `ids` in that order, each with its ranking, judgment (without its texts: the list
    shows case number, court and cause) and court, in one query; none for no ids."""
    if not ids:
        return []
    rows = db.session.scalars(
        select(RankingEntry).join(RankingEntry.ranking).join(RankingEntry.judgment).join(Judgment.court)
        .where(RankingEntry.id.in_(ids))
        .options(contains_eager(RankingEntry.ranking),
                 contains_eager(RankingEntry.judgment).contains_eager(Judgment.court),
                 *[contains_eager(RankingEntry.judgment).defer(column) for column in TEXT_COLUMNS])
    ).unique()
    found = {entry.id: entry for entry in rows}
    return [found[i] for i in ids if i in found]


def library_entries(filters: Filters, limit: int, offset: int = 0) -> list[RankingEntry]:
    """`limit` entries of `library_query` from `offset`, loaded (two queries)."""
    return load_entries(list(db.session.scalars(library_query(filters).limit(limit).offset(offset))))


def _filtered(query: Select, filters: Filters):
    """`query` (entries joined to their ranking) limited to the published entries `filters` select,
    joined to the judgments when a filter needs them. → (query, the search's matches subquery or None)."""
    query = query.where(MonthlyRanking.status == RankingStatus.PUBLISHED, RankingEntry.withdrawn_at.is_(None))
    matches = search.ranked_matches(filters.q) if filters.q else None   # every word, in SQL
    if matches is not None:
        query = query.join(matches, matches.c.judgment_id == RankingEntry.judgment_id)
    if filters.month:
        query = query.where(MonthlyRanking.month == filters.month)
    if filters.court_id or filters.case_type or filters.cause:
        query = query.join(RankingEntry.judgment)
    if filters.court_id:
        query = query.where(Judgment.court_id == filters.court_id)
    if filters.case_type:
        query = query.where(Judgment.case_type_code == filters.case_type)
    if filters.cause:
        query = query.where(Judgment.cause.contains(filters.cause, autoescape=True))
    if filters.kind in {k.value for k in ListKind}:
        query = query.where(RankingEntry.kind == ListKind(filters.kind))
    return query, matches


def library_page(filters: Filters):
    """A Flask-SQLAlchemy page of `library_query`, its items the loaded entries (`load_entries`),
    whose total is counted from the page's first row up to COUNT_CAP more (`total` = rows before
    the page + those counted, `capped` when there are more), on the entries and rankings alone
    unless a filter needs the judgments: the full count read every published entry with its
    judgment's row (7.5 ms of the 10-year page, growing with the years)."""
    ids = library_query(filters)
    page = db.paginate(ids, count=False)
    page.items = load_entries(page.items)
    before = (page.page - 1) * page.per_page
    counted = db.session.scalar(select(func.count()).select_from(
        ids.order_by(None).offset(before).limit(COUNT_CAP + 1).subquery()))
    page.total = before + min(counted, COUNT_CAP)
    page.capped = counted > COUNT_CAP
    return page


def search_excerpts(entries, q: str) -> dict:
    """{judgment id: the anonymised text's excerpt around the query's words, words marked} for the
    entries of one page (one query); empty without a query."""
    found = search.words(q)
    if not found or not entries:
        return {}
    rows = db.session.execute(select(ExemplarText.judgment_id, ExemplarText.body).where(
        ExemplarText.judgment_id.in_({e.judgment_id for e in entries}))).all()
    return {judgment_id: excerpt(body, found) for judgment_id, body in rows}


def filter_choices() -> dict:
    """Values offered in the filter selects: the courts, and the case type codes judgments on the
    platform have (a skip scan down ix_judgments_case_type_code, one probe per code: the DISTINCT over
    every published judgment grew with the years, 0.3 ms at one year, 2.3 ms at ten). The month is a
    month input, not a list of every published month (118 options at ten years)."""
    courts = db.session.scalars(select(Court).order_by(Court.id)).all()
    return {"courts": courts, "case_types": skip_scan(Judgment.case_type_code)}


def published_entry(judgment_id: int) -> RankingEntry | None:
    return db.session.scalar(
        select(RankingEntry).join(RankingEntry.ranking)
        .where(RankingEntry.judgment_id == judgment_id, MonthlyRanking.status == RankingStatus.PUBLISHED,
               RankingEntry.withdrawn_at.is_(None))
        .options(joinedload(RankingEntry.ranking), joinedload(RankingEntry.judgment).joinedload(Judgment.court))
    )


@dataclass(frozen=True)
class Remark:
    reviewer: int          # 1, 2 … in review order
    paragraph: int
    text: str


@dataclass(frozen=True)
class Deduction:
    reviewer: int
    section: str
    item: str
    points: object
    deduction: object
    veto_hit: bool
    reason: str


@dataclass
class ExemplarDetail:
    entry: RankingEntry | None
    paragraphs: list[str]
    anonymised: bool
    review_count: int
    comments: list[tuple[int, str]]
    remarks_by_paragraph: dict[int, list[Remark]]
    deductions: list[Deduction]


def detail(entry: RankingEntry, anonymised: bool) -> ExemplarDetail:
    return review_detail(entry.judgment, anonymised, entry)


def review_detail(judgment: Judgment, anonymised: bool, entry: RankingEntry | None = None) -> ExemplarDetail:
    """The document (anonymised or not) with the submitted reviews' remarks and deductions.
    Reviewers are shown as 评查员1, 2 … (their order), not by name; in the anonymised rendering the
    remarks and reasons are anonymised too, since they quote the document."""
    reviews = db.session.scalars(
        select(Review).where(Review.subject_kind == "judgment", Review.subject_id == judgment.id,
                             Review.status == ReviewStatus.SUBMITTED)
        .order_by(Review.id)
        .options(selectinload(Review.remarks),
                 selectinload(Review.item_scores).joinedload(ReviewItemScore.item).joinedload(ScoreItem.section))
    ).all()
    original = list(judgment.paragraphs or [])
    names = name_map(judgment.parties or [], original) if anonymised else {}
    show = (lambda text: anonymize_text(text or "", names)) if anonymised else (lambda text: text or "")
    remarks: dict[int, list[Remark]] = {}
    deductions, comments = [], []
    for number, review in enumerate(reviews, start=1):
        if review.overall_comment:
            comments.append((number, show(review.overall_comment)))
        for remark in review.remarks:
            if remark.paragraph_index is not None:
                remarks.setdefault(remark.paragraph_index, []).append(
                    Remark(number, remark.paragraph_index, show(remark.text)))
        for score in review.item_scores:
            if score.deduction or score.veto_hit:
                item = score.item
                deductions.append(((item.section.order, item.order) if item else (0, 0), number, Deduction(
                    number, item.section.title if item else "", item.description if item else "",
                    item.points if item else None, score.deduction, score.veto_hit, show(score.reason))))
    deductions.sort(key=lambda row: row[:2])
    return ExemplarDetail(entry, [show(p) for p in original], anonymised, len(reviews), comments,
                          remarks, [row[2] for row in deductions])
