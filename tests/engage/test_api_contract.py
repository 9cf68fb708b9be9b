"""Contract test: schemathesis generates requests from the API's own OpenAPI document and checks every
answer against it (status codes, content types, response schemas, no server errors), in process (WSGI).

schemathesis's pytest plugin (``from_fixture``) reads a pytest attribute that pytest 9 no longer has, so the
operations are run here with Hypothesis directly, as schemathesis documents for use without its plugin.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from engage.consultations.services import change_status
from engage.extensions import db
from engage.models import Status
from tests.engage.test_api import residents_respond, token_for
from tests.engage.test_exports import staff_responses


@pytest.fixture
def api_schema(app):
    residents_respond(*({"used_hub": "yes", "one_thing": f"Ring Dr Patel on 07700 900123 ({n})",
                         "services_used": ["nurse"], "experience": {"listened": "agree"}} for n in range(3)))
    change_status(staff_responses(11), Status.CLOSED)
    db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_to_its_document(api_schema, mode):
    headers = {"Authorization": f"Bearer {token_for('administrator')}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {operation.path for operation in operations} >= {  # schemathesis leaves out the document itself
        "/api/v1/consultations", "/api/v1/consultations/{slug}", "/api/v1/consultations/{slug}/responses",
        "/api/v1/consultations/{slug}/breakdowns"}
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def keeps_to_it(case):
            case.call_and_validate(headers=headers)

        keeps_to_it()
