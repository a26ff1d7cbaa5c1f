"""What a workbook builder reports to while it writes: nothing (a download made in the request) or
the background job's progress (reviewer.exports.requests.JobTracker).

Builders call `start(total)` once they know how much there is, `advance(n)` as they write, and
`pause()` between chunks of rows — where a job ends its read transaction, so that on SQLite a long
export holds no lock that would keep writers (and its own progress) waiting.
"""
from __future__ import annotations


class Tracker:
    """The quiet tracker of a download made in the request: it only counts."""

    def __init__(self) -> None:
        self.done = 0
        self.total: int | None = None

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, n: int = 1) -> None:
        self.done += n

    def pause(self) -> None:
        """Between chunks; nothing to do inside a request (its unit of work ends it)."""
