"""The indicators blueprint, shared by the dashboard views and the register/settings views."""
from flask import Blueprint

bp = Blueprint("indicators", __name__, url_prefix="/indicators")
