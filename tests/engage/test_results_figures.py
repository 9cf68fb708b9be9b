"""The results page's figures as files (CSV, Excel, JSON): who may download them, and that every figure, hidden
or shown, is the page's, for everyone and for every group of a filter."""

import csv
import html
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from engage.cases import services as cases
from engage.consultations.services import change_status, find_consultation
from engage.extensions import db
from engage.models import Channel, ExportAuditEvent, OrganisationMinimum, Status
from engage.results import services
from tests.engage.case_helpers import CASE
from tests.engage.results_data import SLUG, STAFF_SLUG, add_responses
from tests.engage.test_results import SEES, client_as
from tests.engage.test_results import cells as page_cells

KINDS = ("csv", "xlsx", "json")
HIDDEN = ("not shown", "not shown")


@pytest.fixture(autouse=True)
def _fresh_counts():
    services.forget_cached()


def read(response, kind: str) -> list[dict]:
    """The rows of a figures file as dicts; a hidden figure is None whatever the format."""
    assert response.status_code == 200, response.text
    if kind == "json":
        return json.loads(response.data)["rows"]
    if kind == "csv":
        found = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
        return [{k: (None if v == "" and k in ("count", "percentage", "answered", "group_size") else v)
                 for k, v in row.items()} for row in found]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["figures", "codes and labels"]
    header, *body = list(book["figures"].values)
    figures = ("count", "percentage", "answered", "group_size")
    return [{k: ("" if v is None and k not in figures else v) for k, v in zip(header, row, strict=True)}
            for row in body]


def as_page(rows: list[dict], question: str, group: tuple[str, str] = ("", "")) -> dict[str, tuple[str, str]]:
    """The file's figures of one question in one group, written as :func:`cells` reads them from the page."""
    shown = {}
    for row in rows:
        if row["question_id"] == question and (row["group_key"], row["group_value"]) == group:
            count = row["count"]
            shown[row["option_label"]] = HIDDEN if count is None else (
                str(int(count)), f"{float(row['percentage']):.0f}%")
    return shown


def cells(page: str, question: str) -> dict[str, tuple[str, str]]:
    return {html.unescape(label): figures for label, figures in page_cells(page, question).items()}


def channels():
    add_responses(15, channel=Channel.ONLINE, hear_back="website", used_hub="yes")
    add_responses(15, seed=2, channel=Channel.ONLINE, hear_back="hub", used_hub="no")
    add_responses(12, seed=3, channel=Channel.PAPER, hear_back="hub", used_hub="yes")
    add_responses(2, seed=4, channel=Channel.PAPER, hear_back="website", used_hub="no")


@pytest.mark.parametrize("kind", KINDS)
def test_signed_out_visitors_are_sent_to_sign_in(client, kind):
    response = client.get(f"/staff/results/{SLUG}/figures.{kind}")
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", sorted(SEES))
def test_exactly_those_who_see_the_results_page_may_download_its_figures(app, role, kind):
    add_responses(12)
    add_responses(12, slug=STAFF_SLUG, support_proposal="agree")
    change_status(find_consultation(STAFF_SLUG), Status.CLOSED)
    db.session.commit()
    client = client_as(app, role)
    residents, staff = SEES[role]
    for slug, status in ((SLUG, residents), (STAFF_SLUG, staff)):
        assert client.get(f"/staff/results/{slug}").status_code == status
        response = client.get(f"/staff/results/{slug}/figures.{kind}")
        assert response.status_code == status
        if status == 200:
            assert response.headers["Content-Disposition"] == f'attachment; filename="{slug}-figures.{kind}"'
            assert "no-store" in response.headers["Cache-Control"]
            assert read(response, kind)
    assert client.get(f"/staff/results/no-such-consultation/figures.{kind}").status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_everyones_figures_and_a_groups_are_the_pages(app, kind):
    channels()
    add_responses(3, seed=5, channel=Channel.ONLINE, hear_back="community_groups", used_hub="no")
    client = client_as(app, "analyst")
    rows = read(client.get(f"/staff/results/{SLUG}/figures.{kind}?by=channel"), kind)
    overall = client.get(f"/staff/results/{SLUG}").text
    paper = client.get(f"/staff/results/{SLUG}?channel=paper").text
    online = client.get(f"/staff/results/{SLUG}?channel=online").text
    for question in ("hear_back", "used_hub", "eq_age", "services_used"):
        assert as_page(rows, question) == cells(overall, question), question
        assert as_page(rows, question, ("channel", "paper")) == cells(paper, question), question
        assert as_page(rows, question, ("channel", "online")) == cells(online, question), question
    assert cells(overall, "hear_back")["Through community and faith groups"] == HIDDEN  # 3: hidden in the file too
    # a grid: one row per statement and answer
    experience = [r for r in rows if r["question_id"] == "experience" and r["group_key"] == ""]
    assert {r["item"] for r in experience} == {"easy_to_get_to", "listened", "waited"}
    assert len(experience) == 3 * len({r["option_value"] for r in experience})
    everyone = read(client.get(f"/staff/results/{SLUG}/figures.{kind}"), kind)
    assert {r["group_key"] for r in everyone} == {""}
    assert [r for r in rows if r["group_key"] == ""] == everyone


def test_a_count_that_subtraction_would_give_away_is_hidden_in_every_group(app):
    """Paper's 2 "website" is hidden; so are its 12 "hub" (14 in the group less 12) and online's 15 "website"
    (17 overall less 15), and with it online's "hub": as on the page."""
    channels()
    client = client_as(app, "analyst")
    found = json.loads(client.get(f"/staff/results/{SLUG}/figures.json?by=channel").data)
    hear_back = {(r["group_value"], r["option_value"]): r for r in found["rows"] if r["question_id"] == "hear_back"}
    assert hear_back[("", "website")]["count"] == 17 and hear_back[("", "hub")]["count"] == 27
    for cell in (("paper", "website"), ("paper", "hub"), ("online", "website"), ("online", "hub")):
        assert hear_back[cell]["count"] is None and hear_back[cell]["percentage"] is None
        assert hear_back[cell]["suppressed"] is True
    assert hear_back[("", "hub")]["suppressed"] is False
    rows = read(client.get(f"/staff/results/{SLUG}/figures.csv?by=channel"), "csv")
    paper = {r["option_value"]: r for r in rows if r["question_id"] == "hear_back" and r["group_value"] == "paper"}
    assert paper["website"]["count"] is None and paper["website"]["suppressed"] == "1"
    for row in found["rows"]:  # no figure below the minimum anywhere, and no group differs from everyone by one
        assert row["count"] is None or row["count"] == 0 or row["count"] >= 11
        if row["group_key"] and row["count"] is not None:
            whole = hear_back.get(("", row["option_value"])) if row["question_id"] == "hear_back" else None
            if whole and whole["count"] is not None:
                assert whole["count"] - row["count"] in (0,) or whole["count"] - row["count"] >= 11


@pytest.mark.parametrize("kind", KINDS)
def test_groups_the_page_refuses_have_no_figures(app, kind):
    add_responses(25, used_hub="yes")
    add_responses(14, seed=2, channel=Channel.PAPER, used_hub="no")
    add_responses(11, seed=3, channel=Channel.PHONE, used_hub="no")
    add_responses(4, seed=4, channel=Channel.ASSISTED, used_hub="no")
    client = client_as(app, "engagement_officer")
    response = client.get(f"/staff/results/{SLUG}/figures.{kind}?by=channel")
    rows = read(response, kind)
    for small in ("assisted", "phone"):  # 4; and 11, which with the others' sizes would give away the 4
        assert 'id="refused"' in client.get(f"/staff/results/{SLUG}?channel={small}").text
        mine = [r for r in rows if r["group_value"] == small]
        assert mine and all(r["count"] is None and r["answered"] is None and r["group_size"] is None for r in mine)
    paper = [r for r in rows if r["group_value"] == "paper" and r["question_id"] == "used_hub"]
    assert {r["option_value"]: int(r["count"]) for r in paper} == {"yes": 0, "no": 14}
    assert {int(r["group_size"]) for r in paper} == {14}
    if kind == "json":
        assert json.loads(response.data)["by"] == "channel"
        groups = {g["value"]: g for g in json.loads(response.data)["groups"]}
        assert groups["assisted"]["refused"] and groups["assisted"]["size"] is None
        assert not groups["paper"]["refused"] and groups["paper"]["size"] == 14


def test_staff_survey_figures_wait_for_closing_and_enough_responses_and_have_no_groups(app):
    add_responses(10, slug=STAFF_SLUG, support_proposal="agree")
    client = client_as(app, "workforce_officer")
    url = f"/staff/results/{STAFF_SLUG}/figures.csv"
    still_open = client.get(url)
    assert still_open.status_code == 409 and "only after the survey closes" in still_open.text
    change_status(find_consultation(STAFF_SLUG), Status.CLOSED)
    db.session.commit()
    few = client.get(url)
    assert few.status_code == 409 and "fewer than 11 responses" in few.text
    add_responses(2, seed=2, slug=STAFF_SLUG, support_proposal="disagree")
    rows = read(client.get(url), "csv")
    page = client.get(f"/staff/results/{STAFF_SLUG}").text
    assert as_page(rows, "support_proposal") == cells(page, "support_proposal")
    support = {r["option_value"]: r["count"] for r in rows if r["question_id"] == "support_proposal"}
    assert support["agree"] is None and support["disagree"] is None  # 10 and 2: both hidden
    assert {r["group_key"] for r in rows} == {""}
    grouped = client.get(f"{url}?by=channel")
    assert grouped.status_code == 400 and "cannot be split into groups" in grouped.text
    assert db.session.scalar(select(ExportAuditEvent.what).order_by(ExportAuditEvent.id.desc())) == "figures csv all"


def test_interim_staff_survey_figures_when_an_administrator_allowed_them(app):
    add_responses(12, slug=STAFF_SLUG, support_proposal="agree")
    client = client_as(app, "workforce_officer")
    assert client.get(f"/staff/results/{STAFF_SLUG}/figures.json").status_code == 409
    cases.find_case(CASE).details.interim_results = True
    db.session.commit()
    rows = read(client.get(f"/staff/results/{STAFF_SLUG}/figures.json"), "json")
    assert {r["question_id"] for r in rows} >= {"support_proposal"}


@pytest.mark.parametrize(("query", "status", "message"), [
    ("by=colour", 400, "“colour” is not one of these results’ filters. Choose one of: channel, language"),
    ("channel=paper", 400, "leave out anything else"),
    ("by=channel&layout=wide", 400, "leave out anything else"),
    ("by=channel&by=language", 400, "one filter at a time"),
])
def test_bad_requests_say_what_is_wrong(app, query, status, message):
    add_responses(12)
    client = client_as(app, "analyst")
    response = client.get(f"/staff/results/{SLUG}/figures.csv?{query}")
    assert response.status_code == status and message in response.text
    assert db.session.scalar(select(ExportAuditEvent.id)) is None  # refused: not recorded


def test_a_draft_has_no_figures(app):
    find_consultation(SLUG).status = Status.DRAFT
    db.session.commit()
    response = client_as(app, "analyst").get(f"/staff/results/{SLUG}/figures.xlsx")
    assert response.status_code == 409 and "nobody has answered it yet" in response.text


def test_each_download_is_in_the_audit_trail_and_the_page_links_them(app):
    channels()
    client = client_as(app, "analyst")
    page = client.get(f"/staff/results/{SLUG}?channel=paper").text
    assert 'id="download-figures"' in page
    assert f'href="/staff/results/{SLUG}/figures.csv?by=channel"' in page
    assert f'href="/staff/results/{SLUG}/figures.xlsx"' in page
    assert f'href="/staff/results/{SLUG}/figures.json?by=" ' not in page
    client.get(f"/staff/results/{SLUG}/figures.xlsx")
    client.get(f"/staff/results/{SLUG}/figures.json?by=channel")
    events = db.session.scalars(select(ExportAuditEvent).order_by(ExportAuditEvent.id)).all()
    assert [e.what for e in events] == ["figures xlsx all", "figures json channel"]
    assert {e.user.email for e in events} == {"analyst@example.org"}


def test_the_excel_file_has_a_sheet_of_codes_and_labels(app):
    channels()
    response = client_as(app, "analyst").get(f"/staff/results/{SLUG}/figures.xlsx?by=channel")
    book = load_workbook(io.BytesIO(response.data))
    codes = list(book["codes and labels"].values)
    assert codes[0] == ("column", "key", "code", "label")
    assert ("option_value", "hear_back", "website", "On this website") in codes
    assert ("group_value", "channel", "paper", "Paper") in codes
    assert ("item", "experience", "listened", "Staff listened to me") in codes or any(
        row[:3] == ("item", "experience", "listened") for row in codes)
    figures = list(book["figures"].values)
    hidden = [row for row in figures[1:] if row[6] == "channel" and row[7] == "paper" and row[4] == "website"
              and row[0] == "hear_back"]
    assert hidden and hidden[0][11] is None and hidden[0][13] == 1


def test_a_staff_surveys_figures_follow_its_cases_own_minimum(app):
    """An organisation's minimum above the global one applies to the file as to the page."""
    add_responses(20, slug=STAFF_SLUG, support_proposal="agree")
    change_status(find_consultation(STAFF_SLUG), Status.CLOSED)
    organisation = next(iter({person.organisation for person in cases.find_case(CASE).staff}))
    db.session.add(OrganisationMinimum(organisation=organisation, min_group_size=25))
    db.session.commit()
    client = client_as(app, "workforce_officer")
    assert "fewer than 25 responses" in client.get(f"/staff/results/{STAFF_SLUG}").text
    response = client.get(f"/staff/results/{STAFF_SLUG}/figures.json")
    assert response.status_code == 409 and "fewer than 25 responses" in response.text
    add_responses(5, seed=2, slug=STAFF_SLUG, support_proposal="disagree")
    found = json.loads(client.get(f"/staff/results/{STAFF_SLUG}/figures.json").data)
    assert found["min_group_size"] == 25
    support = {r["option_value"]: r["count"] for r in found["rows"] if r["question_id"] == "support_proposal"}
    assert support["agree"] is None and support["disagree"] is None  # 20 and 5, both under 25
