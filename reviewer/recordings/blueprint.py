"""The `hearings` blueprint (URL prefix /hearings), shared by the recording views
(`reviewer.recordings`) and the programme views (`reviewer.hearings`), so endpoint names stay
`hearings.*` for both."""
from flask import Blueprint

bp = Blueprint("hearings", __name__, url_prefix="/hearings")
