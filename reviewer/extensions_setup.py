"""Database extras beyond `create_all` (search indexes, triggers), announced by signals.

`after_create_all(app)` runs after tables are created in tests and by `flask init-db` (migrations
run the same statements); `reset_after_truncate(connection)` when tests empty the tables. Who
listens is wired in `reviewer.wiring`.
"""
from __future__ import annotations

from reviewer import signals


def after_create_all(app) -> None:
    signals.tables_created.send(app)


def reset_after_truncate(connection) -> None:
    signals.tables_emptied.send(connection)
