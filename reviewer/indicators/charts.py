"""Small server-side charts: SVG sparkline geometry for the dashboard's 12-month trends. Pure."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    segments: list[str]            # SVG polyline "x,y x,y …" runs; a month without a value breaks the line
    dots: list[tuple[float, float]]
    target_y: float | None         # the target's horizontal line, when it falls inside the range
    low: float | None
    high: float | None


def sparkline(values: list[float | None], target: float | None = None, width: int = 120,
              height: int = 28, pad: int = 3) -> Sparkline:
    """Scale `values` (None = no figure that month) into a width × height box, target included."""
    present = [v for v in values if v is not None]
    scale = present + ([target] if target is not None else [])
    if not present:
        return Sparkline(width, height, [], [], None, None, None)
    low, high = min(scale), max(scale)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def y(value: float) -> float:
        return round(height - pad - (value - low) / span * (height - 2 * pad), 1)

    segments, current, dots = [], [], []
    for index, value in enumerate(values):
        if value is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        point = (round(pad + index * step, 1), y(value))
        current.append(f"{point[0]},{point[1]}")
        dots.append(point)
    if current:
        segments.append(" ".join(current))
    target_y = y(target) if target is not None else None
    return Sparkline(width, height, segments, dots, target_y, min(present), max(present))
