"""Forms of the monthly rankings: edit the draft lists, publish, unpublish."""
from __future__ import annotations

from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from forms.base import BaseForm
from models.ranking import ListKind


class DraftForm(BaseForm):
    """The rows of each list are dynamic fields, read by `list_rows`:
    `<kind>-<n>-judgment`, `<kind>-<n>-position`, `<kind>-<n>-reason`, `<kind>-<n>-remove`,
    plus one `<kind>-new-judgment` / `<kind>-new-reason` to add."""

    lock_version = HiddenField()
    submit = SubmitField("保存草稿")


class PublishForm(BaseForm):
    lock_version = HiddenField()
    submit = SubmitField("确认并张榜公布")


class UnpublishForm(BaseForm):
    reason = TextAreaField("撤销理由", validators=[DataRequired("撤销公布必须填写理由。"),
                                                Length(max=2000, message="撤销理由不能超过 2000 字。")])
    submit = SubmitField("撤销公布")


def list_rows(formdata, kind: ListKind) -> tuple[list[tuple[int, str]], list[str]]:
    """The ordered [(judgment_id, reason)] of one list from the submitted form, and errors."""
    rows, errors = [], []
    prefix = kind.value
    n = 0
    while f"{prefix}-{n}-judgment" in formdata:
        judgment_id = formdata.get(f"{prefix}-{n}-judgment", "")
        if not formdata.get(f"{prefix}-{n}-remove") and judgment_id.isdigit():
            try:
                position = float(formdata.get(f"{prefix}-{n}-position") or n + 1)
            except ValueError:
                errors.append(f"{kind.label}榜第 {n + 1} 行的名次不是数字。")
                position = n + 1
            rows.append((position, n, int(judgment_id), formdata.get(f"{prefix}-{n}-reason", "")))
        n += 1
    new_id = formdata.get(f"{prefix}-new-judgment", "")
    if new_id.isdigit():
        rows.append((float("inf"), n, int(new_id), formdata.get(f"{prefix}-new-reason", "")))
    rows.sort()
    return [(judgment_id, reason) for _pos, _n, judgment_id, reason in rows], errors
