"""PNG trend charts for the Word reports, rendered on the server with matplotlib (Agg). Pure.

The court machines have no CJK font for matplotlib, so the image carries only numbers (months as
MM/YY, values, the dashed target line); the Chinese title is the caption under it in the document.
"""
from __future__ import annotations

import io


def trend_png(months: list[str], series: list[float | None], target: float | None = None,
              width_in: float = 6.0, height_in: float = 2.2) -> bytes:
    """One indicator's monthly values as a line (gaps where there is no figure); PNG bytes."""
    # matplotlib's object API (no pyplot: no global figure list, no backend to choose, thread-safe),
    # imported here so that start-up does not pay for it (issue 19).
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=150)
    axes = figure.subplots()
    labels = [f"{m[5:7]}/{m[2:4]}" for m in months]
    xs = list(range(len(months)))
    values = [float("nan") if v is None else v for v in series]
    axes.plot(xs, values, marker="o", markersize=3, linewidth=1.5, color="#1f4e9c")
    if target is not None:
        axes.axhline(target, color="#c0392b", linestyle="--", linewidth=1)
    axes.set_xticks(xs)
    axes.set_xticklabels(labels, fontsize=7)
    axes.tick_params(axis="y", labelsize=7)
    axes.grid(axis="y", linewidth=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
