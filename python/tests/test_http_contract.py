"""docs/openapi.yaml against the live `serve --http`: schemathesis generates requests from the contract (valid and
not) and checks every answer against it: no 5xx, statuses, headers and bodies the contract names, the content types
it says, and requests the contract forbids refused."""
import json
import os

import pytest

from fixed_latency_endpoint import FixedLatencyEndpoint
from test_http_reranker import Server

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402  (hypothesis comes with schemathesis)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def live_schema(binary, home):
    with FixedLatencyEndpoint(0.0) as endpoint:
        server = Server(binary, home, endpoint.base_url)
        try:
            schema = schemathesis.openapi.from_path(os.path.join(ROOT, "docs", "openapi.yaml"))
            schema.config.update(base_url=server.url)
            yield schema
        finally:
            assert server.stop() == 0, "".join(server.stderr)


@schemathesis.serializer("application/x-ndjson", "application/jsonl")
def ndjson(context, value):
    """A batch body: each request of the array on its own line; anything else as one line."""
    if isinstance(value, list):
        return "".join(json.dumps(item) + "\n" for item in value).encode()
    return json.dumps(value).encode()


schema = schemathesis.pytest.from_fixture("live_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_keeps_the_contract(case):
    # Every other check runs. A request the schema allows may still be refused for what OpenAPI cannot say (a
    # step not below the window, two candidates with one id, more calls than serve.max_calls_per_request), and
    # then with a 400 the contract names. A batch answers a line that is not a request with its error line in the
    # 200 stream, by design, so a bad line is not a refused batch.
    excluded = [schemathesis.checks.positive_data_acceptance]
    if case.path == "/v1/rerank/batch":
        excluded.append(schemathesis.checks.negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded)
