"""The one place where the platform is put together: blueprints and the modules that define their
routes, review-subject kinds, who listens to which signal, and global hooks. `create_app` calls
`connect(app)`; nothing registers itself by being imported.
"""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from models.review import keep_deduction_totals
from reviewer import signals, subjects
from reviewer.admin import views as admin_views
from reviewer.agreement import calibration_views as agreement_calibration_views
from reviewer.agreement import reference_views as agreement_reference_views
from reviewer.agreement import report_store as agreement_report_store
from reviewer.api import caselists as api_caselists
from reviewer.api import core as api_core
from reviewer.api import docs_views as api_docs_views
from reviewer.api import judgments as api_judgments
from reviewer.api import me as api_me
from reviewer.api import publications as api_publications
from reviewer.api import register as api_register
from reviewer.api import token_views
from reviewer.agreement import views as agreement_views
from reviewer.auth import views as auth_views
from reviewer.auth_loader import load_user
from reviewer.bulletins import views as bulletins_views
from reviewer.caselists import views as caselists_views
from reviewer.draws import dashboard as draws_dashboard
from reviewer.draws import services as draws_services
from reviewer.draws import views as draws_views
from reviewer.exemplars import search as exemplar_search
from reviewer.exemplars import views as exemplars_views
from reviewer.exports import request_views as export_request_views
from reviewer.exports import tasks as export_tasks
from reviewer.exports import views as exports_views
from reviewer.extensions import login_manager
from reviewer.filings import views as filings_views
from reviewer.hearings import library_views, programme_views, round_views
from reviewer.hearings import tasks as hearing_tasks
from reviewer.hearings.subject import HEARING
from reviewer.indicators import province_views as indicator_province_views
from reviewer.indicators import register_views as indicator_register_views
from reviewer.indicators import tasks as indicator_tasks
from reviewer.indicators import report_views as indicator_report_views
from reviewer.indicators import views as indicator_views
from reviewer.indicators.blueprint import bp as indicators_bp
from reviewer.jobs import JOB_FUNCTIONS
from reviewer.judgments import search_index as judgment_search
from reviewer.judgments import views as judgments_views
from reviewer.main import dashboard as main_dashboard
from reviewer.main import judgment_counts
from reviewer.main import panels as main_panels
from reviewer.main import views as main_views
from reviewer.notifications import tasks as notification_tasks
from reviewer.notifications import loop as notification_loop
from reviewer.notifications import views as notifications_views
from reviewer.objections import views as objections_views
from reviewer.prechecks import services as precheck_services
from reviewer.prechecks import views as prechecks_views
from reviewer.rankings import locks as ranking_locks
from reviewer.reviews import open_state as review_open_state
from reviewer.stats import totals as stats_totals
from reviewer.rankings import views as rankings_views
from reviewer.recordings import tasks as recording_tasks
from reviewer.recordings import upload_views as recording_upload_views
from reviewer.recordings import views as recording_views
from reviewer.recordings.blueprint import bp as hearings_bp
from reviewer.reversals import import_views as reversal_import_views
from reviewer.reversals import notice_views as reversal_notice_views
from reviewer.reversals import register as reversal_register
from reviewer.reversals import tasks as reversal_tasks
from reviewer.reversals import todos as reversal_todos
from reviewer.reversals.subject import REVERSAL
from reviewer.reversals import programme_views as reversal_programme_views
from reviewer.reversals import views as reversal_views
from reviewer.reversals.blueprint import bp as reversals_bp
from reviewer.reviews import admin_views as review_admin_views
from reviewer.reviews import views as review_views
from reviewer.reviews.blueprint import bp as reviews_bp
from reviewer.scoresheets import views as scoresheets_views
from reviewer.stats import tasks as stats_tasks
from reviewer.stats import views as stats_views
from reviewer.subjects.judgment import JUDGMENT
from reviewer.todos import sources as todo_sources
from reviewer.todos import tasks as todo_tasks
from reviewer.web.converters import install as install_converters

# Each blueprint with the modules whose functions are its routes (their @bp.route decorators ran
# when this module imported them above). Order = registration order.
ROUTES = (
    (main_views.bp, (main_views,)),
    (auth_views.bp, (auth_views,)),
    (admin_views.bp, (admin_views,)),
    (judgments_views.bp, (judgments_views,)),
    (caselists_views.bp, (caselists_views,)),
    (draws_views.bp, (draws_views,)),
    (filings_views.bp, (filings_views,)),
    (bulletins_views.bp, (bulletins_views,)),
    (exports_views.bp, (exports_views, export_request_views)),
    (hearings_bp, (recording_views, recording_upload_views, library_views, programme_views, round_views)),
    (rankings_views.bp, (rankings_views,)),
    (exemplars_views.bp, (exemplars_views,)),
    (notifications_views.bp, (notifications_views,)),
    (objections_views.bp, (objections_views,)),
    (stats_views.bp, (stats_views,)),
    (agreement_views.bp, (agreement_views, agreement_calibration_views, agreement_reference_views)),
    (reviews_bp, (review_views, review_admin_views)),
    (scoresheets_views.bp, (scoresheets_views,)),
    (prechecks_views.bp, (prechecks_views,)),
    (token_views.bp, (token_views,)),
    (api_docs_views.bp, (api_docs_views,)),
    (reversals_bp, (reversal_views, reversal_programme_views, reversal_notice_views, reversal_import_views)),
    (indicators_bp, (indicator_views, indicator_register_views, indicator_report_views, indicator_province_views)),
)

# The JSON API's blueprints (flask-smorest; registered on the `Api`, see reviewer.api.core).
API_ROUTES = (api_judgments.bp, api_caselists.bp, api_register.bp, api_publications.bp, api_me.bp)

SUBJECT_KINDS = (JUDGMENT, HEARING, REVERSAL)

# Background jobs (marked with reviewer.jobs.job / periodic); the app's huey registers these.
JOBS = (
    recording_tasks.process_hearing_job,
    recording_tasks.cleanup_uploads_job,
    hearing_tasks.quota_reminders_job,
    notification_tasks.mail_job,
    notification_tasks.mail_outbox_job,
    notification_tasks.due_reminders_job,
    reversal_tasks.self_check_reminders_job,
    stats_tasks.analyze_job,
    indicator_tasks.check_import_job,
    indicator_tasks.apply_import_job,
    todo_tasks.todo_reminders_job,
    export_tasks.build_export_job,
    export_tasks.cleanup_exports_job,
    agreement_report_store.report_job,
)

# (signal, receiver): who listens to what.
LISTENERS = (
    (signals.judgment_ingested, precheck_services.precheck_after_intake),
    (signals.judgment_ingested, draws_services.link_drawn_judgment),
    (signals.judgment_metadata_changed, draws_services.link_drawn_judgment),
    (signals.judgment_ingested, reversal_register.link_judgment),
    (signals.judgment_metadata_changed, reversal_register.link_judgment),
    (signals.tables_created, exemplar_search.install),
    (signals.tables_emptied, exemplar_search.reset),
    (signals.tables_created, judgment_search.install),
    (signals.tables_emptied, judgment_search.reset),
    # home-page panels, in the order they are shown
    (signals.home_panels, main_dashboard.judgments_panel),
    (signals.home_panels, main_panels.office_panel),
    (signals.home_panels, main_panels.reviewer_panel),
    (signals.home_panels, main_panels.judge_panel),
    (signals.home_panels, draws_dashboard.draws_panel),
    # the dated to-do list (待办), in the order of equal-urgency lines
    (signals.todo_items, todo_sources.review_todos),
    (signals.todo_items, todo_sources.office_todos),
    (signals.todo_items, todo_sources.liaison_todos),
    (signals.todo_items, reversal_todos.reversal_todos),
    # notifications that close the loop
    (signals.draw_performed, notification_loop.draw_picked),
    (signals.grade_confirmed, notification_loop.grade_confirmed),
    (signals.ranking_published, notification_loop.list_published),
    (signals.ranking_withdrawn, notification_loop.list_withdrawn),
    (signals.ranking_entry_changed, notification_loop.entry_changed),
)


def connect(app: Flask) -> None:
    """Hand the app its jobs; register blueprints, subject kinds, signal receivers, the user loader, the publication
    lock and the open-assignment sync (before_flush hooks), the reviewers' month totals and the judgment search index
    (after_flush). Idempotent (tests build several apps in one process)."""
    install_converters(app)
    app.extensions[JOB_FUNCTIONS] = JOBS
    for blueprint, _route_modules in ROUTES:
        app.register_blueprint(blueprint)
    api_core.install(app, API_ROUTES)
    for kind in SUBJECT_KINDS:
        subjects.register(kind)
    for signal, receiver in LISTENERS:
        signal.connect(receiver, weak=False)
    login_manager.user_loader(load_user)
    for hook in (ranking_locks.refuse_changes_to_locked, review_open_state.sync_open_assignments,
                 keep_deduction_totals):
        if not event.contains(Session, "before_flush", hook):
            event.listen(Session, "before_flush", hook)
    for hook in (stats_totals.keep_month_totals, judgment_search.keep_current, judgment_counts.keep_counts):
        if not event.contains(Session, "after_flush", hook):
            event.listen(Session, "after_flush", hook)
