"""Loading the published annual top-ten hearing lists (kept by the hearings feature)."""
from __future__ import annotations

from reviewer.bulletins.builders import TopHearing
from reviewer.errors import DomainError


def available() -> bool:
    try:
        import models.hearing as hearing
    except ImportError:
        return False
    return hasattr(hearing, "AnnualTopTen")


def load(year: int) -> tuple[list[TopHearing], list[TopHearing]]:
    if not available():
        raise DomainError("年度十大庭审案例功能尚未提供数据。")
    raise DomainError(f"{year} 年度十大庭审案例尚未公布。")
