"""The hearings blueprint, shared by the page views and the upload protocol views."""
from flask import Blueprint

bp = Blueprint("hearings", __name__, url_prefix="/hearings")
