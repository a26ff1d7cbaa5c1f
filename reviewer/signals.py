"""The platform's extension points, as named signals (blinker, which Flask ships), in one place.

A feature *sends* a signal where something happened; other features *listen*. Who listens to what
is wired in one place, `reviewer.wiring.connect` (called by `create_app`), never by import side
effects. Receivers run inside the sender's unit of work: they flush, never commit, and a receiver's
exception aborts the sender's request or command like any other error.

| signal                      | sender            | keyword arguments | sent by                          |
|-----------------------------|-------------------|-------------------|----------------------------------|
| `judgment_ingested`         | the `Judgment`    | –                 | judgment intake, after the flush |
| `judgment_metadata_changed` | the `Judgment`    | –                 | a person's metadata correction   |
| `tables_created`            | the Flask app     | –                 | `init-db`, the test set-up       |
| `tables_emptied`            | a DB connection   | –                 | tests emptying tables            |
| `home_panels`               | the current user  | –                 | the home page; each receiver     |
|                             |                   |                   | returns a panel dict or None     |
| `todo_items`                | the current user  | `today` (a date)  | the home page's dated to-do list;|
|                             |                   |                   | each receiver returns list[Todo] |
| `draw_performed`            | the `MonthlyDraw` | –                 | the draw, after the flush        |
| `grade_confirmed`           | the `Evaluation`  | `actor`           | a final grade was confirmed      |
| `ranking_published`         | the ranking       | `actor`           | a month's list was published     |
| `ranking_withdrawn`         | the ranking       | `actor`, `reason` | a published list was withdrawn   |
| `ranking_entry_changed`     | the entry         | `actor`, `action` | one entry of a published list was|
|                             |                   | (withdrawn /      | withdrawn or published again     |
|                             |                   | republished)      |                                  |
"""
from __future__ import annotations

from blinker import NamedSignal


class _ConnectionOrder:
    """Blinker's `set_class` that keeps insertion order: receivers run in the order they were
    connected (the order `reviewer.wiring.LISTENERS` lists them, which is the home page's panel
    order). Blinker's default, a plain set of `id()`s, runs them in memory-address order."""

    def __init__(self, items=()):
        self._items = dict.fromkeys(items)

    def add(self, item) -> None:
        self._items[item] = None

    def discard(self, item) -> None:
        self._items.pop(item, None)

    def copy(self) -> _ConnectionOrder:
        return _ConnectionOrder(self._items)

    def __or__(self, other) -> _ConnectionOrder:
        return _ConnectionOrder([*self._items, *other])

    def __iter__(self):
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item) -> bool:
        return item in self._items


class _OrderedSignal(NamedSignal):
    set_class = _ConnectionOrder


class _Namespace(dict):
    def signal(self, name: str) -> _OrderedSignal:
        return self.setdefault(name, _OrderedSignal(name))


_signals = _Namespace()

judgment_ingested = _signals.signal("judgment-ingested")
judgment_metadata_changed = _signals.signal("judgment-metadata-changed")
tables_created = _signals.signal("tables-created")
tables_emptied = _signals.signal("tables-emptied")
home_panels = _signals.signal("home-panels")
todo_items = _signals.signal("todo-items")
draw_performed = _signals.signal("draw-performed")
grade_confirmed = _signals.signal("grade-confirmed")
ranking_published = _signals.signal("ranking-published")
ranking_withdrawn = _signals.signal("ranking-withdrawn")
ranking_entry_changed = _signals.signal("ranking-entry-changed")
