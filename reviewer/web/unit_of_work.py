"""The web request is one unit of work: commit once after the view, roll back on any exception.

Every view function registered on the app is wrapped by `install(app)` (called once in
`create_app`), in the manner of indico's request handler (`indico/web/rh.py`: run the handler, then
one `db.session.commit()`). Views therefore load → authorise → call a service → redirect; services
flush and raise, never commit. CLI commands and background jobs keep their own explicit commit.

What the wrapper does with what the view raises (or what the commit raises):

| raised                               | session   | the user gets                                      |
|--------------------------------------|-----------|----------------------------------------------------|
| nothing                              | commit    | the view's response                                |
| `DomainError` (a broken rule)        | roll back | its Chinese `message` (see below)                  |
| `StaleDataError` (optimistic lock)   | roll back | `STALE_MESSAGE`                                    |
| `IntegrityError` (a race on a unique | roll back | `CONFLICT_MESSAGE`                                 |
| key: two people did it at once)      |           |                                                    |
| anything else (incl. `abort(403)`)   | roll back | re-raised: Flask's error pages take it from there  |

"The message" is shown as a flash on the page the form came from: a POST is redirected to the
target the view named with `on_error_redirect(url)` before calling the service, else to the
referring page of this site, else to the home page. A GET goes to the target the view named, or,
when it named none, gets the error page with status 409 and the message. An API request
(`reviewer.api.core`) sets `g.uow_refusal`
and gets RFC 9457 problem details with status 409 instead.

A view that re-renders a form with the message (keeping what the user typed) uses
`with attempt(form.field) as outcome: service(...)`: the block's refusal rolls the session back and
becomes that field's error (or a flashed message), and the view goes on to render the form.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, flash, g, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from reviewer.errors import DomainError
from reviewer.extensions import db

STALE_MESSAGE = "该记录已被他人同时修改，本次保存未生效。请刷新页面查看最新内容后再操作。"
CONFLICT_MESSAGE = "该操作与他人同时进行的操作冲突（记录已存在或已被删除），本次操作未生效，请刷新页面后查看。"

__all__ = ["install", "on_error_redirect", "attempt", "each_in_savepoint", "Outcome", "user_message", "STALE_MESSAGE", "CONFLICT_MESSAGE"]


def user_message(error: BaseException, conflict: str | None = None) -> str | None:
    """The Chinese sentence for an error the user can act on, or None for a programming error.

    `DomainError` → its own message; `StaleDataError` / `IntegrityError` → `conflict` when given,
    else `STALE_MESSAGE` / `CONFLICT_MESSAGE`. Shared by the web wrapper and anything else that
    reports to people (e.g. a batch report per item).
    """
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, StaleDataError):
        return conflict or STALE_MESSAGE
    if isinstance(error, IntegrityError):
        return conflict or CONFLICT_MESSAGE
    return None


def on_error_redirect(url: str, conflict: str | None = None) -> None:
    """Name where the user goes back to if this request's service raises a rule violation, and
    optionally the sentence for a concurrent-edit conflict (stale version, duplicate key)."""
    g.uow_error_redirect = url
    if conflict:
        g.uow_conflict_message = conflict


class Outcome:
    """What happened inside an `attempt` block: `error` is None on success."""

    error: BaseException | None = None
    message: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


@contextmanager
def attempt(field=None, conflict: str | None = None):
    """Try a service call and stay on the page if it is refused (to keep what the user typed).

    A `DomainError`, `StaleDataError` or `IntegrityError` raised in the block rolls the session
    back and becomes `field`'s error (a WTForms field) or, with no field, a flashed message; the
    yielded `Outcome` records it, and the view goes on to re-render its form. The final commit then
    has nothing of the failed attempt to write. Anything else propagates to the request wrapper.
    """
    outcome = Outcome()
    try:
        yield outcome
    except (DomainError, StaleDataError, IntegrityError) as error:
        db.session.rollback()
        outcome.error, outcome.message = error, user_message(error, conflict)
        if field is not None:
            field.errors = list(field.errors or []) + [outcome.message]
        else:
            flash(outcome.message, "danger")


def each_in_savepoint(items, action, conflict: str | None = None) -> list[tuple[object, str | None]]:
    """Run `action(item)` for each item in a savepoint of its own, for batches whose items stand
    alone (announcing several courts' draws): a refused item (`DomainError`, stale data, integrity)
    is rolled back alone and reported; the others stay for the request's one commit.

    Returns [(item, None | the user's message)] in the items' order. Anything else propagates
    (the request rolls back). An all-or-nothing batch needs none of this: it simply raises.
    """
    report = []
    for item in items:
        try:
            with db.session.begin_nested():
                action(item)
        except (DomainError, StaleDataError, IntegrityError) as error:
            report.append((item, user_message(error, conflict)))
        else:
            report.append((item, None))
    return report


def _wrap(view):
    @wraps(view)
    def unit_of_work(*args, **kwargs):
        try:
            response = view(*args, **kwargs)
            db.session.commit()
            return response
        except (DomainError, StaleDataError, IntegrityError) as error:
            db.session.rollback()
            refuse = g.get("uow_refusal") or _refusal  # the JSON API answers with problem details
            return refuse(user_message(error, g.get("uow_conflict_message")))
        except BaseException:
            db.session.rollback()
            raise

    unit_of_work.__wrapped_by_unit_of_work__ = True
    return unit_of_work


def _refusal(message: str):
    target = g.get("uow_error_redirect")
    if target is None and request.method in ("GET", "HEAD"):
        return render_template("errors/error.html", code=409, message=message), 409
    flash(message, "danger")
    return redirect(target or _same_site_referrer() or url_for("main.index"))


def _same_site_referrer() -> str | None:
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    return referrer


def install(app: Flask) -> None:
    """Wrap every view function of `app` (call after all blueprints are registered)."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint == "static" or getattr(view, "__wrapped_by_unit_of_work__", False):
            continue
        app.view_functions[endpoint] = _wrap(view)
