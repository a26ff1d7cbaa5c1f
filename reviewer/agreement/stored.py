"""An agreement report as JSON and back, for the report rows the background job stores. Pure, no Flask.

`dump(report)` gives a JSON-ready dict of everything the page shows (the figures, items, pairs and
severities; not the per-subject adjusted scores, which the page does not show and
`services.severity_for_month` fits on its own); `load(dump(report))` gives an `AgreementReport`
whose `as_dict()` equals the original's. Importing this module loads neither pandas, pingouin,
krippendorff nor SciPy (the web page reads stored reports, issue 19 item 4).
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np

from reviewer.agreement.dispersion import PairRow, Share
from reviewer.agreement.report import AgreementReport, ItemAgreement, ItemInfo
from reviewer.agreement.severity import Severity
from reviewer.agreement.statistics import Estimate, IccResult

VERSION = 1   # of the payload's shape; a stored payload of another version is computed again
_ARRAYS = ("scored_subjects", "raw_scores", "adjusted_scores")


def _plain(value):
    """numpy scalars → Python numbers, recursively (the JSON column takes only plain types)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def dump(report: AgreementReport) -> dict:
    """The report as plain JSON types, with `version`."""
    data = asdict(report, dict_factory=lambda pairs: {k: v for k, v in pairs if k not in _ARRAYS})
    return {"version": VERSION, **_plain(data)}


def _estimate(data: dict) -> Estimate:
    return Estimate(**data)


def load(payload: dict) -> AgreementReport:
    """The `AgreementReport` of `dump`'s output. Raises KeyError/TypeError on another shape."""
    if payload.get("version") != VERSION:
        raise KeyError("version")
    icc = payload["icc"]
    return AgreementReport(
        sheets=payload["sheets"], subjects=payload["subjects"], shared_subjects=payload["shared_subjects"],
        reviewers=payload["reviewers"],
        icc=IccResult(_estimate(icc["single"]), _estimate(icc["average"]), _estimate(icc["oneway"]), icc["k"]),
        grade_alpha=_estimate(payload["grade_alpha"]), over=Share(**payload["over"]),
        items=[ItemAgreement(ItemInfo(**row["item"]), _estimate(row["alpha"]), Share(**row["over"]))
               for row in payload["items"]],
        pairs=[PairRow(**row) for row in payload["pairs"]],
        severities=[Severity(row["reviewer_id"], _estimate(row["severity"]), row["consistency"], row["effect"],
                             row["sheets"]) for row in payload["severities"]],
        spread_threshold=payload["spread_threshold"],
    )
