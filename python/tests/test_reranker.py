"""`Reranker`: the subprocess client, without a model where the binary needs none."""
import stat
import threading

import pytest

from fixed_latency_endpoint import FixedLatencyEndpoint
from rerank_agent import BinaryNotFoundError, PromptsNotFoundError, Reranker, RerankerError

UNREACHABLE = "http://127.0.0.1:9/v1"  # the discard port: nothing listens, and one-candidate requests need nothing


def one_candidate(index, title_length=120):
    return {"id": f"r{index}", "user": {"history": []},
            "candidates": [{"id": f"m{index}", "title": f"Item {index} " + "x" * title_length}]}


def test_ten_thousand_requests_stream_through_without_deadlock_or_a_lost_line(binary, home):
    # About 1.5 MB each way, far beyond the 64 KiB pipe buffers: writing all before reading would block forever.
    requests = (one_candidate(index) for index in range(10_000))
    answers, errors = [], []
    finished = threading.Event()

    def run():
        try:
            with Reranker(binary, home=home, base_url=UNREACHABLE) as reranker:
                answers.extend(reranker.rerank(requests))
        except BaseException as error:
            errors.append(error)
        finally:
            finished.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    assert finished.wait(timeout=240), f"no end after 240 s with {len(answers)} answers: the pipes deadlocked"
    assert not errors, errors
    assert len(answers) == 10_000
    assert [answer["id"] for answer in answers] == [f"r{index}" for index in range(10_000)]
    assert all(answer["ranking"] == [{"id": f"m{index}", "rank": 1, "score": 1}] for index, answer in enumerate(answers))
    assert not any(answer["degraded"] for answer in answers)


def test_one_process_serves_several_batches_and_a_bad_request_gets_its_error_in_place(binary, home):
    with Reranker(binary, home=home, base_url=UNREACHABLE) as reranker:
        first = list(reranker.rerank([one_candidate(1), '{"id":"bad","candidates":[]}', one_candidate(2)]))
        process = reranker._process
        second = list(reranker.rerank([one_candidate(3)]))
        assert reranker._process is process
    assert [answer["id"] for answer in first] == ["r1", "bad", "r2"]
    assert first[1]["error"]["code"] == "invalid_field"
    assert second[0]["id"] == "r3"


def test_stopping_early_ends_the_process_and_the_next_batch_gets_a_fresh_one(binary, home):
    with Reranker(binary, home=home, base_url=UNREACHABLE) as reranker:
        for answer in reranker.rerank(one_candidate(index) for index in range(100)):
            break
        assert answer["id"] == "r0"
        assert reranker._process is None
        assert [a["id"] for a in reranker.rerank([one_candidate(5)])] == ["r5"]


def test_requests_that_cannot_be_one_line_are_refused_with_their_position(binary, home):
    with Reranker(binary, home=home, base_url=UNREACHABLE) as reranker:
        with pytest.raises(ValueError, match="request 1 is blank"):
            list(reranker.rerank([one_candidate(0), "   "]))
        with pytest.raises(ValueError, match="request 0 holds a line break"):
            list(reranker.rerank(['{"id":\n"a"}']))
        with pytest.raises(TypeError, match="request 0 is a int"):
            list(reranker.rerank([7]))


def test_a_missing_binary_names_what_to_set(tmp_path, monkeypatch):
    monkeypatch.delenv("RERANK_AGENT_BINARY", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BinaryNotFoundError, match="RERANK_AGENT_BINARY"):
        Reranker()
    with pytest.raises(BinaryNotFoundError, match="does not exist"):
        Reranker(str(tmp_path / "nowhere" / "rerank-agent"))
    not_executable = tmp_path / "rerank-agent"
    not_executable.write_text("")
    with pytest.raises(BinaryNotFoundError, match="chmod"):
        Reranker(str(not_executable))


def test_missing_prompts_name_what_to_set(tmp_path, monkeypatch):
    monkeypatch.delenv("RERANK_AGENT_HOME", raising=False)
    lonely = tmp_path / "bin" / "rerank-agent"
    lonely.parent.mkdir()
    lonely.write_text("#!/bin/sh\n")
    lonely.chmod(lonely.stat().st_mode | stat.S_IXUSR)
    with pytest.raises(PromptsNotFoundError, match="RERANK_AGENT_HOME"):
        Reranker(str(lonely))
    with pytest.raises(PromptsNotFoundError, match="holds no sequential.mustache"):
        Reranker(str(lonely), home=str(tmp_path))


def test_endpoint_model_config_and_settings_reach_the_binary(binary, home, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("serve:\n  max_candidates: 3\n")
    # One listwise call, answered "[2] > [1]" by the fixed endpoint.
    four = {"id": "four", "user": {"history": []}, "options": {"strategy": "listwise"},
            "candidates": [{"id": f"c{index}", "title": f"Title {index}"} for index in range(4)]}
    two = dict(four, id="two", candidates=four["candidates"][:2])
    with FixedLatencyEndpoint(0.0) as endpoint:
        with Reranker(binary, home=home, base_url=endpoint.base_url, model="passed-through", config=str(config)) as reranker:
            answers = list(reranker.rerank([four, two]))
        assert answers[0]["error"]["code"] == "too_many_candidates"  # the config file's limit of 3
        assert answers[1]["degraded"] is False and [entry["id"] for entry in answers[1]["ranking"]] == ["c1", "c0"]
        assert endpoint.models == ["passed-through"]
        with Reranker(binary, home=home, base_url=endpoint.base_url, config=str(config),
                      settings={"serve.max_candidates": 1}) as reranker:
            answers = list(reranker.rerank([two]))
        assert answers[0]["error"]["code"] == "too_many_candidates"  # --set wins over the file


def test_a_configuration_error_is_raised_with_the_binarys_message(binary, home):
    with Reranker(binary, home=home, base_url=UNREACHABLE, settings={"serve.no_such_key": 1}) as reranker:
        with pytest.raises(RerankerError, match=r"exit status 64.*no_such_key|no_such_key.*exit status 64|exit status 64") as caught:
            list(reranker.rerank([one_candidate(0)]))
    assert "no_such_key" in str(caught.value)


def test_a_rerun_with_the_response_cache_makes_no_call(binary, home, tmp_path):
    cache = tmp_path / "responses.sqlite"
    requests = [{"id": f"q{index}", "user": {"history": []}, "options": {"strategy": "listwise"},
                 "candidates": [{"id": f"a{index}", "title": f"Heat {index}"}, {"id": f"b{index}", "title": f"Fargo {index}"}]}
                for index in range(5)]
    with FixedLatencyEndpoint(0.0) as endpoint:
        with Reranker(binary, home=home, base_url=endpoint.base_url, response_cache=str(cache)) as reranker:
            first = list(reranker.rerank(requests))
        calls = endpoint.calls
        with Reranker(binary, home=home, base_url=endpoint.base_url, response_cache=str(cache)) as reranker:
            second = list(reranker.rerank(requests))
        assert calls == 5
        assert endpoint.calls == calls, "the rerun called the endpoint again"
    assert [answer["ranking"] for answer in second] == [answer["ranking"] for answer in first]
