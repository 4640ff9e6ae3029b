"""The API fuzzed by schemathesis, in-process (`schemathesis.openapi.from_wsgi` on Django's WSGI
application, under pytest-django), with a small seeded dataset and a direction token.

Checks run on every generated request (docs/securite.md): not_a_server_error (no 5xx),
status_code_conformance (only documented status codes), content_type_conformance,
response_headers_conformance, response_schema_conformance (the body matches the documented
schema), negative_data_rejection (a request the schema forbids gets a 4xx). Not run:
positive_data_acceptance (a valid-looking file id that does not exist is a 404, and a
well-formed date such as 2025-02-30 is a 422 by design)."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import EvenementFactory, InscriptionFactory, SituationFactory
from trajectoires.accounts.enums import Role
from trajectoires.api.models import ApiToken


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def api_token(world) -> str:  # type: ignore[no-untyped-def]
    for i, jeune in enumerate(world.jeunes.values()):
        EvenementFactory(jeune=jeune, date=dt.date(2025, 1 + i, 3))
        InscriptionFactory(jeune=jeune, dispositif="jsmj_mo" if i % 2 else "cej", date_entree=dt.date(2024, 9, 1 + i))
        SituationFactory(jeune=jeune, date_debut=dt.date(2025, 2, 1 + i))
    return ApiToken.issue(world.user(Role.DIRECTION), "schemathesis")[1]


@pytest.fixture
def api_schema(api_token):  # type: ignore[no-untyped-def]
    # Django's WSGI handler closes the database connection after each request; the test runs in
    # a transaction on that connection (PostgreSQL then fails). Like django.test.Client, keep it.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(
            "/api/openapi.json", get_wsgi_application(), headers={"Authorization": f"Bearer {api_token}"}
        )
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# schemathesis.pytest.from_fixture() fails under pytest 9.2 ('Function' object has no attribute
# '_nodeid'): the operations are driven here with hypothesis directly, one run per operation and
# generation mode.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_schema_without_server_errors(api_schema, api_token, mode):  # type: ignore[no-untyped-def]
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 6
    calls = []

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
        def run(case):  # type: ignore[no-untyped-def]
            response = case.call_and_validate(headers={"Authorization": f"Bearer {api_token}"}, checks=CHECKS)
            calls.append((case.operation.label, response.status_code))

        run()
    assert len(calls) >= 6 * 10
    assert not [c for c in calls if c[1] >= 500]
    if mode is GenerationMode.POSITIVE:
        # The fuzzing reached real answers, not only rejections.
        assert "GET /api/jeunes" in {label for label, status in calls if status == 200}, sorted(set(calls))
        # Random dates are almost never a valid period: one explicit report, validated the same way.
        rapport = next(op for op in operations if op.label == "GET /api/rapport")
        case = rapport.Case(query={"debut": "2025-01-01", "fin": "2025-12-31", "filtre": "dispositif:cej"})
        response = case.call_and_validate(headers={"Authorization": f"Bearer {api_token}"}, checks=CHECKS)
        assert response.status_code == 200
