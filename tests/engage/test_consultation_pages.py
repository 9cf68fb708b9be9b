"""Staff pages for running consultations: upload and check a document, store it, open, close, publish feedback."""

import html
import io
import json
import re

import pytest

from engage.answering.services import start_draft, submit
from engage.consultations.services import export_consultation, find_consultation
from engage.extensions import db
from engage.models import Channel, Status
from tests.engage.conftest import csrf_token
from tests.engage.journey import SLUG, answer, start
from tests.engage.test_consultation_documents import document  # noqa: F401  (fixture)
from tests.engage.test_entry import new_request_state, sign_in_as
from tests.engage.test_exports import read_csv
from tests.engage.test_feedback import FEEDBACK, close
from tests.engage.test_html import assert_valid_html
from tests.surveys.test_xlsform import SURVEY, workbook, xls_workbook

UPLOAD = "/staff/consultation-documents"
STAFF_SLUG = "integrated-neighbourhood-teams-staff"


def upload(client, doc=None, raw=None, workbook_bytes=None, workbook_name="form.xlsx", token=None,
           name="consultation.json"):
    page = client.get(UPLOAD)
    assert page.status_code == 200
    data = {"csrf_token": csrf_token(page.text) if token is None else token}
    if doc is not None or raw is not None:
        data["document"] = (io.BytesIO(raw if raw is not None else json.dumps(doc).encode()), name)
    if workbook_bytes is not None:
        data["workbook"] = (io.BytesIO(workbook_bytes), workbook_name)
    return client.post(UPLOAD, data=data, content_type="multipart/form-data")


def store(client, checked):
    """Press "Store it" on the check page ``checked``."""
    hidden = re.search(r'name="document" type="hidden" value="([^"]*)"', checked.text)
    assert hidden, "no store button on the check page"
    return client.post(f"{UPLOAD}/confirm", data={"csrf_token": csrf_token(checked.text),
                                                  "document": html.unescape(hidden.group(1))})


def press(client, slug, status):
    page = client.get(f"/staff/consultations/{slug}/")
    assert page.status_code == 200
    return client.post(f"/staff/consultations/{slug}/status",
                       data={"csrf_token": csrf_token(page.text), "status": status})


def error_summary(page) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', page.text, re.S)
    assert match, "no error summary"
    return html.unescape(match.group(0))


def test_an_officer_uploads_checks_stores_and_opens_a_consultation(client, document):  # noqa: F811
    sign_in_as(client, "engagement_officer")
    home = client.get("/staff/")
    assert 'href="/staff/consultations/"' in home.text
    submit(start_draft(find_consultation(SLUG), "en", Channel.ONLINE))
    db.session.commit()
    listed = client.get("/staff/consultations/")
    assert listed.status_code == 200 and "Community health hubs" in listed.text
    assert re.search(r'<td class="govuk-table__cell">1</td>', listed.text)  # its responses
    assert STAFF_SLUG not in listed.text  # staff consultations are the workforce officers'

    checked = upload(client, document)
    assert checked.status_code == 200
    assert_valid_html(checked.text, "check the document")
    assert "This is a new consultation. It will be stored as a draft with survey version 1." in checked.text
    assert "library-opening-hours" in checked.text
    assert find_consultation("library-opening-hours") is None  # checking stores nothing

    stored = store(client, checked)
    assert stored.status_code == 302 and stored.location.endswith("/staff/consultations/library-opening-hours/")
    manage = client.get(stored.location)
    assert_valid_html(manage.text, "manage a consultation")
    assert "The consultation was stored as a draft with survey version 1." in manage.text
    assert find_consultation("library-opening-hours").status is Status.DRAFT
    assert client.get("/consultations/library-opening-hours").status_code == 404

    opened = press(client, "library-opening-hours", "open")
    assert opened.status_code == 302
    managed = client.get(opened.location).text
    assert "The consultation is open." in managed
    assert find_consultation("library-opening-hours").status is Status.OPEN
    assert client.get("/consultations/library-opening-hours").status_code == 200
    # the history, newest first, names who did what
    rows = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", managed.split('id="history"')[1], re.S)]
    assert rows[1].endswith("Engagement Officer Status changed from Draft to Open"), rows
    assert rows[2].endswith("Engagement Officer Created (status: Draft) with survey version 1"), rows


def test_an_unchanged_document_has_nothing_to_store_and_a_changed_survey_becomes_a_new_version(client):
    sign_in_as(client, "engagement_officer")
    doc = export_consultation(find_consultation(SLUG))
    same = upload(client, doc)
    assert same.status_code == 200 and "there is nothing to store" in same.text
    assert 'id="store"' not in same.text

    doc["consultation"]["closes_on"] = "2027-03-31"
    doc["survey"]["title"]["en"] = "A reworded survey title"
    changed = upload(client, doc)
    assert "Changed: closing date" in changed.text
    assert "it becomes survey version 2" in changed.text
    assert find_consultation(SLUG).current_version.number == 1
    stored = store(client, changed)
    managed = client.get(stored.location).text
    assert "Survey version 2 is now the one people answer" in managed
    assert "Changed: closing date<br>" in managed and "Survey version 2 added" in managed
    consultation = find_consultation(SLUG)
    assert consultation.current_version.number == 2 and str(consultation.closes_on) == "2027-03-31"


def test_changes_made_with_commands_are_in_the_history_too(client, runner):
    assert runner.invoke(args=["consultation", "status", SLUG, "closed"]).exit_code == 0
    sign_in_as(client, "administrator")
    managed = client.get(f"/staff/consultations/{SLUG}/").text
    history = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", managed.split('id="history"')[1]))
    assert "On the server (a command) Status changed from Open to Closed" in history
    assert "On the server (a command) Created (status: Open) with survey version 1" in history  # the demo loader


def test_the_document_downloads_as_json_that_uploads_unchanged(client):
    sign_in_as(client, "engagement_officer")
    download = client.get(f"/staff/consultations/{SLUG}/document.json")
    assert download.status_code == 200 and download.mimetype == "application/json"
    assert download.headers["Content-Disposition"] == f'attachment; filename="{SLUG}.json"'
    assert json.loads(download.data) == export_consultation(find_consultation(SLUG))
    assert "there is nothing to store" in upload(client, raw=download.data).text
    as_yaml = client.get(f"/staff/consultations/{SLUG}/document.yaml")
    assert as_yaml.headers["Content-Disposition"] == f'attachment; filename="{SLUG}.yaml"'
    assert as_yaml.text.startswith("consultation:\n  slug: community-health-hubs\n")
    assert "there is nothing to store" in upload(client, raw=as_yaml.data, name=f"{SLUG}.yaml").text
    broken = upload(client, raw=b"consultation:\n  title: [\n", name="broken.yml")
    assert broken.status_code == 400
    assert "The document is not valid YAML (line 3, column 1)." in error_summary(broken)


def test_a_survey_in_an_xlsform_workbook_is_uploaded_with_its_document(client, document, tmp_path):  # noqa: F811
    sign_in_as(client, "engagement_officer")
    document["survey"] = "form.xlsx"
    missing = upload(client, document)
    assert missing.status_code == 400
    assert "The document's survey is in the workbook “form.xlsx”. Choose that workbook too" in error_summary(missing)
    assert 'href="#workbook"' in missing.text

    checked = upload(client, document, workbook_bytes=workbook(tmp_path).read_bytes())
    assert checked.status_code == 200, error_summary(checked)
    assert store(client, checked).status_code == 302
    assert find_consultation("library-opening-hours").current_version.definition["pages"]

    bad = workbook(tmp_path, survey=[SURVEY[0], ["geopoint", "where", "Where?"]], name="bad.xlsx").read_bytes()
    refused = upload(client, document, workbook_bytes=bad)
    assert refused.status_code == 400
    assert "form.xlsx: survey row 2: type &#39;geopoint&#39; is not supported" in refused.text
    not_excel = upload(client, document, workbook_bytes=b"not a spreadsheet")
    assert not_excel.status_code == 400 and "form.xlsx: not an XLSForm workbook" in not_excel.text


NOTE_SURVEY = {"survey": [["type", "name", "label", "default"], ["start", "start"],
                          ["note", "welcome", "Thank you for helping."],
                          ["text", "why", "Why do you say that?", "Because"]]}


def test_workbook_warnings_are_on_the_check_page_and_notes_are_shown_but_never_asked(client, document,  # noqa: F811
                                                                                      tmp_path):
    sign_in_as(client, "engagement_officer")
    document["survey"] = "form.xls"
    document["consultation"]["status"] = "open"
    checked = upload(client, document, workbook_bytes=xls_workbook(tmp_path, NOTE_SURVEY).read_bytes(),
                     workbook_name="form.xls")
    assert checked.status_code == 200, checked.text
    assert_valid_html(checked.text, "check page with workbook warnings")
    warnings = html.unescape(re.search(r'<div id="warnings">.*?</ul>', checked.text, re.S).group(0))
    assert "Warnings about the survey workbook" in warnings
    assert "form.xls: survey row 2: 'start' (start) is skipped" in warnings
    assert "form.xls: survey column 'default' (row 4): default answers are not filled in" in warnings
    counted = r"Questions in the survey\s*</dt>\s*<dd[^>]*>\s*1\s*</dd>"  # the note is not a question
    assert re.search(counted, checked.text), checked.text
    assert store(client, checked).status_code == 302

    base = "/consultations/library-opening-hours"
    assert start(client, base=base).endswith("/questions/welcome_page")
    page = client.get(base + "/questions/welcome_page")
    assert '<h1 class="govuk-heading-l">Thank you for helping.</h1>' in page.text
    after_note = page.text.split('class="engage-note"')[1].split("govuk-button")[0]
    assert "<input" not in after_note and "<textarea" not in after_note and "<select" not in after_note
    assert answer(client, "welcome_page", {}, base=base).location.endswith("/questions/why_page")
    assert answer(client, "why_page", {"why": "Opening hours"}, base=base).location.endswith("/check-answers")
    check = client.get(base + "/check-answers").text
    assert "Why do you say that?" in check and "Thank you for helping." not in check
    assert client.post(base + "/check-answers", data={"csrf_token": csrf_token(check)}).status_code == 302
    header = read_csv(client.get("/staff/answers/library-opening-hours.csv"))[0]
    assert "why" in header and "welcome" not in header


@pytest.mark.parametrize(
    ("raw", "message", "anchor"),
    [
        (None, "Choose the consultation document", "#document"),
        ("{}".encode("utf-16"), "The document is not UTF-8 text. Save it as UTF-8 and choose it again", "#document"),
        (b'{"consultation": {}\n,,}', "The document is not valid JSON (line 2, column 2).", "#document"),
    ],
)
def test_unreadable_documents_are_refused_on_the_upload_page(client, raw, message, anchor):
    sign_in_as(client, "engagement_officer")
    refused = upload(client, raw=raw) if raw is not None else upload(client)
    assert refused.status_code == 400
    assert_valid_html(refused.text, "upload with an error")
    assert message in error_summary(refused) and f'href="{anchor}"' in refused.text
    assert 'class="govuk-file-upload govuk-file-upload--error"' in refused.text


def test_every_problem_in_a_document_is_listed_and_nothing_is_stored(client, document):  # noqa: F811
    sign_in_as(client, "engagement_officer")
    document["consultation"]["rung"] = "coercion"
    document["consultation"]["closes_on"] = "2026-02-30"
    del document["survey"]["pages"][0]["questions"][0]["type"]
    refused = upload(client, document)
    assert refused.status_code == 400
    assert "The document was not stored. Correct the problems listed below" in error_summary(refused)
    problems = html.unescape(re.search(r'<div id="problems".*?</div>', refused.text, re.S).group(0))
    assert '<ul class="govuk-list govuk-list--bullet" lang="en" dir="ltr">' in problems
    assert ("Consultation: 'rung' is 'coercion', which is not one of: educating, informing, consultation, engagement, "
            "co_design, co_production." in problems)
    assert "Consultation: 'closes_on' is '2026-02-30', which is not a real date." in problems
    assert "Survey › page 1 ('where') › question 'ward': 'type' is missing; a question needs it." in problems
    assert find_consultation("library-opening-hours") is None


def test_roles_only_run_their_own_audiences(client, document):  # noqa: F811
    sign_in_as(client, "workforce_officer")
    listed = client.get("/staff/consultations/")
    assert STAFF_SLUG in listed.text and SLUG not in listed.text
    refused = upload(client, document)  # a residents' consultation
    assert refused.status_code == 400
    assert "Your role does not run consultations for this audience: Residents" in error_summary(refused)
    assert client.get(f"/staff/consultations/{SLUG}/").status_code == 403
    assert client.get(f"/staff/consultations/{SLUG}/document.json").status_code == 403
    assert client.get("/staff/consultations/no-such-thing/").status_code == 404

    # a staff document whose slug is a residents' consultation cannot take it over
    staff_doc = export_consultation(find_consultation(SLUG))
    staff_doc["consultation"]["audience"] = "staff"
    assert "this audience: Residents" in error_summary(upload(client, staff_doc))
    new_request_state()
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/").text)})

    new_request_state()
    sign_in_as(client, "analyst")
    assert 'href="/staff/consultations/"' not in client.get("/staff/").text
    assert client.get("/staff/consultations/").status_code == 403
    assert client.get(UPLOAD).status_code == 403


def test_confirming_checks_the_document_again(client, document):  # noqa: F811
    sign_in_as(client, "engagement_officer")
    checked = upload(client, document)
    token = csrf_token(checked.text)
    tampered = dict(document, consultation={**document["consultation"], "audience": "staff"})
    refused = client.post(f"{UPLOAD}/confirm", data={"csrf_token": token, "document": json.dumps(tampered)})
    assert refused.status_code == 400 and "this audience: Staff" in error_summary(refused)
    broken = client.post(f"{UPLOAD}/confirm", data={"csrf_token": token, "document": "{not json"})
    assert broken.status_code == 400 and "The checked document did not come back" in error_summary(broken)
    invalid = dict(document, survey={"pages": []})
    listed = client.post(f"{UPLOAD}/confirm", data={"csrf_token": token, "document": json.dumps(invalid)})
    assert listed.status_code == 400 and 'id="problems"' in listed.text
    assert find_consultation("library-opening-hours") is None


def test_stale_forms_change_nothing_and_say_so(client, document):  # noqa: F811
    sign_in_as(client, "engagement_officer")
    new_request_state()  # as a server would: the sign-in's checked CSRF token does not carry over
    stale = upload(client, document, token="stale")
    assert stale.status_code == 400 and "The page was out of date, so nothing was changed" in error_summary(stale)
    checked = upload(client, document)
    new_request_state()
    stored = client.post(f"{UPLOAD}/confirm", data={"csrf_token": "stale", "document": json.dumps(document)})
    assert stored.status_code == 400 and "nothing was changed" in error_summary(stored)
    assert checked.status_code == 200 and find_consultation("library-opening-hours") is None
    new_request_state()
    status = client.post(f"/staff/consultations/{SLUG}/status", data={"csrf_token": "stale", "status": "closed"})
    assert status.status_code == 400 and "nothing was changed" in error_summary(status)
    assert 'href="#actions"' in status.text
    assert find_consultation(SLUG).status is Status.OPEN


def test_status_changes_follow_the_rules_and_feedback_is_published_from_the_page(client):
    sign_in_as(client, "engagement_officer")
    refused = press(client, SLUG, "feedback_published")  # open → published skips closing
    assert refused.status_code == 400 and "The consultation is Open, so it cannot be moved there" in error_summary(
        refused)
    assert press(client, SLUG, "no-such-status").status_code == 400

    consultation = find_consultation(SLUG)
    submit(start_draft(consultation, "en", Channel.ONLINE))
    close(consultation)
    manage = client.get(f"/staff/consultations/{SLUG}/")
    assert 'id="publish"' in manage.text and 'id="open"' in manage.text and "Reopen the consultation" in manage.text
    assert "Feedback due by" in manage.text and "Not written yet" in manage.text
    no_feedback = press(client, SLUG, "feedback_published")
    assert no_feedback.status_code == 400
    assert "Add the feedback (we asked, you said, we did)" in error_summary(no_feedback)

    consultation = find_consultation(SLUG)
    consultation.feedback = FEEDBACK
    db.session.commit()
    assert "Hubs now open until 8pm on Tuesdays." in client.get(f"/staff/consultations/{SLUG}/").text
    published = press(client, SLUG, "feedback_published")
    assert published.status_code == 302
    finished = client.get(published.location)
    assert "The feedback is published." in finished.text and "this consultation is finished" in finished.text
    assert 'id="open"' not in finished.text and 'id="publish"' not in finished.text
    assert find_consultation(SLUG).status is Status.FEEDBACK_PUBLISHED


def test_pages_are_in_the_staff_members_language(client):
    sign_in_as(client, "engagement_officer")
    page = client.get(f"/staff/consultations/{SLUG}/?lang=ur", follow_redirects=True)
    assert page.status_code == 200 and '<html lang="ur" dir="rtl"' in page.text
    assert "What you can do next" not in page.text  # translated
    refused = upload(client, raw=b"\xff\xfe")
    assert refused.status_code == 400 and "The document is not UTF-8 text" not in refused.text
    assert 'class="govuk-error-message"' in refused.text
    assert 'govuk-visually-hidden">Error:' not in refused.text  # the hidden prefix is in Urdu too


def test_files_over_the_limit_are_refused_on_the_upload_page(app, client):
    sign_in_as(client, "engagement_officer")
    app.config["MAX_CONTENT_LENGTH"] = 2**20
    try:
        # a body sent as bytes: the test client would spool a large form to a temporary file and leave it open
        body = b"--limit\r\n" + b" " * 2**20 + b"\r\n--limit--\r\n"
        refused = client.post(UPLOAD, data=body, content_type="multipart/form-data; boundary=limit")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 10 * 2**20
    assert refused.status_code == 400 and "The files are too big" in error_summary(refused)


def test_officers_preview_every_page_of_the_survey_with_its_branching_in_words(client):
    sign_in_as(client, "engagement_officer")
    manage = client.get(f"/staff/consultations/{SLUG}/")
    assert 'id="preview"' in manage.text
    assert re.search(r'<span lang="ur" dir="rtl">اردو</span>', manage.text)  # the survey's languages
    first = client.get(f"/staff/consultations/{SLUG}/preview/")
    assert first.status_code == 302 and first.location.endswith(f"/staff/consultations/{SLUG}/preview/where")

    used = client.get(f"/staff/consultations/{SLUG}/preview/used")
    assert used.status_code == 200
    assert_valid_html(used.text, "preview")
    assert "Have you used a community health hub in the last 12 months?" in used.text
    assert ("After this page, if the answer to “Have you used a community health hub in the last 12 months?” is "
            "“No”, people go to “What has stopped you using a community health hub?”.") in html.unescape(used.text)
    assert 'method="post"' not in used.text  # nothing entered in a preview is sent anywhere
    assert 'rel="prev"' in used.text and 'rel="next"' in used.text
    barriers = html.unescape(client.get(f"/staff/consultations/{SLUG}/preview/barriers").text)
    assert "This page is shown only if the answer to “Have you used a community health hub" in barriers

    urdu = client.get(f"/staff/consultations/{SLUG}/preview/used?lang=ur", follow_redirects=True)
    assert '<html lang="ur" dir="rtl"' in urdu.text and "Have you used a community health hub" not in urdu.text
    labels = re.findall(r'govuk-radios__label" for="used_hub(?:-\d)?">\s*(.*?)\s*</label>', urdu.text)
    assert labels == ["ہاں", "نہیں"]  # built-in answers are translated too
    assert client.get(f"/staff/consultations/{SLUG}/preview/no-such-page").status_code == 404


def test_preview_is_for_the_staff_who_run_the_consultation(client):
    sign_in_as(client, "workforce_officer")
    assert client.get(f"/staff/consultations/{SLUG}/preview/used").status_code == 403
    assert client.get(f"/staff/consultations/{STAFF_SLUG}/preview/", follow_redirects=True).status_code == 200


def test_conditions_are_described_in_words(app):
    from engage.answering.services import load_survey
    from engage.consultations.preview import describe_condition

    survey = load_survey(find_consultation(SLUG).current_version)
    used = "“Have you used a community health hub in the last 12 months?”"
    condition = {"all": [{"question": "used_hub", "in": ["yes", "no"]},
                         {"any": [{"not": {"question": "one_thing", "answered": True}},
                                  {"question": "one_thing", "answered": False}]}]}
    with app.test_request_context():
        text = describe_condition(condition, survey, "en")
    assert text.startswith(f"all of these: the answer to {used} is one of “Yes”, “No”; any of these: not (")
    assert text.endswith("is not answered")


@pytest.mark.parametrize(("role", "slug"), [("engagement_officer", SLUG), ("workforce_officer", STAFF_SLUG)])
def test_every_page_of_the_demo_surveys_previews(client, role, slug):
    from engage.answering.services import load_survey

    sign_in_as(client, role)
    survey = load_survey(find_consultation(slug).current_version)
    types = set()
    for page in survey.pages:
        shown = client.get(f"/staff/consultations/{slug}/preview/{page.id}")
        assert shown.status_code == 200, page.id
        for question in page.questions:
            assert f'id="{question.id}' in shown.text or f'name="{question.id}' in shown.text, question.id
            types.add(question.type)
    assert len(types) >= 5  # the two demo surveys use 12 of the 13 question types between them
