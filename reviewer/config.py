"""Configuration: an embedded default that needs no set-up, switched to production parts by environment."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-secret-not-for-production"
# Keys copied from examples and tutorials: anyone may know them, so production refuses them.
PLACEHOLDER_SECRETS = frozenset({
    DEV_SECRET, "dev", "secret", "secret-key", "secret_key", "secretkey", "changeme", "change-me",
    "change_me", "changethis", "please-change-me", "your-secret-key", "your_secret_key",
    "your-secret-key-here", "replace-me", "development", "production", "test", "testing",
})
MIN_SECRET_BYTES = 32


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url or f"sqlite:///{ROOT / 'instance' / 'reviewer.sqlite'}"


class Config:
    ENV_NAME = os.environ.get("REVIEWER_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    UPLOAD_ROOT = os.environ.get("UPLOAD_ROOT", str(ROOT / "uploads"))
    JUDGMENT_MAX_BYTES = _int("JUDGMENT_MAX_BYTES", 20 * 1024 * 1024)
    HEARING_MAX_BYTES = _int("HEARING_MAX_BYTES", 8 * 1024 * 1024 * 1024)
    # Flask refuses request bodies above this (judgment batches); recording PATCHes are streamed and
    # bounded by their upload's declared size instead.
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 200 * 1024 * 1024)
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024
    # Hearing recordings: size of each PATCH the browser's tus client sends, how long an
    # interrupted upload may wait to be resumed, and the monthly quota's deadline and reminders.
    HEARING_CHUNK_BYTES = _int("HEARING_CHUNK_BYTES", 64 * 1024 * 1024)
    HEARING_UPLOAD_EXPIRY_HOURS = _int("HEARING_UPLOAD_EXPIRY_HOURS", 48)
    HEARING_QUOTA_DEADLINE_DAY = _int("HEARING_QUOTA_DEADLINE_DAY", 5)
    HEARING_QUOTA_REMIND_DAYS = _int("HEARING_QUOTA_REMIND_DAYS", 3)
    FILING_DEADLINE_DAY = _int("FILING_DEADLINE_DAY", 5)  # monthly filings (报备) are due on this day
    # The office's own deadlines in the to-do list: last month's excellent/flawed list published by
    # this day of the month; an objection answered within this many days.
    RANKING_DEADLINE_DAY = _int("RANKING_DEADLINE_DAY", 15)
    OBJECTION_ANSWER_DAYS = _int("OBJECTION_ANSWER_DAYS", 15)
    DUE_SOON_DAYS = _int("DUE_SOON_DAYS", 3)  # 即将到期 from this many days before a deadline
    REDIS_URL = os.environ.get("REDIS_URL")
    # Flask-Limiter limits per client address (reviewer/api/core.py): log-in attempts and API calls
    # per token. A court whose users reach the site through one proxy address raises the first.
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10/minute")
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300/minute")
    # How long a recording PATCH waits for the upload's lock while another request still holds it
    # (e.g. the request whose client went away, until the front server's body timeout ends it).
    UPLOAD_LOCK_WAIT = float(os.environ.get("UPLOAD_LOCK_WAIT", 10))
    # The embedded job queue's file when REDIS_URL is unset (default: instance/huey.sqlite).
    HUEY_SQLITE_PATH = os.environ.get("HUEY_SQLITE_PATH")
    # Crash recovery of background jobs (reviewer/job_leases.py): a running job's lease, how often
    # each worker looks for jobs whose worker died, and the retries with back-off.
    JOB_LEASE_SECONDS = float(os.environ.get("JOB_LEASE_SECONDS", 120))
    JOB_SWEEP_SECONDS = float(os.environ.get("JOB_SWEEP_SECONDS", 60))
    JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", 5))
    JOB_RETRY_BASE_SECONDS = float(os.environ.get("JOB_RETRY_BASE_SECONDS", 10))
    JOB_RETRY_MAX_SECONDS = float(os.environ.get("JOB_RETRY_MAX_SECONDS", 900))
    # Exports (reviewer/exports/requests.py): above this many rows (counted in SQL) an export runs as
    # a background job with progress instead of in the request; its file is kept this many hours.
    EXPORT_JOB_ROWS = _int("EXPORT_JOB_ROWS", 10_000)
    EXPORT_KEEP_HOURS = _int("EXPORT_KEEP_HOURS", 72)
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = _int("MAIL_PORT", 25)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "pingcha@court.local")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:5000")  # links in mails
    PER_PAGE = 20
    WTF_CSRF_TIME_LIMIT = None
    WTF_I18N_ENABLED = False  # no Flask-Babel: WTForms uses its own Chinese messages (forms/base.py)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=14)  # Flask-Login's default is a year
    # Number of reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted
    # (1 behind docs/deploy-nginx.conf, with gunicorn bound to 127.0.0.1 only).
    PROXY_COUNT = _int("PROXY_COUNT", 0)


def weak_secret(secret: str | None) -> str | None:
    """Why `secret` is unfit to sign production sessions, or None if it is fit.

    Unfit: missing, shorter than MIN_SECRET_BYTES bytes (UTF-8), or a known placeholder
    (PLACEHOLDER_SECRETS, compared case-insensitively).
    """
    if not secret:
        return "SECRET_KEY is not set"
    if secret.strip().lower() in PLACEHOLDER_SECRETS:
        return "SECRET_KEY is a well-known placeholder"
    if len(secret.encode("utf-8")) < MIN_SECRET_BYTES:
        return f"SECRET_KEY is shorter than {MIN_SECRET_BYTES} bytes"
    return None


def check_production(config) -> None:
    """Refuse to start with a weak secret key in production (and outside development unless testing).

    Raises RuntimeError naming the reason; generate a key with
    `python -c "import secrets; print(secrets.token_urlsafe(48))"`.
    """
    env = config.get("ENV_NAME")
    if env == "production" or (env != "development" and not config.get("TESTING")):
        reason = weak_secret(config.get("SECRET_KEY"))
        if reason:
            raise RuntimeError(f"{reason}: production (REVIEWER_ENV={env}) refuses to start. Generate one "
                               "with: python -c 'import secrets; print(secrets.token_urlsafe(48))'")
