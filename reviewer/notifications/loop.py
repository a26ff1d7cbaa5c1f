"""Notifications that close the loop: receivers of the named signals (wired in `reviewer.wiring`).

- a draw picks a division head's judgment → that head and the court's liaisons (who upload it);
- a grade is confirmed → the judge in charge of the subject;
- a month's list is published → the judges of the listed judgments and their courts' liaisons; a
  re-publication says it replaces the version withdrawn earlier;
- a published list is withdrawn → everyone who was told it was published, with the reason;
- one entry is withdrawn for a second look, or published again → its judge and its court's liaisons.
Each runs a constant number of queries per event and flushes inside the sender's unit of work.
"""
from __future__ import annotations

from sqlalchemy import select

from models import Role, User, UserRole
from models.draw import EntryStatus
from models.notification import Notification, NotificationKind
from reviewer import subjects
from reviewer.extensions import db
from reviewer.notifications.services import local_url, notify


def liaisons_of(court_ids) -> list[User]:
    return list(db.session.scalars(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.LIAISON, User.court_id.in_(set(court_ids)), User.active.is_(True))
        .order_by(User.id)))


def _month_words(month: str) -> str:
    return f"{month[:4]}年{int(month[5:])}月"


def draw_picked(draw, **_kwargs) -> None:
    drawn = [e for e in draw.entries if e.status == EntryStatus.DRAWN]
    if not drawn:
        return
    url = local_url("draws.detail", draw_id=draw.id)
    month = _month_words(draw.month)
    for entry in drawn:
        if entry.head is not None and entry.head.active:
            notify(entry.head, NotificationKind.GENERAL,
                   f"{month}随机抽取：您的 {entry.result_case_number} 被抽中评查，请协助联络员上传该文书。",
                   url=url, dedupe_key=f"draw_picked:{entry.id}")
    lines = "；".join(f"{e.division_name} {e.head_name}：{e.result_case_number}" for e in drawn)
    for liaison in liaisons_of([draw.court_id]):
        notify(liaison, NotificationKind.GENERAL,
               f"{month}随机抽取已完成，请上传被抽中的文书（{lines}）。", url=url,
               dedupe_key=f"draw_picked:{draw.id}:court")


def grade_confirmed(evaluation, actor=None, **_kwargs) -> None:
    spec = subjects.get(evaluation.subject_kind)
    obj = subjects.load(evaluation.subject_kind, evaluation.subject_id)
    if spec is None or obj is None:
        return
    judge_id = spec.judge_user_id(obj)
    judge = db.session.get(User, judge_id) if judge_id else None
    if judge is None or not judge.active or (actor is not None and judge.id == actor.id):
        return
    notify(judge, NotificationKind.GENERAL,
           f"您承办的{spec.label} {spec.title(obj)} 评查等级已确认：{evaluation.final_grade.label}。",
           url=local_url(spec.detail_endpoint, **spec.detail_args(obj)),
           dedupe_key=f"grade:{evaluation.id}:{evaluation.confirmed_at.isoformat()}")


def list_published(ranking, **_kwargs) -> None:
    """The judges of the listed judgments and the liaisons of their courts."""
    recipients = {u.id: u for u in liaisons_of(e.judgment.court_id for e in ranking.entries)}
    for entry in ranking.entries:
        if entry.judgment.judge is not None and entry.judgment.judge.active:
            recipients.setdefault(entry.judgment.judge_id, entry.judgment.judge)
    text = f"{_month_words(ranking.month)}优秀/瑕疵裁判文书榜已公布。"
    if ranking.unpublished_at is not None:
        text = (f"{_month_words(ranking.month)}优秀/瑕疵裁判文书榜已重新公布，取代"
                f"{ranking.unpublished_at.date().isoformat()}撤回的版本（撤回理由：{ranking.unpublish_reason}）。")
    for user in recipients.values():
        notify(user, NotificationKind.LIST_PUBLISHED, text, url=local_url("rankings.board", month=ranking.month),
               dedupe_key=f"list_published:{ranking.id}:{ranking.published_at.isoformat()}")


def list_withdrawn(ranking, reason: str = "", **_kwargs) -> None:
    """Everyone who was told of a publication of this list (any earlier one too)."""
    told = db.session.scalars(select(User).join(Notification, Notification.user_id == User.id).where(
        Notification.dedupe_key.like(f"list_published:{ranking.id}:%"), User.active.is_(True)).distinct()).all()
    for user in told:
        notify(user, NotificationKind.LIST_PUBLISHED,
               f"{_month_words(ranking.month)}优秀/瑕疵裁判文书榜已撤回公布，理由：{reason}。重新公布时将另行通知。",
               url=local_url("rankings.board", month=ranking.month),
               dedupe_key=f"list_withdrawn:{ranking.id}:{ranking.unpublished_at.isoformat()}")


def entry_changed(entry, action: str = "", **_kwargs) -> None:
    judgment = entry.judgment
    recipients = {u.id: u for u in liaisons_of([judgment.court_id])}
    if judgment.judge is not None and judgment.judge.active:
        recipients.setdefault(judgment.judge_id, judgment.judge)
    what = "撤回复核" if action == "withdrawn" else "复核后重新公布"
    for user in recipients.values():
        notify(user, NotificationKind.LIST_PUBLISHED,
               f"{_month_words(entry.ranking.month)}{entry.kind.label}榜中的 {judgment.case_number} 已{what}"
               f"（{(entry.public_note or '').split('；')[-1]}）。",
               url=local_url("rankings.board", month=entry.ranking.month))
