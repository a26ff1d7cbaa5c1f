"""Demo step: hearing recordings of the demo months, with real (small) video files.

Fifteen hearings across three basic courts and the intermediate court are declared by the court's
liaison through the real service, their recording (a PyAV-made test pattern with a tone, see
`hearing_clips`) is sent through the resumable-upload service and moved into storage, and the real
processing job probes it, takes the poster frame and — for the one AVI, as a court system would
produce — transcodes it to MP4. The completion time is then set back to a date in the month after
the hearing's month, so the quota board shows every state: 已完成, 逾期完成 and 未完成.

Reviews, the quarterly observation round, the top-ten proposal and the library follow in
`reviewer.demo.hearing_reviews`.
"""
from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from models import Hearing, HearingNomination, HearingStatus
from reviewer.demo.hearing_clips import make_clip
from reviewer.extensions import db
from reviewer.recordings import services, uploads
from reviewer.recordings.tasks import process_hearing_job

E, F, S = HearingNomination.EXCELLENT, HearingNomination.FLAWED, HearingNomination.SAMPLE
ON_TIME, LATE = 2, 9  # day of the following month the upload completed (the deadline is day 5)

# month slot, court, nomination, case number, cause, procedure, presiding judge, judge user,
# hearing day, submitted (day of next month), seconds, container. The slots 2021-03/04/05 stand for
# the demo's three months and 2020-06 for a month of last year (its top-ten); `plan(calendar)`
# gives the real months and case-number years.
PLAN = [
    ("2021-03", "豫0802", E, "（2021）豫0802民初1186号", "民间借贷纠纷", "一审普通程序", "王法官", "judge_wang", 9, ON_TIME, 30, "mp4"),
    ("2021-03", "豫0802", F, "（2021）豫0802民初1243号", "买卖合同纠纷", "一审简易程序", "孙立新", None, 16, ON_TIME, 24, "mp4"),
    ("2021-03", "豫0811", E, "（2021）豫0811民初876号", "机动车交通事故责任纠纷", "一审普通程序", "李法官", "judge_li", 11, ON_TIME, 28, "mp4"),
    ("2021-03", "豫0811", F, "（2021）豫0811刑初95号", "危险驾驶罪", "一审简易程序", "周敏", None, 18, ON_TIME, 22, "mp4"),
    ("2021-03", "豫0883", S, "（2021）豫0883民初542号", "离婚纠纷", "一审简易程序", "张法官", "judge_zhang", 23, ON_TIME, 24, "avi"),
    ("2021-04", "豫0802", E, "（2021）豫0802民初1571号", "劳动争议", "一审普通程序", "王法官", "judge_wang", 8, ON_TIME, 26, "mp4"),
    ("2021-04", "豫0802", F, "（2021）豫0802民初1609号", "物业服务合同纠纷", "一审简易程序", "孙立新", None, 20, LATE, 20, "mp4"),
    ("2021-04", "豫0811", F, "（2021）豫0811刑初131号", "盗窃罪", "一审普通程序", "李法官", "judge_li", 14, ON_TIME, 24, "mp4"),
    ("2021-04", "豫0883", E, "（2021）豫0883民初733号", "房屋租赁合同纠纷", "一审普通程序", "张法官", "judge_zhang", 13, ON_TIME, 30, "mp4"),
    ("2021-04", "豫0883", F, "（2021）豫0883民初768号", "金融借款合同纠纷", "一审简易程序", "韩雪", None, 22, LATE, 22, "mp4"),
    ("2021-04", "豫08", S, "（2021）豫08民终1022号", "民间借贷纠纷", "二审", "赵法官", "judge_zhao", 15, ON_TIME, 26, "mp4"),
    ("2021-05", "豫0802", E, "（2021）豫0802民初2044号", "离婚纠纷", "一审简易程序", "王法官", "judge_wang", 12, ON_TIME, 24, "mp4"),
    ("2021-05", "豫0811", E, "（2021）豫0811民初1329号", "劳动争议", "一审普通程序", "李法官", "judge_li", 10, ON_TIME, 28, "mp4"),
    ("2021-05", "豫0811", F, "（2021）豫0811民初1377号", "买卖合同纠纷", "一审简易程序", "周敏", None, 19, ON_TIME, 20, "mp4"),
    ("2021-05", "豫08", E, "（2021）豫08民终1388号", "机动车交通事故责任纠纷", "二审", "赵法官", "judge_zhao", 20, ON_TIME, 30, "mp4"),
    ("2020-06", "豫0802", E, "（2020）豫0802民初3310号", "民间借贷纠纷", "一审普通程序", "王法官", "judge_wang", 16, ON_TIME, 24, "mp4"),
    ("2020-06", "豫0811", F, "（2020）豫0811民初2207号", "买卖合同纠纷", "一审简易程序", "周敏", None, 9, ON_TIME, 20, "mp4"),
]
SLOTS = ("2021-03", "2021-04", "2021-05")


def plan(calendar) -> list[tuple]:
    """PLAN with its slots as the calendar's months and each case number's year that month's."""
    real = dict(zip(SLOTS, calendar.months)) | {"2020-06": calendar.last_year_month}
    rows = []
    for row in PLAN:
        month = real[row[0]]
        rows.append((month, row[1], row[2], f"（{month[:4]}）" + row[3].split("）", 1)[1], *row[4:]))
    return rows


UPLOADERS = {"豫0802": "liaison_jf", "豫0811": "liaison_sy", "豫0883": "liaison_mz", "豫08": "liaison_zy"}


def seed_hearings(ctx) -> str | None:
    """Recordings first (one commit per processed file, as the worker does), then the programme."""
    from reviewer.demo.hearing_reviews import seed_hearing_programme

    added, seconds = _recordings(ctx)
    summary = seed_hearing_programme(ctx)
    if added is None and summary is None:
        return None
    head = (f"庭审录像：新增 {added} 件（共 {seconds} 秒，均经真实处理任务探测、截图）"
            if added is not None else "庭审录像：已存在，未重复生成")
    return head + ("；" + summary if summary else "")


def _recordings(ctx) -> tuple[int | None, int]:
    existing = set(db.session.scalars(select(Hearing.case_number)))
    todo = [row for row in plan(ctx.calendar) if row[3] not in existing and row[1] in ctx.courts
            and UPLOADERS[row[1]] in ctx.users]
    if not todo:
        return None, 0
    seconds = 0
    with tempfile.TemporaryDirectory(prefix="demo-hearings-") as folder:
        for n, row in enumerate(todo):
            hearing = _upload(ctx, row, Path(folder), hue=40 + 37 * n)
            seconds += row[10]
            process_hearing_job(hearing.id)
            if db.session.get(Hearing, hearing.id).status != HearingStatus.READY:
                raise RuntimeError(f"demo recording {row[3]} failed: {hearing.processing_error}")
    return len(todo), seconds


def _upload(ctx, row, folder: Path, hue: int) -> Hearing:
    (month, code, nomination, case_number, cause, procedure, presiding, judge, day,
     submitted_day, seconds, kind) = row
    liaison = ctx.users[UPLOADERS[code]]
    year, mon = (int(x) for x in month.split("-"))
    path = make_clip(folder / f"{len(case_number)}-{hue}.{kind}", seconds, hue, kind)
    size = path.stat().st_size
    data = {"month": month, "case_number": case_number, "cause": cause, "procedure": procedure,
            "hearing_date": date(year, mon, day), "presiding_judge_name": presiding,
            "judge_id": ctx.users[judge].id if judge in ctx.users else None,
            "nomination": nomination.value, "file_name": f"{case_number}庭审录像.{kind}", "file_size": size}
    hearing, upload = services.create_hearing(liaison, ctx.courts[code], data)
    half = size // 2  # two chunks, as the browser sends them
    with open(path, "rb") as fh:
        uploads.receive(upload, 0, fh, half)
        uploads.receive(upload, half, fh, size - half)
    uploads.finish(liaison, upload)
    # The upload completed early (on time) or late in the next month (never later than now).
    submitted = ctx.calendar.at(month, submitted_day, 10) + timedelta(minutes=30)
    hearing.submitted_at = submitted
    hearing.created_at = upload.created_at = submitted - timedelta(minutes=12)
    upload.updated_at = upload.completed_at = submitted
    db.session.flush()
    return hearing
