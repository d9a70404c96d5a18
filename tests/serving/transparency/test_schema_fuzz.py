"""Schemathesis against the public routes: every answer is documented, valid and never a server error."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from .test_routes import PATHS

CASES = [(path, mode) for path in PATHS for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]


@pytest.mark.parametrize(("path", "mode"), CASES)
def test_public_routes_answer_within_their_schema(hand_client, path, mode):
    operation = schemathesis.openapi.from_asgi("/openapi.json", hand_client.app)[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None)
    def check(case: schemathesis.Case) -> None:
        statuses.append(case.call_and_validate().status_code)

    statuses: list[int] = []
    check()
    assert 500 not in statuses
