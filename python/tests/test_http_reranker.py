"""`HTTPReranker` against `rerank-agent serve --http` on loopback, the model played by our fixed-latency endpoint."""
import os
import re
import subprocess
import threading
import time

import pytest

from fixed_latency_endpoint import FixedLatencyEndpoint
from rerank_agent import HTTPReranker, HTTPRerankerError


def request(index, candidates=3):
    return {"id": f"r{index}", "user": {"history": [{"id": "h", "title": "Toy Story (1995)"}]},
            "candidates": [{"id": f"c{n}", "title": f"Film {n}"} for n in range(candidates)],
            "options": {"strategy": "listwise"}}


class Server:
    """`serve --http 127.0.0.1:0`; the port is read from the line it prints once listening."""

    def __init__(self, binary, home, base_url, settings=(), environment=None):
        arguments = [binary, "serve", "--http", "127.0.0.1:0", "--base-url", base_url]
        for setting in settings:
            arguments += ["--set", setting]
        env = {name: value for name, value in os.environ.items() if name != "RERANK_HTTP_TOKEN"}
        env.update(RERANK_AGENT_HOME=home, **(environment or {}))
        self.process = subprocess.Popen(arguments, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, env=env, text=True)
        self.stderr = []
        found = threading.Event()
        self.port = None

        def drain():
            for line in self.process.stderr:
                self.stderr.append(line)
                match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
                if match:
                    self.port = int(match.group(1))
                    found.set()
            found.set()

        threading.Thread(target=drain, daemon=True).start()
        assert found.wait(60) and self.port, "".join(self.stderr)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        return self.process.wait(30)


@pytest.fixture
def endpoint():
    with FixedLatencyEndpoint(0.0) as endpoint:
        yield endpoint


def test_one_request_and_a_batch_in_order(binary, home, endpoint):
    server = Server(binary, home, endpoint.base_url)
    try:
        client = HTTPReranker(server.url)
        answer = client.rerank_one(request(0))
        assert answer["id"] == "r0"
        assert sorted(item["id"] for item in answer["ranking"]) == ["c0", "c1", "c2"]
        requests = [request(index) for index in range(200)]
        requests[7] = '{"id": "bad", "candidates": ['
        answers = list(client.rerank(iter(requests)))
        assert [answer["id"] for answer in answers] == [f"r{index}" if index != 7 else "bad" for index in range(200)]
        assert answers[7]["error"]["code"] == "invalid_json"
        assert all(not answer.get("degraded") for index, answer in enumerate(answers) if index != 7)
    finally:
        assert server.stop() == 0


def test_a_refused_request_raises_with_the_stdin_code(binary, home, endpoint):
    server = Server(binary, home, endpoint.base_url)
    try:
        with pytest.raises(HTTPRerankerError) as refused:
            HTTPReranker(server.url).rerank_one({"id": "m", "user": {"history": []}})
        assert refused.value.status == 400
        assert refused.value.code == "missing_field"
    finally:
        server.stop()


def test_the_token_is_sent_and_a_wrong_one_refused(binary, home, endpoint):
    server = Server(binary, home, endpoint.base_url, settings=["serve.http_token_env=RERANK_TEST_HTTP_TOKEN"],
                    environment={"RERANK_TEST_HTTP_TOKEN": "tok-123"})
    try:
        assert HTTPReranker(server.url, token="tok-123").rerank_one(request(1))["id"] == "r1"
        with pytest.raises(HTTPRerankerError) as refused:
            HTTPReranker(server.url, token="nope").rerank_one(request(1))
        assert refused.value.status == 401 and refused.value.code == "unauthorized"
        with pytest.raises(HTTPRerankerError):
            list(HTTPReranker(server.url, token="nope").rerank([request(2)]))
    finally:
        server.stop()
    assert "tok-123" not in "".join(server.stderr)


def test_a_request_that_cannot_be_encoded_stops_the_batch_after_the_answers_sent(binary, home, endpoint):
    server = Server(binary, home, endpoint.base_url)
    try:
        started = time.monotonic()
        answers = []
        with pytest.raises(ValueError):
            for answer in HTTPReranker(server.url).rerank([request(0), "two\nlines"]):
                answers.append(answer)
        assert [answer["id"] for answer in answers] == ["r0"]
        assert time.monotonic() - started < 10, "the short body ended the call; it did not wait for the idle timeout"
    finally:
        server.stop()


def test_a_url_that_is_not_http_is_refused():
    with pytest.raises(ValueError):
        HTTPReranker("https://example.invalid")


def test_metrics_read_by_the_reference_prometheus_parser(binary, home, endpoint):
    parser = pytest.importorskip("prometheus_client.parser")
    import urllib.request

    server = Server(binary, home, endpoint.base_url)
    try:
        client = HTTPReranker(server.url)
        client.rerank_one(request(0))
        with pytest.raises(HTTPRerankerError):
            client.rerank_one({"id": "bad"})
        with urllib.request.urlopen(server.url + "/metrics", timeout=10) as response:
            assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
            text = response.read().decode()
    finally:
        server.stop()
    samples = {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
               for family in parser.text_string_to_metric_families(text) for sample in family.samples}
    assert samples[("rerank_requests_total", (("outcome", "ranked"), ("strategy", "listwise")))] == 1
    assert samples[("rerank_requests_total", (("outcome", "error"), ("strategy", "none")))] == 1
    assert samples[("rerank_llm_calls_total", (("strategy", "listwise"),))] == 1
    assert samples[("rerank_request_duration_seconds_count", (("strategy", "listwise"),))] == 1
    assert samples[("rerank_requests_in_flight", ())] == 0
