from datetime import datetime

import pytest
from sqlalchemy import select

from engage.extensions import db
from engage.models import Consultation, SurveyVersion
from engage.models.consultations import ImmutableVersionError


def test_a_published_survey_version_cannot_be_edited(app):
    version = db.session.scalar(select(SurveyVersion))
    version.definition = {**version.definition, "title": {"en": "Changed"}}
    with pytest.raises(ImmutableVersionError):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(SurveyVersion, version.id).definition["title"]["en"] != "Changed"


def test_timestamps_are_stored_and_returned_in_utc(app):
    consultation = db.session.scalar(select(Consultation))
    assert consultation.created_at.tzinfo is not None
    consultation.created_at = datetime(2026, 1, 1, 12, 0)  # naive: refused
    with pytest.raises(Exception, match="Naive datetimes"):
        db.session.flush()
    db.session.rollback()
