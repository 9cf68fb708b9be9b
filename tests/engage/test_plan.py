"""The locality plan: its priorities seeded, edited by administrators (never deleted), read by three roles."""

import pytest
from sqlalchemy import select

from engage.extensions import db
from engage.locality_plan import priorities
from engage.models import PlanPriority, PriorityKind
from engage.plan import services
from tests.engage.conftest import csrf_token
from tests.engage.test_entry import sign_in_as

READERS = ("administrator", "analyst", "engagement_officer")


def priority_named(name):
    return db.session.scalar(select(PlanPriority).where(PlanPriority.name == name))


def names(kind):
    return [priority.name for priority in priorities()[kind]]


def post(client, url, data, page_url=None):
    page = client.get(page_url or url)
    return client.post(url, data={"csrf_token": csrf_token(page.text), **data})


def test_the_plan_is_seeded_once_from_the_domain_lists(app):
    assert names(PriorityKind.ASPIRATION) == ["Better lives for the most vulnerable",
                                              "Better wellbeing for the population",
                                              "Better connections across communities"]
    assert names(PriorityKind.DESIGN_GROUP) == ["Living Well in My Community", "Living Well at Home",
                                                "Short Stay in Hospital"]
    assert len(names(PriorityKind.REFORM_AREA)) == 6 and "Mental health" in names(PriorityKind.REFORM_AREA)
    assert names(PriorityKind.ENABLER)[-1] == "Communications and engagement"
    assert services.seed_priorities() == 0


def test_services_add_rename_move_retire_and_restore(app):
    added = services.add(PriorityKind.ENABLER, "Data", "Shared records")
    assert names(PriorityKind.ENABLER)[-1] == "Data" and added.position == 6
    with pytest.raises(services.NameTaken):
        services.add(PriorityKind.ENABLER, "data")
    services.add(PriorityKind.REFORM_AREA, "Data")  # another kind may use the name
    with pytest.raises(services.NameTaken):
        services.change(added, "Digital", "")
    assert services.move(added, -1) and names(PriorityKind.ENABLER)[-2:] == ["Data", "Communications and engagement"]
    assert services.move(priority_named("Digital"), -1) is False
    services.retire(added)
    assert "Data" not in names(PriorityKind.ENABLER)
    assert priorities(with_retired=True)[PriorityKind.ENABLER][-1] is added
    services.restore(added)
    assert names(PriorityKind.ENABLER)[-1] == "Data" and added.retired_at is None


@pytest.mark.parametrize("role", READERS)
def test_the_plan_view_lists_each_priority_with_its_evidence_or_none_yet(app, client, role):
    sign_in_as(client, role)
    page = client.get("/staff/plan/")
    assert page.status_code == 200
    assert "Strategic design groups" in page.text and "Living Well at Home" in page.text
    assert page.text.count("No agreed themes tagged yet") == 17
    assert ('href="/staff/plan/priorities"' in page.text) is (role == "administrator")
    assert 'id="locality-plan"' in client.get("/staff/").text


def test_workforce_officers_and_signed_out_people_do_not_read_the_plan(app, client):
    response = client.get("/staff/plan/")
    assert response.status_code == 302 and "/staff/sign-in" in response.location
    sign_in_as(client, "workforce_officer")
    assert client.get("/staff/plan/").status_code == 403
    assert 'id="locality-plan"' not in client.get("/staff/").text


@pytest.mark.parametrize("role", ("analyst", "engagement_officer", "workforce_officer"))
def test_only_administrators_change_the_plan(app, client, role):
    digital = priority_named("Digital")
    sign_in_as(client, role)
    for url in ("/staff/plan/priorities", "/staff/plan/priorities/new", f"/staff/plan/priorities/{digital.id}"):
        assert client.get(url).status_code == 403
    for action in ("move", "retire", "restore"):
        assert client.post(f"/staff/plan/priorities/{digital.id}/{action}", data={"direction": "up"}).status_code == 403
    assert client.post("/staff/plan/priorities/new", data={"kind": "enabler", "name": "X"}).status_code == 403
    assert priority_named("X") is None and digital.retired_at is None


def test_an_administrator_adds_renames_describes_reorders_and_retires(app, client):
    sign_in_as(client, "administrator")
    added = post(client, "/staff/plan/priorities/new", {"kind": "enabler", "name": "  Data  ",
                                                        "description": "Shared care records"})
    assert added.status_code == 302
    data = priority_named("Data")
    assert data.description == "Shared care records" and data.kind is PriorityKind.ENABLER
    listed = client.get(added.location)
    assert "“Data” is added to the plan." in listed.text

    url = f"/staff/plan/priorities/{data.id}"
    assert post(client, url, {"name": "Data and intelligence", "description": ""}).status_code == 302
    assert data.name == "Data and intelligence" and data.description == ""

    manage = "/staff/plan/priorities"
    assert post(client, f"{url}/move", {"direction": "up"}, manage).status_code == 302
    assert names(PriorityKind.ENABLER)[-2] == "Data and intelligence"
    first = priority_named("Digital")
    assert post(client, f"/staff/plan/priorities/{first.id}/move", {"direction": "up"}, manage).status_code == 302
    assert "“Digital” is not moved: it is already at the end of its list" in client.get(manage).text
    assert post(client, f"{url}/retire", {}, manage).status_code == 302
    assert data.retired_at is not None and "Data and intelligence" not in client.get("/staff/plan/").text
    assert "Retired" in client.get(manage).text
    assert post(client, f"{url}/restore", {}, manage).status_code == 302
    assert data.retired_at is None
    assert db.session.get(PlanPriority, data.id) is not None  # nothing is ever deleted


@pytest.mark.parametrize("data, message", [
    ({"kind": "enabler", "name": "   "}, "Enter a name"),
    ({"kind": "", "name": "Data"}, "Select what kind of priority it is"),
    ({"kind": "castle", "name": "Data"}, "Select what kind of priority it is"),
    ({"kind": "enabler", "name": "x" * 201}, "The name must be 200 characters or fewer"),
    ({"kind": "enabler", "name": "Data", "description": "x" * 2001}, "The description must be 2000 characters"),
    ({"kind": "enabler", "name": "digital"}, "There is already a priority of this kind called “digital”"),
])
def test_bad_input_when_adding_is_shown_on_the_page_with_what_was_typed(app, client, data, message):
    sign_in_as(client, "administrator")
    before = db.session.scalar(select(db.func.count()).select_from(PlanPriority))
    page = post(client, "/staff/plan/priorities/new", data)
    assert page.status_code == 400
    assert "There is a problem" in page.text and message in page.text
    if data["name"].strip():
        assert f'value="{data["name"][:50]}' in page.text
    assert db.session.scalar(select(db.func.count()).select_from(PlanPriority)) == before


def test_renaming_to_nothing_or_to_a_taken_name_changes_nothing(app, client):
    sign_in_as(client, "administrator")
    digital = priority_named("Digital")
    url = f"/staff/plan/priorities/{digital.id}"
    empty = post(client, url, {"name": "", "description": "New"})
    assert empty.status_code == 400 and "Enter a name" in empty.text
    taken = post(client, url, {"name": "Finance", "description": ""})
    assert taken.status_code == 400 and "There is already a priority of this kind called “Finance”" in taken.text
    assert 'value="Finance"' in taken.text
    db.session.refresh(digital)
    assert digital.name == "Digital" and digital.description == ""


def test_unknown_priorities_stale_buttons_and_bad_directions(app, client):
    sign_in_as(client, "administrator")
    assert client.get("/staff/plan/priorities/99999").status_code == 404
    manage = "/staff/plan/priorities"
    assert post(client, "/staff/plan/priorities/99999/retire", {}, manage).status_code == 404
    digital = priority_named("Digital")
    stale = client.post(f"/staff/plan/priorities/{digital.id}/retire", data={"csrf_token": "old"})
    assert stale.status_code == 400 and "The page was out of date, so nothing was changed." in stale.text
    assert digital.retired_at is None
    sideways = post(client, f"/staff/plan/priorities/{digital.id}/move", {"direction": "sideways"}, manage)
    assert sideways.status_code == 400


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pages_are_valid_html(app, client, lang):
    from tests.engage.test_html import assert_valid_html

    sign_in_as(client, "administrator")
    digital = priority_named("Digital")
    for url in ("/staff/plan/", "/staff/plan/priorities", "/staff/plan/priorities/new",
                f"/staff/plan/priorities/{digital.id}"):
        assert_valid_html(client.get(f"{url}?lang={lang}").text, url)
    assert_valid_html(post(client, "/staff/plan/priorities/new", {"name": ""}).text, "errors")
