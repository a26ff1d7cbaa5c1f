"""The 发改 programme's blueprint; its routes are in views.py and programme_views.py."""
from flask import Blueprint

from reviewer.reversals.subject import self_check_paragraphs

bp = Blueprint("reversals", __name__, url_prefix="/reversals")

# the review screen's pane for a 发改 case numbers the self-check report's paragraphs (remark anchors)
bp.add_app_template_global(self_check_paragraphs, "reversal_self_check_paragraphs")
