"""The bare Flask page scripts/bench_pages.py compares every page with: one route, a short text,
served by gunicorn with the same settings as the application."""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index() -> str:
    return "ok"
