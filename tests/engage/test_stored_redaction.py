"""Each written answer's redacted text is stored when it is sent and goes when the answer is anonymised or
erased; exports read it, and still redact answers stored before it existed."""

from sqlalchemy import select, update

from engage.accounts.services import create_user
from engage.answering.entry import start_entry
from engage.answering.services import submit
from engage.consultations.services import find_consultation
from engage.extensions import db
from engage.models import Answer, Channel, Response
from engage.redacted import store_redacted
from engage.responses.services import erase
from tests.engage.journey import SLUG
from tests.engage.test_entry import sign_in_as
from tests.engage.test_exports import read_csv, respond, staff_responses
from tests.engage.test_retention import ANSWERS, answered, kept_until

WRITTEN = "Ring Jane Doe on 07700 900123 or jane.doe@example.org about the hub"
REDACTED = "Ring [NAME] on [PHONE] or [EMAIL] about the hub"


def stored(question_id, response=None):
    query = select(Answer.redacted).where(Answer.question_id == question_id)
    if response is not None:
        query = query.where(Answer.response_id == response.id)
    return db.session.scalars(query).all()


def test_a_residents_written_answer_is_stored_redacted_and_closed_answers_are_not(app):
    respond(app, WRITTEN)
    assert stored("one_thing") == [REDACTED]
    assert stored("services_used") == ["Community nurse; Something else: Podiatry"]  # what was written beside "Other"
    assert stored("ward") == [None] and stored("visits_per_year") == [None]


def test_an_officer_entered_response_is_stored_redacted(app):
    officer = create_user("officer@example.org", "Officer", "engagement_officer", "a long enough password")
    draft = start_entry(find_consultation(SLUG), "ur", Channel.PAPER, officer)
    draft.answers = {"ward": "Sale Moor", "used_hub": "no", "one_thing": WRITTEN}
    response = submit(draft)
    db.session.commit()
    assert response.channel is Channel.PAPER and stored("one_thing", response) == [REDACTED]


def test_staff_survey_answers_are_stored_redacted(app):
    staff_responses(2, concern="Ask Tom Smith on 0161 496 0000 about the rota")
    assert stored("concerns") == ["Ask [NAME] on [PHONE] about the rota"] * 2


def test_anonymising_clears_the_stored_text_with_what_was_written(app):
    response = answered(answers={**ANSWERS, "one_thing": WRITTEN})
    assert stored("one_thing", response) == [REDACTED]
    assert stored("services_used", response) == ["Community nurse; Something else: Podiatry with [NAME]"]
    kept_until(SLUG, -1)
    assert app.test_cli_runner().invoke(args=["purge-expired"]).exit_code == 0
    db.session.expire_all()
    assert stored("one_thing", response) == []  # the answer is gone
    assert db.session.execute(select(Answer.value, Answer.redacted).where(
        Answer.response_id == response.id, Answer.question_id == "services_used")).one() == (
        {"choices": ["nurse", "other"], "other": ""}, None)
    assert all(text is None for text in db.session.scalars(
        select(Answer.redacted).where(Answer.response_id == response.id)))


def test_erasing_a_response_removes_its_stored_text(app):
    response = answered(answers={**ANSWERS, "one_thing": WRITTEN})
    admin = create_user("admin@example.org", "Admin", "administrator", "a long enough password")
    erase(response, admin, "Asked by email")
    db.session.commit()
    assert db.session.get(Response, response.id) is None
    assert stored("one_thing") == [] and stored("services_used") == []


def test_exports_read_the_stored_text_and_redact_answers_stored_without_it(app, client):
    respond(app, WRITTEN)
    respond(app, "Tell Mary Jones at 12 Church Road, Sale")
    # Mark the first stored text, so the export shows whether it read it or redacted the answer again.
    db.session.execute(update(Answer).where(Answer.redacted == REDACTED).values(redacted="(as stored)"))
    # The second as if stored before the column existed.
    db.session.execute(update(Answer).where(Answer.redacted.like("Tell%")).values(redacted=None))
    db.session.commit()
    sign_in_as(client, "analyst")
    for layout in ("wide", "long"):
        rows = read_csv(client.get(f"/staff/answers/{SLUG}.csv?layout={layout}"))
        cells = {cell for row in rows[1:] for cell in row}
        assert "(as stored)" in cells and "Tell [NAME] at [ADDRESS], Sale" in cells, layout
        assert not any("Jane" in cell or "Mary" in cell for cell in cells)
    json_export = client.get(f"/staff/answers/{SLUG}.json").text
    assert "(as stored)" in json_export and "Tell [NAME] at [ADDRESS], Sale" in json_export


def test_the_migration_fills_in_answers_stored_before_it_in_batches(app):
    responses = [answered(answers={**ANSWERS, "one_thing": f"{WRITTEN} ({n})"}) for n in range(3)]
    staff_responses(1, concern="Ask Tom Smith about the rota")
    db.session.execute(update(Answer).values(redacted=None))
    db.session.commit()
    assert store_redacted(db.session.connection(), batch=2) == 10  # 3 x (free text, two "other" texts) + 1
    db.session.commit()
    for n, response in enumerate(responses):
        assert stored("one_thing", response) == [f"{REDACTED} ({n})"]
        assert stored("services_used", response) == ["Community nurse; Something else: Podiatry with [NAME]"]
        assert stored("ward", response) == [None] and stored("eq_age", response) == [None]
        assert stored("eq_religion", response) == ["Any other religion: Pagan"]
    assert stored("concerns") == ["Ask [NAME] about the rota"]


def test_the_redact_answers_command_stores_the_text_again(app, runner):
    response = answered(answers={**ANSWERS, "one_thing": WRITTEN})
    db.session.execute(update(Answer).where(Answer.redacted.is_not(None)).values(redacted="(an older redactor's)"))
    db.session.commit()
    result = runner.invoke(args=["redact-answers"])
    assert result.exit_code == 0 and "Stored the redacted text of 3 written answer(s)." in result.output
    db.session.expire_all()
    assert stored("one_thing", response) == [REDACTED]
    assert runner.invoke(args=["redact-answers"]).output.startswith("Stored the redacted text of 0 ")
