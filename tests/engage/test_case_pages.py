"""Running a staff change case from the web: its proposal and period, representatives, information, meetings,
counter-proposals, officers, closing, the outcome report and the audit trail no one can change."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from engage.cases import services
from engage.extensions import db
from engage.models import CaseAuditError, CaseAuditEvent, CaseStaff, User
from tests.engage.case_helpers import BASE, CASE, audit_count, make_accounts, post_form, sign_in
from tests.engage.test_consultation_pages import error_summary
from tests.engage.test_html import assert_valid_html

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


@pytest.fixture
def officer(client):
    make_accounts()
    return sign_in(client, "assigned_officer")


def case():
    db.session.expire_all()
    return services.find_case(CASE)


def actions():
    return [e.action for e in services.audit_trail(case())]


def test_a_workforce_officer_starts_a_case_and_is_assigned_to_it(officer):
    response = post_form(officer, "/staff/cases/new", {"title": "Pharmacy TUPE", "slug": "pharmacy-tupe",
                                                      "case_type": "tupe_transfer"})
    assert response.status_code == 302 and response.location == "/staff/cases/pharmacy-tupe/"
    new = services.find_case("pharmacy-tupe")
    assert [o.user.email for o in new.officers] == ["assigned@example.org"]
    page = officer.get(response.location)
    assert "TUPE transfer" in page.text and "The case was started" in page.text
    assert_valid_html(page.text, "a new case")
    assert [e.action for e in services.audit_trail(new)] == ["case_created"]


@pytest.mark.parametrize(("data", "message", "anchor"), [
    ({"title": "", "slug": "x", "case_type": "restructure"}, "Enter the case's title", "#title"),
    ({"title": "X", "slug": "", "case_type": "restructure"}, "Enter a short name for links", "#slug"),
    ({"title": "X", "slug": "Not A Slug", "case_type": "restructure"}, "Use lower-case letters", "#slug"),
    ({"title": "X", "slug": CASE, "case_type": "restructure"}, "a short name no other case has", "#slug"),
    ({"title": "X", "slug": "x"}, "Choose the type of change", "#case_type"),
    ({"title": "X", "slug": "x", "case_type": "merger"}, "Not a valid choice", "#case_type"),
])
def test_a_new_case_with_bad_input_is_shown_again_with_what_was_typed(officer, data, message, anchor):
    page = post_form(officer, "/staff/cases/new", data)
    assert page.status_code == 200
    summary = error_summary(page)
    assert message in summary and f'href="{anchor}"' in summary
    assert f'value="{data["title"]}"' in page.text if data["title"] else True
    assert services.find_case("x") is None


def details(**changes):
    info = services.details(case())
    data = {"title": "Integrated neighbourhood teams", "case_type": "collective_redundancy",
            "proposal": "Merge.", "reasons": "Money.", "establishment": "Sale", "proposed_dismissals": "20",
            "planned_decision_on": "", "first_dismissal_on": "", "hr1_sent_on": "",
            "consultation_id": str(case().consultation_id)}
    assert info is not None
    return data | changes


def test_the_period_is_worked_out_from_the_dismissals_and_the_latest_date_representatives_got_the_information(
        officer, today):
    received = services.information_received_on(case())
    changes = actions().count("details_changed")
    assert received == today - timedelta(days=10)  # the demo's latest representative
    planned = received + timedelta(days=44)
    response = post_form(officer, BASE + "/details", details(proposed_dismissals="100",
                                                             planned_decision_on=planned.isoformat(),
                                                             first_dismissal_on=planned.isoformat()))
    assert response.status_code == 302
    page = officer.get(BASE + "/")
    assert "the law requires at least 45 days" in page.text
    assert 'id="too-early"' in page.text
    assert "Send form HR1" in page.text
    post_form(officer, BASE + "/details", details(proposed_dismissals="99", planned_decision_on=planned.isoformat()))
    page = officer.get(BASE + "/")
    assert "at least 30 days" in page.text and 'id="too-early"' not in page.text
    post_form(officer, BASE + "/details", details(proposed_dismissals="19"))
    page = officer.get(BASE + "/")
    assert "the law sets no minimum period" in page.text and "HR1" not in page.text
    assert actions().count("details_changed") == changes + 3


@pytest.mark.parametrize(("field", "value", "message"), [
    ("proposed_dismissals", "twenty", "Enter a whole number from 0 to 1,000,000"),
    ("proposed_dismissals", "-1", "Enter a whole number from 0 to 1,000,000"),
    ("proposed_dismissals", "", "Enter the number of proposed dismissals"),
    ("planned_decision_on", "2027-02-30", "Enter a real date as year-month-day"),
    ("first_dismissal_on", "next week", "Enter a real date as year-month-day"),
    ("title", "", "Enter the case's title"),
    ("consultation_id", "999999", "Not a valid choice"),
])
def test_bad_details_are_refused_with_what_was_typed_kept(officer, field, value, message):
    before = audit_count()
    page = post_form(officer, BASE + "/details", details(**{field: value}))
    assert page.status_code == 200
    assert message in error_summary(page) and f'href="#{field}"' in error_summary(page)
    if value:
        assert f'value="{value}"' in page.text or f'value="{value}" selected' in page.text or field == "consultation_id"
    assert audit_count() == before


def test_representatives_and_the_information_checklist(officer, today):
    response = post_form(officer, BASE + "/representatives", {"name": "Jo Bloggs", "kind": "trade_union",
                                                             "body": "GMB", "received_on": today.isoformat()})
    assert response.status_code == 302
    assert services.information_received_on(case()) == today
    page = post_form(officer, BASE + "/representatives", {"name": "No Date", "kind": "elected", "received_on": ""})
    assert "Enter the date they received the written information" in error_summary(page)
    assert 'value="No Date"' in page.text
    dates = {"reasons": "2027-01-04", "numbers": "2027-01-04", "selection": "2027-01-05", "timing": "",
             "pay": "2027-01-06"}
    assert post_form(officer, BASE + "/information", dates).status_code == 302
    given = {item.value: day and day.isoformat() for item, day in services.checklist(case()).items()}
    assert given == {**dates, "timing": None}
    assert "Given on 6 January 2027" in officer.get(BASE + "/").text
    page = post_form(officer, BASE + "/information", dates | {"pay": "6 Jan"})
    assert "Enter a real date" in error_summary(page) and 'value="6 Jan"' in page.text


def test_a_meeting_with_attachments_is_recorded_and_the_files_download(officer):
    response = post_form(officer, BASE + "/meetings/new",
                         {"held_on": "2027-01-04", "title": "Second meeting",
                          "attendees": "Chair: Jordan Blake\n\nTrade union representative: Pat Jones",
                          "notes": "Agreed to keep deputies."},
                         files={"attachments": [(PDF, "minutes.pdf"), (PNG, "whiteboard.png")]})
    assert response.status_code == 302
    page = officer.get(response.location)
    assert "Trade union representative: Pat Jones" in page.text
    assert_valid_html(page.text, "a meeting")
    links = re.findall(r'href="(/staff/cases/[^"]+/files/\d+)"', page.text)
    assert len(links) == 2
    download = officer.get(links[0])
    assert download.data == PDF and download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    recorded, downloaded = services.audit_trail(case())[-2:]
    assert recorded.action == "meeting_recorded"
    assert recorded.detail["attachments"] == ["minutes.pdf", "whiteboard.png"]
    assert (downloaded.action, downloaded.detail["file"], downloaded.user.email) == (
        "attachment_downloaded", "minutes.pdf", "assigned@example.org")


@pytest.mark.parametrize(("files", "message"), [
    ([(b"MZ\x90\0", "tool.exe")], "“tool.exe” is not a PDF, Word (.docx), Excel (.xlsx), PNG or JPEG file"),
    ([(b"<html>", "notes.html")], "is not a PDF, Word"),
    ([(b"hello", "notes.pdf")], "“notes.pdf” is not the kind of file its name says"),
    ([(PNG, "photo.jpg")], "“photo.jpg” is not the kind of file its name says"),
    ([(b"", "empty.pdf")], "“empty.pdf” is empty"),
    ([(PDF + b"\0" * (10 * 2**20), "big.pdf")], "The files are too big: together they must be smaller than 10 MB"),
])
def test_attachments_of_the_wrong_type_or_too_big_are_refused(officer, files, message):
    meetings = len(case().meetings)
    page = post_form(officer, BASE + "/meetings/new",
                     {"held_on": "2027-01-04", "title": "Third meeting", "attendees": "Chair: Jordan Blake"},
                     files={"attachments": files})
    assert page.status_code == 200
    assert message in error_summary(page)
    assert len(case().meetings) == meetings


def test_an_attachment_over_the_limit_is_refused_even_when_requests_may_be_bigger(officer, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 30 * 2**20)
    monkeypatch.setitem(app.config, "MAX_FORM_MEMORY_SIZE", 30 * 2**20)
    page = post_form(officer, BASE + "/meetings/new",
                     {"held_on": "2027-01-04", "title": "Third meeting", "attendees": "Chair: Jordan Blake"},
                     files={"attachments": [(PDF + b"\0" * (10 * 2**20), "big.pdf")]})
    assert "“big.pdf” is bigger than 10 MB" in error_summary(page)


@pytest.mark.parametrize(("attendees", "message"), [
    ("Jordan Blake", "Line 1 of who attended is not “role: name”"),
    ("Chair: Jordan\n: nobody", "Line 2 of who attended"),
    ("", "Enter who attended"),
])
def test_attendees_must_each_have_a_role(officer, attendees, message):
    page = post_form(officer, BASE + "/meetings/new", {"held_on": "2027-01-04", "title": "M", "attendees": attendees})
    assert message in error_summary(page)


def test_a_counter_proposal_and_its_written_reply_reach_the_outcome_report(officer):
    response = post_form(officer, BASE + "/counter-proposals/new",
                         {"received_on": "2027-01-04", "from_whom": "GMB", "summary": "Job share the leader posts."})
    assert response.status_code == 302
    proposal = case().counter_proposals[-1]
    assert proposal.reply is None
    assert "No reply yet" in officer.get(BASE + "/").text
    response = post_form(officer, f"{BASE}/counter-proposals/{proposal.id}/reply",
                         {"replied_on": "2027-01-11", "reply": "Agreed for two posts."})
    assert response.status_code == 302
    report = officer.get(BASE + "/report")
    assert_valid_html(report.text, "the outcome report")
    for text in ("Job share the leader posts.", "Agreed for two posts.", "Reply sent 11 January 2027",
                 "First consultation meeting with representatives", "Bring community nursing"):
        assert text in report.text
    page = post_form(officer, f"{BASE}/counter-proposals/{proposal.id}/reply", {"replied_on": "", "reply": ""})
    assert "Enter the date of the reply" in error_summary(page) and "Enter the reply" in error_summary(page)


def test_a_closed_case_keeps_its_records_and_refuses_every_change(officer):
    response = post_form(officer, BASE + "/close", {"outcome": "Deputies kept in every team."})
    assert response.status_code == 302
    page = officer.get(BASE + "/")
    assert "This case was closed on" in page.text and 'id="new-meeting"' not in page.text
    assert "Deputies kept in every team." in officer.get(BASE + "/report").text
    proposal_id = case().counter_proposals[0].id
    before, staff = audit_count(), len(case().staff)
    for path, data in [
        ("/details", details()),
        ("/representatives", {"name": "Late", "kind": "elected", "received_on": "2027-01-04"}),
        ("/information", {"pay": "2027-01-04"}),
        ("/meetings/new", {"held_on": "2027-01-04", "title": "Late", "attendees": "Chair: Jo"}),
        ("/counter-proposals/new", {"received_on": "2027-01-04", "from_whom": "GMB", "summary": "Late"}),
        (f"/counter-proposals/{proposal_id}/reply", {"replied_on": "2027-01-04", "reply": "Late"}),
        ("/close", {"outcome": "Again"}),
    ]:
        page = post_form(officer, BASE + path, data, token_from="/staff/password")
        assert page.status_code == 200, path
        assert "This case is closed, so nothing in it can be changed" in error_summary(page), path
    page = officer.get(BASE + "/staff-list")
    assert 'id="import"' not in page.text
    with pytest.raises(services.CaseError):
        services.import_staff(case(), None, [])
    db.session.rollback()
    assert audit_count() == before and len(case().staff) == staff


def test_the_audit_trail_lists_everything_and_cannot_be_changed_or_deleted(officer):
    page = officer.get(BASE + "/audit")
    assert_valid_html(page.text, "the audit trail")
    for label in ("Case started", "Staff list imported", "Representative added", "Meeting recorded",
                  "Counter-proposal recorded", "Reply to a counter-proposal"):
        assert label in page.text
    assert "Femi Doyle" not in page.text  # staff names stay out of the trail
    event = db.session.scalars(select(CaseAuditEvent)).first()
    event.action = "edited"
    with pytest.raises(CaseAuditError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(select(CaseAuditEvent)).first())
    with pytest.raises(CaseAuditError):
        db.session.flush()
    db.session.rollback()


def test_an_administrator_assigns_officers_and_the_change_is_audited(client):
    users = make_accounts()
    other = users["other_officer"].id
    sign_in(client, "administrator")
    form = client.get(BASE + "/officers")
    assert "Other Officer (other@example.org)" in form.text and "admin@example.org" not in form.text
    response = post_form(client, BASE + "/officers", {"officers": [str(other), "999999"]})
    assert response.status_code == 302
    assert {o.user_id for o in case().officers} == {other}
    event = services.audit_trail(case())[-1]
    assert event.action == "officers_changed" and event.user.email == "admin@example.org"
    assert event.detail == {"assigned": [other], "removed": [users["assigned_officer"].id]}


def test_case_list_command_prints_each_slug(runner, app):
    services.create_case("another-case", "Another", services.CaseType.RESTRUCTURE, None)
    db.session.commit()
    result = runner.invoke(args=["case", "list"])
    assert result.exit_code == 0
    assert result.output.splitlines() == ["another-case", CASE]


def test_the_demo_case_has_its_staff_list_survey_and_records(app):
    demo = case()
    assert demo.consultation.slug == "integrated-neighbourhood-teams-staff"
    assert len(demo.staff) == 54 and len(demo.meetings) == 1 and len(demo.counter_proposals) == 1
    assert all(person.name for person in db.session.scalars(select(CaseStaff)))
    assert services.period(demo).minimum_days == 30
    assert db.session.scalar(select(User).where(User.email == "nobody")) is None
