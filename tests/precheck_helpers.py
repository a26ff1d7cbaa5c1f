"""Format-check helpers shared by test modules: a judgment with flawed lines and its stored findings
(fixture `city`), and looking a finding up by code."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import PrecheckFinding
from reviewer.extensions import db
from reviewer.prechecks import services
from tests.review_helpers import make_city
from tests.precheck_samples import flawed_lines


@pytest.fixture
def city(app):
    city = make_city()
    city.judgment.paragraphs = flawed_lines()
    services.run_prechecks(city.judgment)
    db.session.commit()
    return city


def finding(city, code):
    return db.session.scalar(select(PrecheckFinding).where(
        PrecheckFinding.judgment_id == city.judgment.id, PrecheckFinding.code == code))
