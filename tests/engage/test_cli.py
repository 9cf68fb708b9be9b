from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Consultation, Role, SurveyVersion, User


def test_create_user_hashes_the_password(app, runner):
    result = runner.invoke(
        args=["create-user", "Officer@Example.org", "--name", "Sam Officer", "--role", "engagement_officer",
              "--password-stdin"],
        input="correct horse battery\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.email == "officer@example.org"
    assert user.role is Role.ENGAGEMENT_OFFICER
    assert "correct horse battery" not in user.password_hash
    assert user.check_password("correct horse battery")
    assert not user.check_password("wrong password")


def test_create_user_bad_input_is_refused_clearly(app, runner):
    ok = runner.invoke(args=["create-user", "a@example.org", "--name", "A", "--role", "analyst", "--password-stdin"],
                       input="long enough password\n")
    assert ok.exit_code == 0
    again = runner.invoke(args=["create-user", "A@example.org", "--name", "A", "--role", "analyst",
                                "--password-stdin"], input="long enough password\n")
    assert again.exit_code != 0 and "already exists" in again.output
    short = runner.invoke(args=["create-user", "b@example.org", "--name", "B", "--role", "analyst",
                                "--password-stdin"], input="short\n")
    assert short.exit_code != 0 and "12 to 200 characters" in short.output
    long = runner.invoke(args=["create-user", "b@example.org", "--name", "B", "--role", "analyst",
                               "--password-stdin"], input="x" * 201 + "\n")
    assert long.exit_code != 0 and "12 to 200 characters" in long.output
    role = runner.invoke(args=["create-user", "c@example.org", "--name", "C", "--role", "boss", "--password-stdin"],
                         input="long enough password\n")
    assert role.exit_code != 0
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_demo_load_twice_does_not_duplicate(app, runner):
    before = db.session.scalar(select(func.count(Consultation.id)))
    assert before >= 2  # the fixture loaded it once already
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "0 new" in result.output
    assert db.session.scalar(select(func.count(Consultation.id))) == before
    assert db.session.scalar(select(func.count(SurveyVersion.id))) == before


def test_demo_has_a_resident_and_a_staff_consultation(app):
    audiences = {c.audience.value for c in db.session.scalars(select(Consultation))}
    assert {"residents", "staff"} <= audiences


def test_purge_drafts_deletes_only_expired_unfinished_answers(app, runner):
    from datetime import timedelta

    from engage.answering import services
    from engage.models import Draft
    from engage.models.base import utcnow

    consultation = db.session.scalar(select(Consultation))
    old = services.start_draft(consultation, "en")
    fresh = services.start_draft(consultation, "en")
    old.updated_at = utcnow() - timedelta(days=app.config["DRAFT_RETENTION_DAYS"] + 1)
    db.session.commit()
    result = runner.invoke(args=["purge-drafts"])
    assert result.exit_code == 0 and "Deleted 1 " in result.output
    assert [d.id for d in db.session.scalars(select(Draft))] == [fresh.id]
