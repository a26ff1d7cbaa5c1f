"""Database extras beyond `create_all` (search indexes, triggers) that features register.

`AFTER_CREATE_ALL` hooks run after tables are created in tests and by `flask init-db`;
migrations run the same statements. `RESET_HOOKS` run when tests empty the tables on SQLite.
"""
from __future__ import annotations

AFTER_CREATE_ALL: list = []
RESET_HOOKS: list = []


def after_create_all(app) -> None:
    for hook in AFTER_CREATE_ALL:
        hook(app)


def reset_after_truncate(connection) -> None:
    for hook in RESET_HOOKS:
        hook(connection)
