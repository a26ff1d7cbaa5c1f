"""What the findings partials display, gathered in one query per page (template globals)."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_login import current_user

from forms.precheck import DeductForm, DismissForm
from reviewer import permissions as p
from reviewer.prechecks import services
from reviewer.prechecks.findings import CODE_LABELS, SEVERITY_LABELS
from reviewer.reviews.services import evaluation_locked


@dataclass
class FindingsPanel:
    findings: list = field(default_factory=list)     # PrecheckFinding rows not dismissed by the viewer
    dismissed: list = field(default_factory=list)    # those the viewer dismissed
    can_dismiss: bool = False
    can_deduct: bool = False
    item_keys: dict = field(default_factory=dict)    # code → item key
    labels: dict = field(default_factory=lambda: CODE_LABELS)
    severity_labels: dict = field(default_factory=lambda: SEVERITY_LABELS)
    dismiss_form: object = None
    deduct_form: object = None
    deducted: set = field(default_factory=set)      # findings already deducted on the viewer's sheet

    @property
    def by_paragraph(self) -> dict:
        grouped: dict = {}
        for finding in self.findings:
            if finding.paragraph is not None:
                grouped.setdefault(finding.paragraph, []).append(finding)
        return grouped


def panel_for(judgment) -> FindingsPanel | None:
    """The judgment page's panel, or None when the viewer may not see findings."""
    if judgment is None or not p.can_view_findings(current_user, judgment):
        return None
    rows = services.findings_for(judgment.id)
    gone = services.dismissed_ids(current_user, [r.id for r in rows])
    return FindingsPanel(findings=[r for r in rows if r.id not in gone],
                         dismissed=[r for r in rows if r.id in gone],
                         can_dismiss=bool(rows) and p.can_dismiss_finding(current_user, judgment)
                         and not evaluation_locked("judgment", judgment.id),
                         dismiss_form=DismissForm(prefix="precheck"))


def review_panel_for(subject, assignment) -> FindingsPanel | None:
    """The reviewer's screen: findings of the judgment under review with dismiss/deduct actions."""
    if subject is None or getattr(subject, "__tablename__", None) != "judgments":
        return None
    panel = panel_for(subject)
    if panel is None:
        return None
    panel.can_deduct = p.can_deduct_finding(current_user, assignment)
    panel.item_keys = services.item_mapping()
    panel.deduct_form = DeductForm(prefix="precheck")
    panel.deducted = services.deducted_finding_ids(assignment.review if assignment is not None else None)
    return panel
