"""Contract test: schemathesis generates requests from the API's own OpenAPI document and checks every
answer against it (status codes, content types, response schemas, no server errors), in process (WSGI).

schemathesis's pytest plugin (``from_fixture``) reads a pytest attribute that pytest 9 no longer has, so the
operations are run here with Hypothesis directly, as schemathesis documents for use without its plugin.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from engage.consultations.services import change_status, find_consultation
from engage.extensions import db
from engage.models import Status
from tests.engage.journey import SLUG
from tests.engage.test_api import residents_respond, token_for
from tests.engage.test_exports import staff_responses
from tests.engage.theme_runs import make_run


@pytest.fixture
def api_schema(app):
    residents_respond(*({"used_hub": "yes", "one_thing": f"Ring Dr Patel on 07700 900123 ({n})",
                         "services_used": ["nurse"], "experience": {"listened": "agree"}} for n in range(3)))
    staff = staff_responses(11)
    change_status(staff, Status.CLOSED)
    db.session.commit()
    make_run(staff, [("Parking at the new base", 11)], question="concerns", agreed=("Parking at the new base",))
    make_run(find_consultation(SLUG), [("Hub", 2), ("Ring 07700 900123", 1)], agreed=("Hub",))
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_to_its_document(api_schema, mode):
    headers = {"Authorization": f"Bearer {token_for('administrator')}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {operation.path for operation in operations} >= {  # schemathesis leaves out the document itself
        "/api/v1/consultations", "/api/v1/consultations/{slug}", "/api/v1/consultations/{slug}/responses",
        "/api/v1/consultations/{slug}/breakdowns", "/api/v1/consultations/{slug}/themes",
        "/api/v1/consultations/{slug}/assignments"}
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def keeps_to_it(case):
            case.call_and_validate(headers=headers)

        keeps_to_it()


@pytest.mark.parametrize("role", ["analyst", "engagement_officer", "workforce_officer"])
def test_real_themes_and_assignments_keep_to_the_document(api_schema, role):
    """Generated slugs seldom name a real consultation: the themes and assignments of real ones, checked too."""
    headers = {"Authorization": f"Bearer {token_for(role)}"}
    operations = {result.ok().path: result.ok() for result in api_schema.get_all_operations()}
    seen = set()
    for slug in (SLUG, "integrated-neighbourhood-teams-staff"):
        for path, queries in (("/api/v1/consultations/{slug}/themes", [{}]),
                              ("/api/v1/consultations/{slug}/assignments", [{}, {"limit": 1}])):
            for query in queries:
                response = operations[path].Case(path_parameters={"slug": slug}, query=query).call_and_validate(
                    headers=headers)
                seen.add(response.status_code)
    assert 200 in seen
