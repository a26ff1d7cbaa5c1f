"""The browsable API documentation (Swagger UI, vendored; CSP-clean: no inline script)."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for

bp = Blueprint("api_docs_page", __name__, url_prefix="/api/v1")


@bp.route("/docs")
def docs():
    return render_template("api/docs.html", spec_url=url_for("api-docs.openapi_json"))
