"""reparse-judgments: stored judgments re-read with the current reader, remarks re-anchored by text."""
from __future__ import annotations

import re

from sqlalchemy import select

from models import AuditLog, Review, ReviewRemark, ReviewStatus
from reviewer import storage
from reviewer.judgments.parser import parse_docx
from reviewer.judgments.reparse import anchor_map
from tests.conftest import SHARED
from tests.evaluation_factories import make_reviewer, make_sheet
from tests.factories import make_court, make_judgment, make_stored_file

FIELD = SHARED / "data" / "field"


def test_anchor_map_follows_text_through_labels_merges_splits_and_insertions():
    old = ["标题", "判决如下：", "被告偿还借款。", "驳回其他请求。", "审判员　张三", "书记员　李四", "已删去的一段"]
    new = ["标题", "判决如下：", "一、被告偿还借款。", "二、驳回其他请求。", "审判员　张三", "二〇二一年三月五日",
           "书记员　李四"]
    mapping = anchor_map(old, new)
    assert mapping == {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: None}


def test_anchor_map_finds_a_slightly_changed_paragraph():
    old = ["甲", "原告赵明远与被告钱立新民间借贷纠纷一案，本院立案后依法审理。", "乙"]
    new = ["甲", "插入的一段", "原告赵明远与被告钱立新民间借贷纠纷一案，本院于立案后依法审理。", "乙"]
    assert anchor_map(old, new) == {0: 0, 1: 2, 2: 3}


def _stored_judgment(app, name: str, old_paragraphs: list[str], **fields):
    content = (FIELD / name).read_bytes()
    stored = make_stored_file(content=content)
    path = storage.path_of(stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return make_judgment(file=stored, paragraphs=old_paragraphs, **fields)


def _remark(judgment, index: int, text: str) -> ReviewRemark:
    reviewer = make_reviewer()
    review = Review(subject_kind="judgment", subject_id=judgment.id, sheet_id=make_sheet().id,
                    reviewer_id=reviewer.id, status=ReviewStatus.DRAFT)
    remark = ReviewRemark(text=text, paragraph_index=index)
    review.remarks.append(remark)
    from reviewer.extensions import db
    db.session.add(review)
    db.session.flush()
    return remark


def test_reparse_reanchors_remarks_fills_missing_fields_and_lists_lost_ones(app, db):
    current = parse_docx(FIELD / "c09_auto_numbered_ruling.docx").paragraphs
    # what the old reader stored: no list labels, no 二〇二一年三月五日 line, plus a line now gone
    old = [re.sub(r"^[一二三]、", "", p) for p in current if p != "二〇二一年三月五日"] + ["旧读法多出的一段"]
    court = make_court("豫0811")
    judgment = _stored_judgment(app, "c09_auto_numbered_ruling.docx", old, court=court, cause="民间借贷纠纷")
    judgment.judgment_date = None
    item = old.index("驳回原告赵明远的其他诉讼请求。")
    clerk = len(old) - 2
    on_item = _remark(judgment, item, "主文表述可以更清楚")
    on_clerk = _remark(judgment, clerk, "书记员署名")
    on_gone = _remark(judgment, len(old) - 1, "这段已经不存在")
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["reparse-judgments"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    judgment = db.session.get(type(judgment), judgment.id)
    assert judgment.paragraphs == current
    assert str(judgment.judgment_date) == "2021-03-05"
    assert judgment.paragraphs[db.session.get(ReviewRemark, on_item.id).paragraph_index] == "三、驳回原告赵明远的其他诉讼请求。"
    assert "周晓梅" in judgment.paragraphs[db.session.get(ReviewRemark, on_clerk.id).paragraph_index]
    assert db.session.get(ReviewRemark, on_gone.id).paragraph_index == len(old) - 1   # kept, and listed
    assert f"评语 {on_gone.id}" in result.output and "无法定位 1 条" in result.output
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "judgment.reparsed"))
    assert entry is not None and "judgment_date" in str(entry.after)


def test_reparse_does_not_overwrite_corrected_metadata_and_dry_run_writes_nothing(app, db):
    current = parse_docx(FIELD / "c06_textbox_signature.docx").paragraphs
    old = current[:-3]                                      # the text-box signature was not read
    judgment = _stored_judgment(app, "c06_textbox_signature.docx", old, court=make_court("豫0811"),
                                cause="人工核对后的案由")
    judgment.presiding_judge_name = None
    judgment.clerk_name = None
    db.session.commit()
    dry = app.test_cli_runner().invoke(args=["reparse-judgments", "--dry-run"])
    assert "试运行" in dry.output
    db.session.expire_all()
    assert db.session.get(type(judgment), judgment.id).paragraphs == old
    app.test_cli_runner().invoke(args=["reparse-judgments"])
    db.session.expire_all()
    judgment = db.session.get(type(judgment), judgment.id)
    assert judgment.paragraphs == current
    assert (judgment.presiding_judge_name, judgment.clerk_name) == ("孙志刚", "周晓梅")
    assert judgment.cause == "人工核对后的案由"
