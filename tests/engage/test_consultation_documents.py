"""`flask consultation`: documents in and out, new survey versions, status changes, and each bad input."""

import copy
import json

import pytest
from sqlalchemy import func, select

from engage.consultations.services import DocumentError, export_consultation, find_consultation, import_consultation
from engage.extensions import db
from engage.models import Consultation, Draft, Status, SurveyVersion
from tests.engage.journey import SLUG, page_url, start, submit, walk_used_hub
from tests.engage.test_entry import new_request_state


@pytest.fixture
def document(app):
    """A new consultation's document, made from the demo resident survey."""
    doc = export_consultation(find_consultation(SLUG))
    doc["consultation"] |= {"slug": "library-opening-hours", "status": "draft",
                            "title": {"en": "Library opening hours", "pl": "Godziny otwarcia bibliotek"}}
    return doc


def write(tmp_path, doc, name="consultation.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_creates_a_draft_that_residents_see_only_once_opened(runner, client, document, tmp_path):
    result = runner.invoke(args=["consultation", "import", write(tmp_path, document)])
    assert result.exit_code == 0, result.output
    assert "library-opening-hours: created (draft) with survey version 1" in result.output
    assert client.get("/consultations/library-opening-hours").status_code == 404

    opened = runner.invoke(args=["consultation", "status", "library-opening-hours", "open"])
    assert opened.exit_code == 0 and "now open" in opened.output
    page = client.get("/consultations/library-opening-hours")
    assert page.status_code == 200 and "Library opening hours" in page.text
    listed = runner.invoke(args=["consultation", "list"]).output
    assert "library-opening-hours  open" in listed and "survey version 1  0 response(s)" in listed


def test_export_then_import_changes_nothing(app, runner, tmp_path):
    path = tmp_path / "hubs.json"
    assert runner.invoke(args=["consultation", "export", SLUG, str(path)]).exit_code == 0
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported["consultation"]["title"]["ur"]  # translations travel with the document
    result = runner.invoke(args=["consultation", "import", str(path)])
    assert result.exit_code == 0 and f"{SLUG}: no change" in result.output
    assert find_consultation(SLUG).current_version.number == 1
    on_screen = runner.invoke(args=["consultation", "export", SLUG])
    assert json.loads(on_screen.output) == exported


def test_a_changed_survey_is_a_new_version_and_people_already_answering_keep_theirs(app, runner, client, tmp_path):
    first_page = start(client)
    doc = export_consultation(find_consultation(SLUG))
    changed = copy.deepcopy(doc)
    changed["survey"]["pages"][0]["questions"][0]["text"]["en"] = "Which ward do you live in now?"
    changed["consultation"]["closes_on"] = "2099-12-31"
    result = runner.invoke(args=["consultation", "import", write(tmp_path, changed)])
    assert result.exit_code == 0, result.output
    assert "changed closes_on; survey version 2 added" in result.output

    versions = db.session.scalars(select(SurveyVersion.number).join(Consultation).where(Consultation.slug == SLUG))
    assert sorted(versions) == [1, 2]
    # the draft started before the change goes on with version 1's wording
    page_id = first_page.rsplit("/", 1)[1]
    assert "Which ward do you live in now?" not in client.get(page_url(page_id)).text
    newcomer = app.test_client()
    new_request_state()
    start(newcomer)
    assert "Which ward do you live in now?" in newcomer.get(page_url(page_id)).text
    assert {d.survey_version.number for d in db.session.scalars(select(Draft))} == {1, 2}


def test_dry_run_checks_and_stores_nothing(runner, document, tmp_path):
    before = count(Consultation)
    result = runner.invoke(args=["consultation", "import", "--dry-run", write(tmp_path, document)])
    assert result.exit_code == 0 and result.output.startswith("Dry run, nothing stored. library-opening-hours: created")
    assert count(Consultation) == before


def test_bad_documents_list_every_problem_and_store_nothing(runner, document, tmp_path):
    before = (count(Consultation), count(SurveyVersion))
    document["consultation"] |= {"rung": "ladder", "closes_on": "2027-02-30", "neighbourhoods": ["Narnia"]}
    del document["consultation"]["privacy_notice"]
    document["survey"]["pages"][0]["questions"][0]["type"] = "essay"
    result = runner.invoke(args=["consultation", "import", write(tmp_path, document)])
    assert result.exit_code == 1
    assert "was not imported; nothing was stored" in result.output
    for problem in ("Consultation: 'privacy_notice' is missing; the consultation needs it.",
                    "Consultation: 'closes_on' is '2027-02-30', which is not a real date.",
                    "Consultation: 'neighbourhoods[0]' is 'Narnia', which is not one of: Central, North, South, West.",
                    "Consultation: 'rung' is 'ladder', which is not one of: educating, informing,",
                    "Survey › page 1 ('where') › question 'ward': 'type' is 'essay', which is not one of:"):
        assert problem in result.output, problem
    assert (count(Consultation), count(SurveyVersion)) == before


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file"),
    (b'{"consultation": {},}', "is not valid JSON: Expecting property name enclosed in double quotes at line 1, "
                               "column 21"),
    ("Ankieta: żółć".encode("cp1250"), "is not UTF-8 text"),
    (b"[]", "Document: it should be a mapping (names with values), not a list."),
])
def test_unreadable_files_are_refused_clearly(runner, tmp_path, content, message):
    path = tmp_path / "in.json"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(args=["consultation", "import", str(path)])
    assert result.exit_code == 1 and message in result.output, result.output


def test_closing_before_opening_is_refused(app, document):
    document["consultation"] |= {"opens_on": "2027-03-01", "closes_on": "2027-02-01"}
    with pytest.raises(DocumentError, match="closing date is before the opening date"):
        import_consultation(document)


def test_status_in_a_document_does_not_change_an_existing_consultation(app, runner, tmp_path):
    doc = export_consultation(find_consultation(SLUG))
    doc["consultation"]["status"] = "closed"
    result = runner.invoke(args=["consultation", "import", write(tmp_path, doc)])
    assert result.exit_code == 1
    assert f"it is open; change it with 'flask consultation status {SLUG} closed'" in result.output
    assert find_consultation(SLUG).status is Status.OPEN


@pytest.mark.parametrize("answered", ["started", "sent"])
def test_audience_cannot_change_once_people_have_started_answering(app, runner, client, tmp_path, answered):
    doc = export_consultation(find_consultation(SLUG))
    doc["consultation"]["audience"] = "staff"
    if answered == "started":
        start(client)
    else:
        walk_used_hub(client)
        assert submit(client).status_code == 302
        assert count(Draft) == 0  # sent answers leave no draft behind
    result = runner.invoke(args=["consultation", "import", write(tmp_path, doc)])
    assert result.exit_code == 1 and "cannot change once people have started answering" in result.output
    assert find_consultation(SLUG).audience.value == "residents"


def test_audience_can_change_while_nobody_has_answered(app, runner, document, tmp_path):
    assert runner.invoke(args=["consultation", "import", write(tmp_path, document)]).exit_code == 0
    document["consultation"]["audience"] = "stakeholders"
    result = runner.invoke(args=["consultation", "import", write(tmp_path, document)])
    assert result.exit_code == 0 and "changed audience" in result.output


def test_statuses_move_only_forwards_and_closed_can_reopen(app, runner):
    def status(value):
        return runner.invoke(args=["consultation", "status", SLUG, value])

    refused = status("feedback_published")
    assert refused.exit_code == 1
    assert f"{SLUG} is open: it can move to closed, not feedback_published" in refused.output
    assert status("closed").exit_code == 0
    assert status("open").exit_code == 0  # an extension
    assert status("closed").exit_code == 0
    assert "has no feedback yet" in status("feedback_published").output  # see test_feedback.py
    find_consultation(SLUG).feedback = {part: {"en": "Text."} for part in ("we_asked", "you_said", "we_did")}
    db.session.commit()
    assert status("feedback_published").exit_code == 0
    finished = status("open")
    assert finished.exit_code == 1 and "it can move to nothing (it is finished)" in finished.output
    assert find_consultation(SLUG).status is Status.FEEDBACK_PUBLISHED
    assert runner.invoke(args=["consultation", "status", SLUG, "shelved"]).exit_code == 2
    unknown = runner.invoke(args=["consultation", "status", "no-such-thing", "open"])
    assert unknown.exit_code == 1 and "No consultation 'no-such-thing'" in unknown.output


def test_list_counts_responses(app, runner, client):
    walk_used_hub(client)
    assert submit(client).status_code == 302
    listed = runner.invoke(args=["consultation", "list"]).output
    assert f"{SLUG}  open" in listed and "survey version 1  1 response(s)" in listed


def test_the_survey_can_be_an_xlsform_workbook_beside_the_document(runner, client, document, tmp_path):
    from tests.surveys.test_xlsform import SURVEY, workbook

    workbook(tmp_path)
    document["survey"] = "form.xlsx"
    document["consultation"]["status"] = "open"
    result = runner.invoke(args=["consultation", "import", write(tmp_path, document)])
    assert result.exit_code == 0, result.output
    assert ("Warnings: the survey workbook was read, but not all of it is used (1):\n  form.xlsx: survey row 2: "
            "'start' (start) is skipped: nothing about the device, the person or the time is recorded\n"
            ) in result.output
    stored = find_consultation("library-opening-hours").current_version.definition
    assert stored["pages"][0]["id"] == "about" and stored["title"] == {"en": "Community hubs"}
    first_page = start(client, base="/consultations/library-opening-hours")
    assert first_page.endswith("/questions/about")
    assert "Have you used a hub?" in client.get(first_page).text

    workbook(tmp_path, survey=[SURVEY[0], ["geopoint", "where", "Where?"]], name="bad.xlsx")
    document["survey"] = "bad.xlsx"
    bad = runner.invoke(args=["consultation", "import", write(tmp_path, document, "bad.json")])
    assert bad.exit_code == 1 and "bad.xlsx: survey row 2: type 'geopoint' is not supported" in bad.output
    document["survey"] = "missing.xlsx"
    missing = runner.invoke(args=["consultation", "import", write(tmp_path, document, "missing.json")])
    assert missing.exit_code == 1 and "its survey 'missing.xlsx' is not a file beside it" in missing.output
    assert find_consultation("library-opening-hours").current_version.number == 1


def test_documents_can_be_yaml_read_as_yaml_1_2(app, runner, document, tmp_path):
    from engage.consultations.documents import DocumentFileError, dump_document, parse_document

    text = dump_document(document, yaml=True)
    assert "opens_on: '" in text  # dates are quoted text on the way out
    assert parse_document(text.encode(), "doc.yaml") == document
    written = parse_document(b"a: no\nb: yes\nwhen: 2027-01-31\nlong: |\n  one\n\n  two\n", "x.yml")
    assert written == {"a": "no", "b": "yes", "when": "2027-01-31", "long": "one\n\ntwo\n"}
    with pytest.raises(DocumentFileError) as broken:
        parse_document(b"consultation:\n  slug: [unclosed\n", "broken.yaml")
    assert broken.value.reason == "yaml" and broken.value.line == 3

    path = tmp_path / "library.yaml"
    path.write_text(text, encoding="utf-8")
    created = runner.invoke(args=["consultation", "import", str(path)])
    assert created.exit_code == 0 and "library-opening-hours: created" in created.output, created.output
    exported = tmp_path / "again.yml"
    assert runner.invoke(args=["consultation", "export", "library-opening-hours", str(exported)]).exit_code == 0
    again = runner.invoke(args=["consultation", "import", str(exported)])
    assert again.exit_code == 0 and "library-opening-hours: no change" in again.output
    (tmp_path / "bad.yaml").write_text("consultation: [\n", encoding="utf-8")
    bad = runner.invoke(args=["consultation", "import", str(tmp_path / "bad.yaml")])
    assert bad.exit_code == 1 and "is not valid YAML" in bad.output and "line 2" in bad.output
