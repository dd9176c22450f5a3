"""The OpenAPI document covers every API route, and fuzzing it finds no server error."""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from vizlou.extensions import db
from vizlou.services import demo


def test_every_api_route_is_documented(sqlite_app):
    document = sqlite_app.test_client().get("/api/v1/openapi.json").json
    documented = {(path, method.upper()) for path, item in document["paths"].items()
                  for method in item}
    routes = set()
    for rule in sqlite_app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi":
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == documented


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_no_input_makes_a_server_error(sqlite_app, mode):
    """Schemathesis generates requests from the document (valid ones, then invalid ones)
    for every operation; none may get a 5xx, and every error is the documented JSON."""
    demo.seed(db.session, sqlite_app.config["CITY"], ideas=30, seed_value=2)
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", sqlite_app)
    generation = GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 19
    exercised = 0
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=generation))
        @settings(max_examples=15, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])
            assert response.status_code < 500, (case.method, case.path, response.text[:300])
            if response.status_code >= 400 and response.headers.get(
                    "Content-Type", "").startswith("application/json"):
                error = response.json()["error"]
                assert error["code"] and error["message"]

        try:
            run()
            exercised += 1
        except Unsatisfiable:
            pass  # nothing to vary (no parameters), or no invalid form of them
    assert exercised >= 15
