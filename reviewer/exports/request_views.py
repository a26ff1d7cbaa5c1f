"""Background exports: “我的导出”, an export's page (正在生成… with its progress, then the link),
its progress as JSON for the page's poll, and the download (requester or admin, re-checked)."""
from __future__ import annotations

from flask import abort, jsonify, render_template, url_for
from flask_login import current_user, login_required

from models import ExportRequest, ExportStatus
from reviewer import permissions as p
from reviewer import storage
from reviewer.errors import get_or_404, require
from reviewer.exports import requests
from reviewer.exports.views import bp


def _visible(export_id: int) -> ExportRequest:
    export = get_or_404(ExportRequest, export_id)
    require(p.can_download_export(current_user, export))
    return export


@bp.route("/mine")
@login_required
def mine():
    require(p.can_list_own_exports(current_user))
    return render_template("exports/mine.html", exports=requests.mine(current_user))


@bp.route("/requests/<int:export_id>")
@login_required
def request_page(export_id):
    export = _visible(export_id)
    return render_template("exports/request.html", export=export, state=requests.live_state(export))


@bp.route("/requests/<int:export_id>/progress")
@login_required
def request_progress(export_id):
    export = _visible(export_id)
    state = requests.live_state(export)
    done = export.status == ExportStatus.DONE
    return jsonify(status=export.status.value, label=export.status.label, done=state.done, total=state.total,
                   percent=state.percent, error=export.error,
                   download=url_for("exports.download", export_id=export.id) if done else None)


@bp.route("/requests/<int:export_id>/download")
@login_required
def download(export_id):
    export = _visible(export_id)
    if export.status != ExportStatus.DONE or export.file is None:
        abort(404)
    requests.recorded_download(current_user, export)
    return storage.send_stored(export.file, mimetype=export.file.mime_type, as_attachment=True,
                               download_name=storage.download_name(export.file))
