"""Staff surveys are a ballot box: no exact times are stored that could be matched to a person."""

from datetime import UTC, datetime

from sqlalchemy import select, text

from engage.answering.drafts import recorded_time, save_answers
from engage.answering.services import start_draft
from engage.answering.services import submit as submit_response
from engage.extensions import db
from engage.models import Answer, Audience, Consultation, Draft, Response
from surveys.types.special import CONSENT_VALUE
from tests.engage.conftest import csrf_token
from tests.engage.journey import answer, start, submit, walk_used_hub
from tests.engage.staff_codes import give_code

STAFF = "/consultations/integrated-neighbourhood-teams-staff"


def test_staff_response_keeps_only_the_day_it_was_started_and_sent(client):
    give_code(client)
    start(client, base=STAFF)
    steps = [("consent", {"understand": CONSENT_VALUE}), ("team", {"staff_group": "nursing"}),
             ("proposal", {"support_proposal": "agree"}), ("start", {}),
             ("concerns", {"concerns": "Travel between bases."}), ("ideas", {})]
    for page_id, data in steps:
        response = answer(client, page_id, data, base=STAFF)
        assert response.status_code == 302, page_id
    assert response.location.endswith("/check-answers")
    before = datetime.now(UTC)
    check = client.get(f"{STAFF}/check-answers")
    assert client.post(f"{STAFF}/check-answers", data={"csrf_token": csrf_token(check.text)}).status_code == 302

    stored = db.session.scalar(select(Response))
    for moment in (stored.started_at, stored.submitted_at):
        assert (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)
    assert stored.submitted_at.date() in {before.date(), datetime.now(UTC).date()}
    assert {a.question_id: a.value for a in stored.answers}["concerns"] == "Travel between bases."


def test_unfinished_staff_answers_keep_only_the_day_too(client):
    give_code(client)
    start(client, base=STAFF)
    assert answer(client, "consent", {"understand": CONSENT_VALUE}, base=STAFF).status_code == 302
    saved = answer(client, "team", {"staff_group": "nursing"}, action="save", base=STAFF)
    assert saved.status_code == 302 and saved.location.endswith("/saved")
    draft = db.session.scalar(select(Draft))
    assert draft.answers["staff_group"] == "nursing" and draft.resume_code_hash
    for moment in (draft.started_at, draft.updated_at):
        assert (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)


def test_resident_response_keeps_exact_times(client):
    started = datetime.now(UTC)
    walk_used_hub(client)
    before = datetime.now(UTC)
    submit(client)
    after = datetime.now(UTC)
    stored = db.session.scalar(select(Response))
    assert before.replace(microsecond=0) <= stored.submitted_at <= after
    assert started.replace(microsecond=0) <= stored.started_at <= before


def test_recorded_time_rounds_down_to_the_day_for_staff_only():
    moment = datetime(2026, 11, 30, 23, 59, 58, 999, tzinfo=UTC)
    assert recorded_time(moment, Audience.STAFF) == datetime(2026, 11, 30, tzinfo=UTC)
    assert recorded_time(moment, Audience.RESIDENTS) == moment
    assert recorded_time(moment, Audience.STAKEHOLDERS) == moment


def _send_responses(n):
    staff = db.session.scalar(select(Consultation).where(Consultation.slug == STAFF.rsplit("/", 1)[1]))
    sent = []
    for i in range(n):
        draft = start_draft(staff, "en")
        save_answers(draft, {"concerns": f"Comment {i}", "staff_group": "nursing"}, "en")
        sent.append(submit_response(draft).id)
    db.session.commit()
    return sent


def test_keys_do_not_show_the_order_responses_arrived_in(app):
    sent = _send_responses(25)
    assert sent != sorted(sent)  # 1 chance in 25! of being sorted by accident
    answers = db.session.execute(select(Answer.id, Answer.response_id)).all()
    by_answer_key = [response_id for _, response_id in sorted(answers)]
    assert list(dict.fromkeys(by_answer_key)) != sent
    assert all(0 < key < 2**62 + 1 for key in sent)


def test_stored_order_does_not_show_the_order_responses_arrived_in(app, runner):
    sent = _send_responses(25)
    result = runner.invoke(args=["reorder-responses"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    # A plain scan (what a dump reads) meets rows in storage order: key order, not arrival order.
    stored = list(db.session.scalars(text("SELECT id FROM response")))
    assert stored == sorted(sent) and stored != sent
    answer_rows = list(db.session.scalars(text("SELECT response_id FROM answer")))
    assert list(dict.fromkeys(answer_rows)) == sorted(sent)
    if db.engine.dialect.name == "postgresql":
        # Every row's writing transaction (xmin, which grows with time) is now the same one.
        for table in ("response", "answer"):
            assert db.session.scalar(text(f"SELECT count(DISTINCT xmin::text) FROM {table}")) == 1, table
