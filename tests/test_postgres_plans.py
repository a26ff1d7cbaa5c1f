"""PostgreSQL connections plan every statement with its values (reviewer._configure_postgresql):
psycopg's server-side prepared statements must not fall back to a generic plan."""
from __future__ import annotations

import pytest
from sqlalchemy import text


def test_every_connection_plans_with_the_values(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting")
    assert db.session.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
    with db.engine.connect() as other:   # a second pooled connection has it too
        assert other.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"


def test_a_statement_run_many_times_keeps_a_custom_plan(db):
    """Past the executions after which PostgreSQL may choose a generic plan (five), a prepared
    statement is still planned with its value: the plan shows the literal, not the parameter $1."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting")
    connection = db.session.connection()
    connection.execute(text("PREPARE by_number(text) AS SELECT count(*) FROM judgments WHERE case_number = $1"))
    for _ in range(10):
        connection.execute(text("EXECUTE by_number('（2021）豫0802民初1号')"))
    plan = " ".join(connection.execute(text("EXPLAIN EXECUTE by_number('（2021）豫0802民初1号')")).scalars())
    connection.execute(text("DEALLOCATE by_number"))
    assert "$1" not in plan and "豫0802民初1号" in plan
