"""What scripts/bench_pages.py measures: the pages (name, role, path) and how their ids are found
in a dataset built by scripts/make_scale_data.py (the newest row of each kind, same on every dataset).
Also used by tests/test_scale_data.py, which opens every page once on a small dataset.
"""
from __future__ import annotations

import urllib.parse

PASSWORD = "demo1234"
ROLES = {"admin": "admin", "reviewer": "reviewer01", "liaison": "liaison_0802", "judge": None, "api": "admin"}
API_TOKENS = 4   # the "api" role's clients each send their own read token (rate limits count per token)


def in_process_get(app, users: dict, token: str):
    """A function `get(role, path) -> response`: a GET through the Flask test client of `app`, one
    client per role logged in once as `users[role]` (password PASSWORD); the "api" role sends the
    read `token` instead of logging in. For the in-process scripts (profile_pages, bench_memory)."""
    clients = {}

    def get(role: str, path: str):
        client = clients.get(role)
        if client is None:
            client = clients[role] = app.test_client()
            if role != "api":
                client.post("/auth/login", data={"username": users[role], "password": PASSWORD})
        return client.get(path, headers={"Authorization": "Bearer " + token} if role == "api" else {})

    return get


def pages(ids: dict) -> list[tuple[str, str, str]]:
    """(name, role, path) of every page measured; `ids` from `discover`."""
    last, draft = ids["published_month"], ids["draft_month"]
    word = urllib.parse.quote
    return [
        ("首页", "admin", "/"),
        ("文书列表 第1页", "admin", "/judgments/"),
        # the oldest 20 rows: `page=` for OFFSET pagination, `after=` for the keyset list (each ignores the other)
        ("文书列表 末页", "admin", f"/judgments/?page={ids['last_page']}&after={ids['last_cursor']}"),
        ("文书列表 搜索 借款", "admin", f"/judgments/?q={word('借款')}"),
        ("文书列表 全文 借款 利息", "admin", f"/judgments/?q={word('借款 利息')}&fulltext=1"),
        ("文书列表 全文 本院认为", "admin", f"/judgments/?q={word('本院认为')}&fulltext=1"),
        ("文书列表 (联络员)", "liaison", "/judgments/"),
        ("文书详情", "admin", f"/judgments/{ids['judgment']}"),
        ("评查分配看板", "admin", "/reviews/assign"),
        ("评查分配看板 上月", "admin", f"/reviews/assign?month={last}"),
        ("合议对比", "admin", f"/reviews/judgment/{ids['compared']}/compare"),
        ("我的评查", "reviewer", "/reviews/"),
        ("评查表", "reviewer", f"/reviews/{ids['review']}"),
        ("榜单列表", "admin", "/rankings/"),
        ("张榜页", "admin", f"/rankings/{last}"),
        ("榜单编辑 草稿", "admin", f"/rankings/{draft}/edit"),
        ("统计 默认", "admin", "/stats/"),
        ("统计 单月", "admin", f"/stats/?month={last}"),
        ("统计 庭审", "admin", "/stats/?kind=hearing"),
        ("报备看板", "admin", "/filings/board"),
        ("报备 (联络员)", "liaison", "/filings/"),
        ("随机抽取", "admin", "/draws/"),
        ("抽取详情", "admin", f"/draws/{ids['draw']}"),
        ("范例库", "judge", "/exemplars/"),
        ("范例库 搜索 借款", "judge", f"/exemplars/?q={word('借款')}"),
        ("范例库 搜索 罕见词", "judge", f"/exemplars/?q={word(ids['rare_word'])}"),
        ("范例库 搜索 多词", "judge", f"/exemplars/?q={word('借款 利息')}"),
        ("范例详情", "judge", f"/exemplars/{ids['exemplar']}"),
        ("庭审列表", "admin", "/hearings/"),
        ("庭审详情", "admin", f"/hearings/{ids['hearing']}"),
        ("庭审示范库", "judge", "/hearings/library"),
        ("庭审报送看板", "admin", "/hearings/quotas"),
        ("年度十大庭审", "admin", "/hearings/top-ten"),
        ("审计日志", "admin", "/admin/audit"),
        ("审计日志 按操作", "admin", "/admin/audit?action=review.submit"),
        ("用户列表", "admin", "/admin/users"),
        ("异议处理", "admin", "/objections/"),
        ("我的异议", "judge", "/objections/mine"),
        ("通知", "reviewer", "/notifications/"),
        ("通报", "admin", "/bulletins/"),
        ("结案清单", "admin", "/caselists/"),
        ("导出", "admin", "/exports/"),
        ("评查表管理", "admin", "/scoresheets/"),
        ("发改登记", "admin", "/reversals/"),
        ("发改登记 (法官)", "judge", "/reversals/"),
        ("发改详情", "admin", f"/reversals/{ids['reversal']}"),
        ("诫勉谈话名单", "admin", "/reversals/flags"),
        ("评析会", "admin", "/reversals/meetings"),
        ("评析会详情", "admin", f"/reversals/meetings/{ids['meeting']}"),
        ("指导文件", "judge", "/reversals/guidance"),
        ("质效积分", "admin", "/reversals/points"),
        ("院领导包案", "admin", "/reversals/leaders"),
        ("发改通报", "admin", "/reversals/notices"),
        ("质效指标", "admin", "/indicators/"),
        ("质效指标 案件", "admin", f"/indicators/cases?court={ids['register_court']}&key=average_days&side=num"),
        ("质效指标 关注", "admin", "/indicators/watch"),
        ("质效报告", "admin", "/indicators/reports"),
        ("台账导入", "admin", "/indicators/imports"),
        ("评查一致性", "admin", "/agreement/"),
        ("校准练习", "reviewer", "/agreement/calibration/"),
        ("庭审观摩", "admin", "/hearings/rounds"),
        ("登录日志", "admin", "/admin/audit/logins"),
        ("API 文书列表", "api", "/api/v1/judgments/"),
        ("API 通知", "api", "/api/v1/notifications"),
        ("API 抽取", "api", "/api/v1/draws"),
        ("API 范例库 搜索", "api", f"/api/v1/exemplars?q={word('借款')}"),
        ("API 榜单", "api", f"/api/v1/rankings/{last}"),
        ("API 十大庭审", "api", f"/api/v1/top-ten/{last[:4]}"),
    ]


def api_secrets(url: str) -> list[str]:
    """Read tokens of the admin for the "api" clients, added to the dataset once (fixed secrets,
    stored as their SHA-256 like any token; valid for a year from now)."""
    import hashlib
    from datetime import datetime, timedelta

    from sqlalchemy import create_engine, text

    secrets = [f"rv_bench_page_token_{n}" for n in range(API_TOKENS)]
    now = datetime.utcnow().replace(microsecond=0)   # naive UTC: what UTCDateTime stores on both databases
    engine = create_engine(url)
    with engine.begin() as conn:
        admin = conn.execute(text("SELECT id FROM users WHERE username = :u"), {"u": ROLES["api"]}).scalar()
        for secret in secrets:
            digest = hashlib.sha256(secret.encode()).hexdigest()
            conn.execute(text("DELETE FROM api_tokens WHERE token_hash = :h"), {"h": digest})
            conn.execute(text("INSERT INTO api_tokens (user_id, name, prefix, token_hash, scope, created_at, expires_at) "
                              "VALUES (:u, 'bench_pages', :p, :h, 'READ', :now, :until)"),
                         {"u": admin, "p": secret[:10], "h": digest, "now": now, "until": now + timedelta(days=365)})
    engine.dispose()
    return secrets


def discover(url: str) -> dict:
    """Ids and months the pages need, the same way on every dataset (newest of each kind)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    one = lambda sql: conn.execute(text(sql)).scalar()
    with engine.connect() as conn:
        ids = {
            "month": one("SELECT MAX(month) FROM judgments"),
            "published_month": one("SELECT MAX(month) FROM monthly_rankings WHERE status = 'PUBLISHED'"),
            "draft_month": one("SELECT MAX(month) FROM monthly_rankings WHERE status = 'DRAFT'"),
            "judgment": one("SELECT MAX(id) FROM judgments WHERE status != 'DRAFT'"),
            "compared": one("SELECT MAX(subject_id) FROM evaluations WHERE subject_kind = 'judgment'"),
            "review": one("SELECT MAX(r.id) FROM reviews r JOIN users u ON u.id = r.reviewer_id "
                          "WHERE u.username = 'reviewer01' AND r.subject_kind = 'judgment'"),
            "draw": one("SELECT MAX(id) FROM monthly_draws"),
            "exemplar": one("SELECT MAX(judgment_id) FROM exemplar_texts"),
            "hearing": one("SELECT MAX(id) FROM hearings"),
            "reversal": one("SELECT MAX(id) FROM reversal_cases"),
            "meeting": one("SELECT MAX(id) FROM quality_meetings"),
            "register_court": one("SELECT id FROM courts WHERE code = '豫0802'"),
            "judgments": one("SELECT COUNT(*) FROM judgments"),
            "judge": one("SELECT u.username FROM judgments j JOIN users u ON u.id = j.judge_id "
                         "JOIN ranking_entries e ON e.judgment_id = j.id ORDER BY j.id DESC LIMIT 1"),
        }
        ids["last_page"] = max(1, -(-ids["judgments"] // 20))
        month, number = conn.execute(text("SELECT month, id FROM judgments ORDER BY month, id LIMIT 1 OFFSET 20")).one()
        ids["last_cursor"] = f"{month}_{number}"
        # A rare word: a party's name in the newest exemplar (pseudonymised texts keep surnames only,
        # so use a cause-specific legal phrase that appears in few documents instead).
        ids["rare_word"] = "危险驾驶"
    engine.dispose()
    return ids
