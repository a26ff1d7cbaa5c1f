"""The judgment list's whole-text search (检索全文) on SQLite, read in windows of months.

The list goes newest month first and counts its total up to 1,000 (`reviewer.keyset`). Through
`judgment_text_fts` as a plain `id IN (match)`, FTS5 hands over every judgment holding the words
before the first row is shown: for 本院认为, in every judgment, 5,000 ids at one year and 50,000
at ten, so the page's cost grew with the years (p50 2.99× from one to ten years, docs/performance.md).
FTS5 cannot be probed row by row instead (a `rowid = ? AND MATCH` costs ~0.45 ms a row), but it
reads only part of each word's list when the rowid is bounded. So the list is read in windows of
months, the index bounded to the ids those months hold:

* count: the newest `FIRST_MONTHS` months; if they hold more than the cap, the list does (the
  page says 超过 1000 条); else a window sized from that window's rate of matches per month
  (`MARGIN` × cap / rate months); only when that too holds no more than the cap, the whole list,
  whose matches (few by then) drive the statement.
* page: a window beside the cursor sized from the count's rate for per_page + 1 rows
  (`keyset.paginate`'s `narrowed`); used when it fills the page or reaches the end of the list,
  else the whole list is read; when the whole list was counted, its few matches drive the page.

Either way the rows and the total are the whole list's (a window of months holds every match of
those months, and the list's order is by month); what the windows change is the cost: a common
word costs what its newest matches cost (constant in the years kept), a rare word reads its few
matches. With a month filter the window is that month. PostgreSQL plans the list from its own
statistics (`bigram_table.BigramTable.keys`) and does not use this. Design and figures:
docs/performance.md, "Whole-text search on SQLite in windows of months".
"""
from __future__ import annotations

import math

from sqlalchemy import func, select

from models import Judgment
from models.month import add_months, is_month, months_spanned
from reviewer import keyset
from reviewer.extensions import db
from reviewer.judgments.text_search import TextMatch

FIRST_MONTHS = 3       # months of the first counting window
MARGIN = 1.5           # a window sized from a rate is this much wider than the rate says


def windowed(base, match: TextMatch, first: str, last: str, driving: bool = False):
    """`base` (the list's query without its search) restricted to the months [first, last] and
    to `match`, the index read only between the smallest and largest id of those months
    (`driving`: see `TextMatch.condition`)."""
    months = Judgment.month.between(first, last)
    bounds = [select(edge(Judgment.id)).where(months).scalar_subquery() for edge in (func.min, func.max)]
    return base.where(months, match.condition(*bounds, driving=driving))


class TextWindows:
    """The windows of one whole-text list: `base` the list's query (scope and filters) without its
    search, `match` the search (`text_search.text_match`), `rows` a page's rows read (per_page +
    1), `month` the list's month filter when it has one (YYYY-MM; the only window then)."""

    def __init__(self, base, match: TextMatch, rows: int, month: str | None = None, cap: int = 1000):
        self.base, self.match, self.rows, self.cap = base, match, rows, cap
        self.filtered = month is not None
        if self.filtered:
            self.oldest = self.newest = month
        else:
            edges = [select(edge(Judgment.month)).scalar_subquery() for edge in (func.min, func.max)]
            self.oldest, self.newest = db.session.execute(select(*edges)).one()
        self.rate = 0.0      # matches a month in the last window counted
        self.few = False     # the whole list was counted and holds no more than the cap

    @property
    def usable(self) -> bool:
        """Windows need months as YYYY-MM (a malformed month filter is read as a plain list)."""
        return is_month(self.oldest) and is_month(self.newest)

    def _whole(self):
        """The whole list, its matches driving the statement (a walk of every judgment probing
        them otherwise); with a month filter, that month's window."""
        if self.filtered:
            return windowed(self.base, self.match, self.oldest, self.newest, driving=True)
        return self.base.where(self.match.condition(driving=True))

    def _count(self, months: int, whole: int) -> int:
        # a window walks its months' entries of the list's (covering) index; letting its matches
        # drive instead reads each matching judgment's row: cheaper for a sparse word (危险驾驶,
        # 11.3 -> 7.8 ms at ten years), dearer for a dense one, where windows matter most
        query = (self._whole() if months >= whole
                 else windowed(self.base, self.match, add_months(self.newest, 1 - months), self.newest))
        counted = keyset.count_upto(query, Judgment.id, self.cap + 1)
        self.rate = counted / min(months, whole)
        self.few = months >= whole and counted <= self.cap
        return counted

    def count(self) -> int:
        """The list's rows counted up to cap + 1, by windows (see the module): at most three
        statements (the first window, one sized from its rate, the whole list)."""
        whole = months_spanned(self.oldest, self.newest)
        counted = self._count(FIRST_MONTHS, whole)
        if counted > self.cap or FIRST_MONTHS >= whole:
            return counted
        if counted:
            sized = math.ceil(MARGIN * (self.cap + 1) / self.rate)
            counted = self._count(sized, whole)
            if counted > self.cap or sized >= whole:
                return counted
        return self._count(whole, whole)

    def narrowed(self, values, older: bool):
        """`keyset.paginate`'s `narrowed`: the months beside the cursor (`values` = (month, id); the
        newest month on the first page) expected to hold a page's rows at the counted rate, and
        whether they reach the list's oldest (newest) month; None when nothing was counted."""
        if not self.rate:
            return None
        if self.few:    # all the list's matches are no more than the cap: they drive the page
            return self._whole(), True
        months = math.ceil(MARGIN * self.rows / self.rate)
        anchor = values[0] if values is not None else self.newest
        if not is_month(anchor):      # a cursor's month is whatever the address says
            return None
        first, last = (add_months(anchor, 1 - months), anchor) if older else (anchor, add_months(anchor, months - 1))
        return windowed(self.base, self.match, first, last), first <= self.oldest if older else last >= self.newest
