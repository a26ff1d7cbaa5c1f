"""The navigation bar: (label, endpoint, predicate) entries shown when the predicate allows."""
from __future__ import annotations

from reviewer import permissions as p

# Each feature adds its entries here; order is the order in the bar.
NAV: list[tuple[str, str, callable]] = [
    ("工作台", "main.index", lambda u: True),
    ("裁判文书", "judgments.index", p.can_list_judgments),
    ("用户管理", "admin.users", p.is_admin),
    ("法院与部门", "admin.courts", p.is_admin),
    ("审计日志", "admin.audit", p.is_admin),
    ("结案清单", "caselists.index", p.can_list_caselists),
    ("随机抽取公示", "draws.index", p.can_view_draws),
    ("每月报备案", "filings.index", lambda u: p.can_view_filing_board(u) or p.is_liaison(u)),
    ("通报文书", "bulletins.index", p.can_generate_city_bulletins),
    ("数据导出", "exports.index", p.can_export_reviews),
    ("庭审录像", "hearings.index", p.can_list_hearings),
    ("庭审报送", "hearings.quotas", p.can_view_hearing_quotas),
    ("观摩评查", "hearings.rounds_index", p.can_manage_hearing_programme),
    ("庭审示范库", "hearings.library_index", p.can_view_hearing_library),
    ("评查任务", "reviews.index", p.can_view_review_queue),
    ("评查分配", "reviews.board", p.can_manage_assignments),
    ("评查表", "scoresheets.index", p.can_manage_score_sheets),
    ("文书预检", "prechecks.admin", p.can_manage_prechecks),
    ("月度榜单", "rankings.index", p.can_view_rankings),
    ("范例库", "exemplars.index", p.can_view_exemplars),
    ("我的评查结果", "objections.mine", p.can_view_own_evaluations),
    ("异议处理", "objections.index", p.can_answer_objections),
    ("评查统计", "stats.index", p.can_view_stats),
]


def nav_for(user) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [(label, endpoint) for label, endpoint, allowed in NAV if allowed(user)]
