"""The agreement blueprint (routes in views.py, calibration_views.py and reference_views.py)."""
from flask import Blueprint

bp = Blueprint("agreement", __name__, url_prefix="/agreement")
