"""The audit log in words: Chinese action names and the changed fields as "before → after".

Rules (no Flask, no database):
- `action_label(action)`: the name in ACTIONS; else the feature's name (the part before the dot)
  followed by the raw verb, so a new action is still readable; the code itself is never hidden
  from the filter.
- `changes(before, after)`: one line per field present in either side, in the order the service
  wrote them, whose value differs (a snapshot written only on one side shows all its fields);
  the field named from FIELDS (else its key), values in words: 是/否 for booleans, （空） for
  nothing, lists joined with "、", known status and grade codes in Chinese, nested values compact.
"""
from __future__ import annotations

from dataclasses import dataclass

LOGIN_ACTIONS = ("login", "login.failed", "login.locked", "login.refused_inactive", "logout")

FEATURES = {
    "api_token": "API 令牌", "bulletin": "通报文书", "caselist": "结案清单", "court": "法院", "division": "部门",
    "draw": "随机抽取", "evaluation": "评查结果", "filing": "每月报备", "guidance": "审判业务指引",
    "hearing": "庭审", "indicators": "质效指标", "judgment": "裁判文书", "login": "登录", "meeting": "评析会",
    "objection": "异议", "points": "考核分值", "precheck": "格式检查", "ranking": "月度榜单",
    "register": "案件台账", "reversal": "发改案件", "review": "评查", "scoresheet": "评查表", "user": "用户",
}

ACTIONS = {
    "login": "登录", "login.failed": "登录失败", "login.locked": "登录被锁定", "login.refused_inactive": "停用账号登录被拒",
    "logout": "退出登录",
    "api_token.create": "创建 API 令牌", "api_token.revoke": "吊销 API 令牌",
    "bulletin.number_issued": "生成通报并编号", "bulletin.regenerated": "重新生成通报",
    "caselist.upload": "上传结案清单", "caselist.apply": "导入结案清单", "caselist.discard": "放弃结案清单",
    "court.created": "新建法院", "court.updated": "修改法院", "division.created": "新建部门", "division.updated": "修改部门",
    "draw.announce": "公告随机抽取", "draw.perform": "执行随机抽取",
    "evaluation.compute": "汇总评查结果", "evaluation.clear": "撤销汇总结果", "evaluation.confirm": "确认等级",
    "filing.file": "每月报备",
    "guidance.publish": "发布审判业务指引",
    "hearing.created": "登记庭审录像", "hearing.deleted": "删除庭审录像", "hearing.published": "发布至庭审示范库",
    "hearing.provincial_showcase": "推荐省法院展播", "hearing.quota_deadline": "设置庭审报送截止日",
    "hearing.reprocess": "重新处理录像", "hearing.upload_completed": "录像上传完成",
    "hearing.upload_abandoned": "录像上传中止", "hearing.schedule_imported": "导入开庭排期",
    "hearing.round_opened": "开启观摩评查", "hearing.round_drawn": "抽取观摩庭审", "hearing.round_mode": "设置观摩方式",
    "hearing.round_closed": "结束观摩评查", "hearing.top_ten_proposed": "拟定十大庭审",
    "hearing.top_ten_removed": "移出十大庭审", "hearing.top_ten_comment": "十大庭审公示",
    "hearing.top_ten_published": "发布十大庭审",
    "indicators.remind": "指标预警提醒", "indicators.report": "生成指标报告", "indicators.settings": "修改指标设置",
    "indicators.target": "设置指标目标",
    "judgment.uploaded": "上传裁判文书", "judgment.metadata_edited": "修改文书信息", "judgment.submitted": "报送裁判文书",
    "judgment.deleted": "删除裁判文书", "judgment.reparsed": "重新解析文书",
    "meeting.file": "提交评析会记录", "meeting.confirm": "确认评析会",
    "objection.lodge": "提出异议", "objection.answer": "答复异议",
    "points.post": "记录考核分值", "points.correct": "更正考核分值", "points.rule": "修改分值规则",
    "precheck.dismiss": "驳回格式检查结果", "precheck.mapping": "修改格式检查对应",
    "ranking.create": "编制月度榜单", "ranking.save": "保存榜单草稿", "ranking.publish": "公布月度榜单",
    "ranking.unpublish": "撤回月度榜单",
    "register.upload": "上传案件台账", "register.check": "检查案件台账", "register.apply": "导入案件台账",
    "register.discard": "放弃案件台账", "register.mapping": "保存台账表头对应",
    "reversal.record": "登记发改案件", "reversal.self_check": "提交自查报告", "reversal.evaluate": "发改评查",
    "reversal.object": "提出申辩", "reversal.decide": "会议决定", "reversal.close": "结案", "reversal.leader": "指定院领导",
    "reversal.notice": "发布发改通报", "reversal.talk": "记录诫勉谈话", "reversal.import_upload": "上传发改登记表",
    "reversal.import_apply": "导入发改登记表", "reversal.import_discard": "放弃发改登记表",
    "review.assign": "分配评查", "review.auto_assign": "自动分配评查", "review.unassign": "取消分配",
    "review.start": "开始评查", "review.save_draft": "暂存评查表", "review.set_item": "填写评查项", "review.submit": "提交评查表", "review.reopen": "退回评查表",
    "scoresheet.create": "新建评查表", "scoresheet.edit": "修改评查表", "scoresheet.new_version": "评查表新版本",
    "scoresheet.activate": "启用评查表",
    "user.created": "新建用户", "user.updated": "修改用户", "user.password_changed": "修改密码",
}

FIELDS = {
    "active": "启用", "added": "新增", "answer": "答复", "assigned": "已分配", "best": "精品", "body": "内容",
    "candidates": "候选", "case_number": "案号", "categories": "问题类别", "code": "代码", "comment_until": "公示截止",
    "confirmed": "确认", "court": "法院", "court_id": "法院", "deadline": "截止日", "deduction": "扣分",
    "display_name": "姓名", "division_id": "部门", "drawn": "抽中", "due_date": "完成期限", "email": "邮箱",
    "entries": "条目", "entry": "条目", "excluded": "排除", "expires_at": "到期", "file": "文件",
    "final_grade": "最终等级", "flag": "标记", "flawed": "瑕疵", "grade": "等级", "grade_bands": "等级分数线",
    "hearing_id": "庭审", "hearings": "庭审", "is_division_head": "业务庭长", "item": "评查项", "items": "评查项",
    "judgment_id": "裁判文书", "key": "项目代码", "kind": "类别", "leader_id": "院领导", "level": "级别",
    "missed": "未过", "mode": "观摩方式", "month": "月份", "name": "名称", "nomination": "报送类型",
    "number": "文号", "op": "操作", "override_reason": "调整理由", "paragraph": "段落", "passed": "通过",
    "per_level": "各级数量", "per_subject": "每件评查员数", "points": "分值", "problems": "问题",
    "proposed_grade": "建议等级", "public_value": "公开随机值", "purpose": "报送类型", "reason": "理由",
    "reference": "标准样卷", "references": "标准样卷", "remarks": "批注", "required_viewing": "必看",
    "result": "结果", "reviewer": "评查员", "roles": "角色", "rule": "规则", "scope": "范围", "score": "得分",
    "seed": "随机种子", "sha256": "SHA-256", "sheet": "评查表", "size": "大小", "source": "来源",
    "spread": "分差", "status": "状态", "subject": "对象", "subjects": "对象", "text": "内容", "total": "总分",
    "username": "用户名", "value": "值", "value_source": "随机值来源", "version": "版本", "vetoed": "一票否决",
    "year": "年度",
}

VALUES = {
    "draft": "草稿", "submitted": "已提交", "published": "已公布", "open": "待答复", "answered": "已答复",
    "EXCELLENT": "优秀", "PASS": "合格", "FLAWED": "瑕疵", "FAIL": "不合格",
    "excellent": "优秀", "flawed": "瑕疵", "routine": "常规评查", "drawn": "随机抽取公示",
    "admin": "审管办", "reviewer": "评查员", "liaison": "联络员", "judge": "法官", "supervision": "监察室",
}


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None      # None: the field was not in `before`
    after: str | None       # None: the field was not in `after`


def action_label(action: str) -> str:
    if action in ACTIONS:
        return ACTIONS[action]
    feature, _, verb = action.partition(".")
    return f"{FEATURES.get(feature, feature)}：{verb}" if verb else FEATURES.get(feature, action)


def words(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(words(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{FIELDS.get(str(k), k)}：{words(v)}" for k, v in value.items())
    text = str(value)
    return VALUES.get(text, text)


def changes(before: dict | None, after: dict | None) -> list[Change]:
    before = before if isinstance(before, dict) else ({} if before is None else {"value": before})
    after = after if isinstance(after, dict) else ({} if after is None else {"value": after})
    keys = list(dict.fromkeys([*before, *after]))
    rows = []
    for key in keys:
        old, new = before.get(key, _MISSING), after.get(key, _MISSING)
        if old == new:
            continue
        rows.append(Change(FIELDS.get(str(key), str(key)), None if old is _MISSING else words(old),
                           None if new is _MISSING else words(new)))
    return rows


_MISSING = object()
