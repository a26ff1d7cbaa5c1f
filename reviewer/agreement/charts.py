"""Geometry of the agreement page's server-rendered SVG charts (no JavaScript). Pure.

`bars` lays out one horizontal bar per row on a fixed scale with the reading's threshold lines;
`forest` lays out each reviewer's severity as a point with its 95 % interval around a zero line.
Coordinates are in SVG user units; templates only draw what is computed here.
"""
from __future__ import annotations

LABEL_WIDTH, PLOT_WIDTH, ROW_HEIGHT, TOP = 200, 420, 22, 24


def _x(value: float, lo: float, hi: float) -> float:
    value = min(max(value, lo), hi)
    return round(LABEL_WIDTH + (value - lo) / (hi - lo) * PLOT_WIDTH, 1)


def bars(rows, thresholds: tuple[float, float], lo: float = -0.2, hi: float = 1.0) -> dict:
    """rows: [(label, value or None, css class)] → {width, height, zero, rules, bars}.

    A row without a value gets no bar and its `note` (e.g. 样本不足) is written instead.
    """
    zero = _x(0.0, lo, hi)
    items = []
    for index, (label, value, note) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        item = {"label": label, "y": y, "text_y": y + 14, "note": note, "value": value}
        if value is not None:
            end = _x(value, lo, hi)
            item.update(x=min(zero, end), width=max(abs(end - zero), 1.0),
                        level="good" if value >= thresholds[1] else "fair" if value >= thresholds[0] else "poor")
        items.append(item)
    rules = [{"x": _x(t, lo, hi), "label": f"{t:g}"} for t in thresholds]
    ticks = [{"x": _x(t, lo, hi), "label": f"{t:g}"} for t in (lo, 0.0, 0.5, hi)]
    return {"width": LABEL_WIDTH + PLOT_WIDTH + 60, "height": TOP + len(rows) * ROW_HEIGHT + 24,
            "zero": zero, "rules": rules, "ticks": ticks, "bars": items, "plot_right": LABEL_WIDTH + PLOT_WIDTH,
            "axis_y": TOP + len(rows) * ROW_HEIGHT + 4}


def forest(rows) -> dict:
    """rows: [(label, value, low, high)] with None values skipped → points, intervals, zero line."""
    usable = [row for row in rows if row[1] is not None]
    extent = max([abs(v) for row in usable for v in row[1:]] + [1.0])
    extent = float(int(extent) + 1)
    lo, hi = -extent, extent
    points = []
    for index, (label, value, low, high) in enumerate(usable):
        y = TOP + index * ROW_HEIGHT + 8
        points.append({"label": label, "y": y, "text_y": y + 5, "x": _x(value, lo, hi),
                       "x1": _x(low, lo, hi), "x2": _x(high, lo, hi),
                       "level": "strict" if low > 0 else "lenient" if high < 0 else "even"})
    ticks = [{"x": _x(t, lo, hi), "label": f"{t:+g}" if t else "0"} for t in (lo, lo / 2, 0.0, hi / 2, hi)]
    return {"width": LABEL_WIDTH + PLOT_WIDTH + 60, "height": TOP + len(usable) * ROW_HEIGHT + 24,
            "zero": _x(0.0, lo, hi), "points": points, "ticks": ticks,
            "axis_y": TOP + len(usable) * ROW_HEIGHT + 4}
