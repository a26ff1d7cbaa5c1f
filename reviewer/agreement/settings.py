"""The office's fairness settings (one row of `FairnessSetting`): read with defaults, change audited."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from models import FairnessSetting
from reviewer.audit import record
from reviewer.errors import DomainError
from reviewer.extensions import db

RAW, ADJUSTED = "raw", "adjusted"
BASIS_LABELS = {RAW: "原始综合得分", ADJUSTED: "宽严度调整分"}


def basis_rule(basis: str) -> str:
    """The sentence the published ranking rule carries about which score the lists use."""
    if basis == ADJUSTED:
        return ("榜单按宽严度调整分排序：在原始综合得分上加回各评查员的宽严度效应（按本季度已提交的评查表以加性"
                "评查员效应模型估计），以免文书因遇到偏严或偏宽的评查员而进出榜单；等级不因调整而改变。")
    return ("榜单按原始综合得分（各评查员扣分的平均）排序，未作评查员宽严度调整；"
            "宽严度调整分仅供审管办参考，调整会使文书进出榜单的，编制页面另有标注。")


def current_settings() -> FairnessSetting:
    """The settings row, or an unsaved one with the defaults (raw scores, no calibration required)."""
    row = db.session.scalar(select(FairnessSetting).order_by(FairnessSetting.id).limit(1))
    return row or FairnessSetting(ranking_basis=RAW, require_calibration=False, tolerance=Decimal("10"),
                                  valid_days=92)


def update_settings(actor, *, ranking_basis: str, require_calibration: bool, tolerance: Decimal,
                    valid_days: int, lock_version: int | None = None) -> FairnessSetting:
    """Change the settings (flushes; audited). Raises DomainError on a value out of range."""
    if ranking_basis not in BASIS_LABELS:
        raise DomainError("榜单分数口径只能是原始综合得分或宽严度调整分。")
    if not (Decimal("0") <= tolerance <= Decimal("100")):
        raise DomainError("校准合格线应在 0–100 分之间。")
    if not 1 <= valid_days <= 730:
        raise DomainError("校准有效期应在 1–730 天之间。")
    row = db.session.scalar(select(FairnessSetting).order_by(FairnessSetting.id).limit(1))
    if row is None:
        row = FairnessSetting()
        db.session.add(row)
    elif lock_version is not None and row.lock_version != lock_version:
        raise DomainError("评查公平性设置已被他人同时修改，本次保存未生效。请刷新页面后再操作。")
    before = {"ranking_basis": row.ranking_basis, "require_calibration": row.require_calibration,
              "tolerance": str(row.tolerance) if row.tolerance is not None else None, "valid_days": row.valid_days}
    row.ranking_basis, row.require_calibration = ranking_basis, require_calibration
    row.tolerance, row.valid_days, row.updated_by_id = tolerance, valid_days, actor.id
    db.session.flush()
    record(actor, "fairness.settings", row, before=before,
           after={"ranking_basis": ranking_basis, "require_calibration": require_calibration,
                  "tolerance": str(tolerance), "valid_days": valid_days})
    return row
