"""The 发改 programme's blueprint; its routes are in views.py and programme_views.py."""
from flask import Blueprint

bp = Blueprint("reversals", __name__, url_prefix="/reversals")
