"""Judgment intake and browsing."""
from flask import Blueprint

bp = Blueprint("judgments", __name__, url_prefix="/judgments")
