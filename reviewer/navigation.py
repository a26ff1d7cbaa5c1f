"""The navigation bar: (group, label, endpoint, predicate) entries shown when the predicate allows.

Entries of one group become a drop-down menu in the bar; a group with a single visible entry, or
the empty group "", is a plain link. A 3-tuple (label, endpoint, predicate) is its own group.
"""
from __future__ import annotations

from reviewer import permissions as p

# Each feature adds its entries here; groups appear in the order of their first entry.
NAV: list[tuple] = [
    ("", "工作台", "main.index", lambda u: True),
    ("裁判文书", "文书列表", "judgments.index", p.can_list_judgments),
    ("裁判文书", "结案清单", "caselists.index", p.can_list_caselists),
    ("裁判文书", "每月报备案", "filings.index", lambda u: p.can_view_filing_board(u) or p.is_liaison(u)),
    ("庭审", "庭审录像", "hearings.index", p.can_list_hearings),
    ("庭审", "庭审报送", "hearings.quotas", p.can_view_hearing_quotas),
    ("庭审", "观摩评查", "hearings.rounds_index", p.can_manage_hearing_programme),
    ("评查", "评查任务", "reviews.index", p.can_view_review_queue),
    ("评查", "评查分配", "reviews.board", p.can_manage_assignments),
    ("评查", "评查表", "scoresheets.index", p.can_manage_score_sheets),
    ("评查", "文书预检", "prechecks.admin", p.can_manage_prechecks),
    ("评查", "我的评查结果", "objections.mine", p.can_view_own_evaluations),
    ("评查", "异议处理", "objections.index", p.can_answer_objections),
    ("发改案件", "发改案件登记簿", "reversals.index", p.can_list_reversals),
    ("发改案件", "诫勉谈话名单", "reversals.flag_list", p.can_view_flags),
    ("发改案件", "案件质量评析会", "reversals.meeting_board", p.can_view_meetings),
    ("发改案件", "月度发改通报", "reversals.notices", p.can_list_reversals),
    ("发改案件", "绩效考核分值", "reversals.points", p.can_view_points),
    ("发改案件", "院领导办案", "reversals.leaders", p.can_manage_reversals),
    ("公示与学习", "审判业务指引库", "reversals.guidance_index", p.can_read_guidance),
    ("公示与学习", "随机抽取公示", "draws.index", p.can_view_draws),
    ("公示与学习", "庭审示范库", "hearings.library_index", p.can_view_hearing_library),
    ("公示与学习", "月度榜单", "rankings.index", p.can_view_rankings),
    ("公示与学习", "范例库", "exemplars.index", p.can_view_exemplars),
    ("公示与学习", "已发通报", "bulletins.published", p.can_read_published_bulletins),
    ("统计与通报", "通报文书", "bulletins.index", p.can_generate_city_bulletins),
    ("统计与通报", "数据导出", "exports.index", p.can_export_reviews),
    ("统计与通报", "我的导出", "exports.mine", p.can_list_own_exports),
    ("统计与通报", "评查统计", "stats.index", p.can_view_stats),
    ("统计与通报", "评查一致性", "agreement.index", p.can_view_agreement),
    ("统计与通报", "审判执行质效", "indicators.index", p.can_view_indicators),
    ("系统管理", "用户管理", "admin.users", p.is_admin),
    ("系统管理", "法院与部门", "admin.courts", p.is_admin),
    ("系统管理", "审计日志", "admin.audit", p.is_admin),
    ("系统管理", "API 令牌", "tokens.index", p.can_hold_api_tokens),
]


def nav_for(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(group label, [(label, endpoint), …]), …] of what the user may open, in bar order."""
    if not getattr(user, "is_authenticated", False):
        return []
    groups: dict[str, list[tuple[str, str]]] = {}
    for entry in NAV:
        group, label, endpoint, allowed = entry if len(entry) == 4 else (entry[0], *entry)
        if allowed(user):
            groups.setdefault(group or label, []).append((label, endpoint))
    return list(groups.items())
