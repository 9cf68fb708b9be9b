"""Officers give affected staff their single-use codes: by email (a real local SMTP server), on a printed sheet,
again when lost, and in a reminder; only administrators and the officers assigned to the case."""

import re

import pytest
from sqlalchemy import func, select

from engage import ballot
from engage.extensions import db
from engage.models import CaseStaff, StaffCode, Status
from tests.engage.conftest import csrf_token
from tests.engage.staff_codes import CASE_SLUG, OFFICERS_ALLOWED, PEOPLE, assign, make_case, second_survey, sign_in

PAGE = f"/staff/cases/{CASE_SLUG}/invitations"
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")


@pytest.fixture(autouse=True)
def emails_inline(app):
    """Email batches run in the request here (engage.jobs "inline"); test_staff_email_jobs runs them in the
    local worker process."""
    app.config["JOBS"] = "inline"
    yield
    app.config["JOBS"] = "local"


def press(client, action):
    """Press a button on the codes page (with a CSRF token from another form when the page shows none)."""
    form = client.get(PAGE)
    assert form.status_code == 200
    token = csrf_token(form.text if "csrf_token" in form.text else client.get("/staff-survey").text)
    return client.post(f"{PAGE}/{action}", data={"csrf_token": token})


def codes_stored():
    return db.session.scalar(select(func.count()).select_from(StaffCode))


def officer(client, case=None):
    return sign_in(client, "workforce_assigned", case or make_case())


@pytest.mark.parametrize("who", PEOPLE)
def test_the_codes_page_is_for_administrators_and_assigned_officers_only(client, who):
    case = make_case()
    sign_in(client, who, case)
    page = client.get(PAGE)
    if who == "anonymous":
        assert page.status_code == 302 and "/staff/sign-in" in page.location
    elif who in OFFICERS_ALLOWED:
        assert page.status_code == 200 and "Person 0" in page.text and "person0@" in page.text
    else:
        assert page.status_code == 403 and "Person 0" not in page.text


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", ["send", "remind", "print", "new-code"])
def test_only_administrators_and_assigned_officers_can_give_out_codes(client, smtp_server, who, action):
    case = make_case()
    ballot.issue_code(case.staff[1], ballot.EMAIL)
    db.session.commit()
    sign_in(client, who, case)
    token = csrf_token(client.get("/staff/sign-in").text) if who == "anonymous" else None
    url = f"{PAGE}/{case.staff[0].id}/new-code" if action == "new-code" else f"{PAGE}/{action}"
    if who in OFFICERS_ALLOWED:
        token = csrf_token(client.get(PAGE).text)
    response = client.post(url, data={"csrf_token": token or "x"})
    if who == "anonymous":
        assert response.status_code == 302 and "/staff/sign-in" in response.location
    elif who in OFFICERS_ALLOWED:
        assert response.status_code in (200, 302), response.status_code
        assert codes_stored() >= 1
    else:
        assert response.status_code == 403
        assert codes_stored() == 1 and smtp_server.messages == []


def test_codes_are_emailed_in_each_persons_language_and_open_the_case(client, smtp_server):
    case = make_case(staff=3)
    case.staff[2].language = "ar"
    db.session.commit()
    officer(client, case)
    sent = press(client, "send")
    assert sent.status_code == 302
    assert "Emailed codes to 3 members of staff." in client.get(PAGE).text
    assert sorted(m["To"] for m in smtp_server.messages) == [p.email for p in case.staff]
    arabic = next(m for m in smtp_server.messages if m["To"] == case.staff[2].email)
    english = next(m for m in smtp_server.messages if m["To"] == case.staff[0].email)
    assert "Your code for the staff survey on Neighbourhood teams restructure" == english["Subject"]
    assert arabic["Subject"].startswith("رمزك") and "رمزك" in arabic.get_content()
    assert "lang=ar" in arabic.get_content()
    body = english.get_content()
    code = CODE.search(body).group(0)
    assert code not in str(db.session.scalar(select(StaffCode.code_hash)))
    link = re.search(r"http://localhost(/staff-survey\?\S+)", body).group(1)
    assert "lang=en" in link
    staff = client.application.test_client()
    opened = staff.get(link, follow_redirects=True)
    assert opened.status_code == 200 and "Answer the survey" in opened.text
    assert {row.sent_by for row in db.session.scalars(select(StaffCode))} == {"email"}
    # Nobody is emailed twice: the button is only for staff without a code.
    assert "Email codes to" not in client.get(PAGE).text


def test_a_printed_sheet_gives_codes_to_staff_without_email_once(client, smtp_server):
    case = make_case(staff=2, emails=False)
    officer(client, case)
    sheet = press(client, "print")
    assert sheet.status_code == 200
    codes = CODE.findall(sheet.text)
    assert len(codes) == 2 and "Person 0" in sheet.text and "Person 1" in sheet.text
    assert "/staff-survey" in sheet.text and smtp_server.messages == []
    assert ballot.find_code(codes[1].lower().replace("-", "")).staff.name == "Person 1"
    again = press(client, "print")
    assert CODE.findall(again.text) == [] and "already has a code" in again.text


def test_a_new_code_replaces_the_old_one_and_keeps_whether_they_answered(client, smtp_server):
    case = make_case(staff=2)
    old = ballot.issue_code(case.staff[0], ballot.EMAIL)
    db.session.commit()
    officer(client, case)
    response = press(client, f"{case.staff[0].id}/new-code")
    assert response.status_code == 302
    assert "Emailed a new code to Person 0" in client.get(PAGE).text
    new = CODE.search(smtp_server.messages[-1].get_content()).group(0)
    assert ballot.find_code(old) is None and ballot.find_code(new).staff.name == "Person 0"
    assert ballot.mark_answered(ballot.find_code(new).code_hash)
    db.session.commit()
    press(client, f"{case.staff[0].id}/new-code")
    newer = CODE.search(smtp_server.messages[-1].get_content()).group(0)
    assert ballot.find_code(newer).answered  # a new code never opens a second answer


def test_a_new_code_for_someone_without_email_is_printed(client):
    case = make_case(staff=1, emails=False)
    officer(client, case)
    sheet = press(client, f"{case.staff[0].id}/new-code")
    assert sheet.status_code == 200 and len(CODE.findall(sheet.text)) == 1


def test_a_new_code_for_someone_not_on_the_case_is_not_found(client):
    case = make_case(staff=1)
    other = make_case(slug="another-case", survey_slug=second_survey().slug, staff=1)
    officer(client, case)
    assert press(client, f"{other.staff[0].id}/new-code").status_code == 404


def test_a_reminder_goes_only_to_those_who_have_not_answered_without_saying_who(client, smtp_server):
    case = make_case(staff=3)
    codes = [ballot.issue_code(person, ballot.EMAIL) for person in case.staff]
    ballot.mark_answered(ballot.find_code(codes[1]).code_hash)
    db.session.commit()
    officer(client, case)
    assert press(client, "remind").status_code == 302
    page = client.get(PAGE).text
    assert "A reminder with a new code went to everyone" in page
    assert sorted(m["To"] for m in smtp_server.messages) == [case.staff[0].email, case.staff[2].email]
    assert all(m["Subject"].startswith("Reminder:") for m in smtp_server.messages)
    assert ballot.find_code(codes[0]) is None and ballot.find_code(codes[1]) is not None
    assert "Fewer than 11" in page  # one answer: not shown as a number


def test_without_email_set_up_codes_are_printed_instead(client, app):
    make_case(staff=1)
    officer(client)
    page = client.get(PAGE)
    assert "Email is not set up on this server" in page.text and 'id="send-codes"' not in page.text
    response = press(client, "send")
    assert response.status_code == 409 and "print codes instead" in response.text
    assert codes_stored() == 0


def test_an_email_server_that_cannot_be_reached_changes_no_code(client, app):
    make_case(staff=2)
    officer(client)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_TIMEOUT=2)
    try:
        response = press(client, "send")
    finally:
        app.config.update(MAIL_SERVER="", MAIL_PORT=25)
    assert response.status_code == 302
    assert "could not be reached, so no codes were changed" in client.get(PAGE).text
    assert codes_stored() == 0


@pytest.mark.parametrize("status", [Status.CLOSED, None])
def test_no_codes_for_a_closed_case_or_one_without_a_survey(client, smtp_server, status):
    case = make_case(staff=2, survey_slug="integrated-neighbourhood-teams-staff" if status else None)
    if status:
        ballot.change_case_status(case, status)
        db.session.commit()
    officer(client, case)
    assert "no codes can be given out" in client.get(PAGE).text
    for action in ("send", "print", "remind", f"{case.staff[0].id}/new-code"):
        response = press(client, action)
        assert response.status_code == 409 and "no codes can be given out" in response.text, action
    assert codes_stored() == 0 and smtp_server.messages == []


def test_a_stale_button_changes_nothing(client, smtp_server):
    make_case(staff=2)
    officer(client)
    response = client.post(f"{PAGE}/send", data={"csrf_token": "stale"})
    assert response.status_code == 400 and "out of date" in response.text
    assert codes_stored() == 0 and smtp_server.messages == []


def test_an_unknown_case_is_not_found(client):
    sign_in(client, "administrator")
    assert client.get("/staff/cases/no-such-case/invitations").status_code == 404


def test_case_codes_prints_new_codes_one_a_line_for_staff_who_have_none(runner):
    case = make_case(staff=3, emails=False)
    ballot.issue_code(case.staff[0], ballot.EMAIL)
    db.session.commit()
    result = runner.invoke(args=["case", "codes", CASE_SLUG])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(CODE.fullmatch(line) for line in lines)
    assert [ballot.find_code(line).staff.name for line in lines] == ["Person 1", "Person 2"]
    again = runner.invoke(args=["case", "codes", CASE_SLUG])
    assert again.exit_code == 0 and again.stdout == ""


def test_case_codes_and_status_refuse_an_unknown_case(runner):
    for args in (["case", "codes", "nope"], ["case", "status", "nope", "closed"]):
        result = runner.invoke(args=args)
        assert result.exit_code != 0 and "No case 'nope'" in result.output


def test_case_status_opens_and_closes_the_case_survey(runner):
    case = make_case()
    # The demo loads its own case beside this one; slugs come one a line, in order.
    listed = runner.invoke(args=["case", "list"]).output.splitlines()
    assert listed == sorted(["integrated-neighbourhood-teams", CASE_SLUG])
    result = runner.invoke(args=["case", "status", CASE_SLUG, "closed"])
    assert result.exit_code == 0, result.output
    assert case.consultation.status is Status.CLOSED
    closed = runner.invoke(args=["case", "codes", CASE_SLUG])
    assert closed.exit_code != 0 and "closed" in closed.output
    assert runner.invoke(args=["case", "status", CASE_SLUG, "open"]).exit_code == 0
    assert case.consultation.status is Status.OPEN
    bad = runner.invoke(args=["case", "status", CASE_SLUG, "published"])
    assert bad.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(CaseStaff).where(CaseStaff.case_id == case.id)) == 3


def test_any_role_assigned_to_the_case_may_use_it(client):
    """Assignment, not role, decides (an engagement officer helping on the case); administrators always may."""
    case = make_case()
    user = sign_in(client, "engagement_officer", case)
    assert client.get(PAGE).status_code == 403
    assign(case, user)
    assert client.get(PAGE).status_code == 200
    assert client.get(f"/staff/cases/{CASE_SLUG}/questions").status_code == 200
