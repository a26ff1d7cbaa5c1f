"""Schema-driven test of the whole API (schemathesis over /api/v1/openapi.json): whatever the
generated input, no 500, and every response conforms to the schema the API publishes."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from models import Notification, NotificationKind, Role, TokenScope
from reviewer import create_app
from reviewer.auth import tokens
from tests.evaluation_factories import evaluate
from tests.factories import make_court, make_judgment, make_user


@pytest.fixture
def api_token(app, db):
    admin = make_user(roles=[Role.ADMIN], court=make_court("豫08"))
    court = make_court("豫0802")
    evaluate(make_judgment(court=court), 91)
    make_judgment(court=court)
    db.session.add(Notification(user_id=admin.id, kind=list(NotificationKind)[0], text="通知"))
    _token, secret = tokens.create_token(admin, "schemathesis", TokenScope.WRITE, 30)
    db.session.commit()
    return secret


def _published_document() -> dict:
    """The OpenAPI document exactly as the API serves it (generating it needs no database)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SERVER_NAME": "localhost"})
    return app.test_client().get("/api/v1/openapi.json").get_json()


schema = schemathesis.openapi.from_dict(_published_document())


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_within_its_schema(case, app, api_token):
    case.call_and_validate(app=app, headers={"Authorization": f"Bearer {api_token}"},
                           checks=[not_a_server_error, content_type_conformance, response_schema_conformance])
