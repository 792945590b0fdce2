"""`Reranker`: `rerank-agent serve` as a subprocess, fed and drained at the same time.

`serve` answers every request line with exactly one answer line, in input order, and reads no further ahead than
its own bounded window. A client that first writes everything and then reads would therefore block as soon as the
pipes fill (about 64 KiB each way). Here a thread writes while the caller's thread reads, so a batch of any size
streams through with bounded memory on both sides.
"""
import collections
import json
import os
import subprocess
import threading
from typing import Any, Callable, Deque, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from .errors import RerankerError
from .installation import find_binary, find_home

_STDERR_TAIL_LINES = 40


def encode_request(request: Any, position: int) -> str:
    """One request as one JSON line: a mapping is serialised, a string is taken as an already encoded line."""
    if isinstance(request, Mapping):
        return json.dumps(request, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if isinstance(request, (bytes, bytearray)):
        request = bytes(request).decode("utf-8")
    if isinstance(request, str):
        if "\n" in request or "\r" in request:
            raise ValueError(f"request {position} holds a line break; give one JSON object per request, on one line")
        if not request.strip():
            raise ValueError(f"request {position} is blank; serve skips blank lines, so it would get no answer")
        return request
    raise TypeError(f"request {position} is a {type(request).__name__}; give a dict or a JSON string")


def serve_arguments(
    base_url: Optional[str] = None,
    model: Optional[str] = None,
    config: Optional[str] = None,
    settings: Optional[Mapping[str, Any]] = None,
    extra: Sequence[str] = (),
) -> List[str]:
    """The options every subcommand shares, in the binary's spelling (`--base-url`, `--model`, `--config`, `--set`)."""
    arguments: List[str] = []
    if base_url:
        arguments += ["--base-url", str(base_url)]
    if model:
        arguments += ["--model", str(model)]
    if config:
        if not os.path.isfile(config):
            raise RerankerError(f"the config file {config!r} does not exist; pass config= an existing YAML file")
        arguments += ["--config", os.path.abspath(config)]
    for key, value in (settings or {}).items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        arguments += ["--set", f"{key}={value}"]
    return arguments + list(extra)


class Reranker:
    """A running `rerank-agent serve`: yields one answer (a dict) per request, in request order.

    Use it as a context manager, or call `close()`. One process serves any number of `rerank` calls, one call at a
    time. `binary` defaults to `$RERANK_AGENT_BINARY` or `rerank-agent` on PATH; `home` (the folder that holds
    `Prompts/`) to `$RERANK_AGENT_HOME` or the first folder above the binary that has one. `base_url`, `model`,
    `config` (a YAML file) and `settings` (`{"rerank.votes": 3}`, any key of Config/default.yaml) are passed to the
    binary as `--base-url`, `--model`, `--config` and `--set`; `concurrency` sets `serve.concurrency`;
    `response_cache` names a SQLite file where successful calls are stored and answered from on a rerun.
    """

    def __init__(
        self,
        binary: Optional[str] = None,
        *,
        home: Optional[str] = None,
        base_url: Optional[str] = None,
        model: Optional[str] = None,
        config: Optional[str] = None,
        settings: Optional[Mapping[str, Any]] = None,
        concurrency: Optional[int] = None,
        env: Optional[Mapping[str, str]] = None,
        response_cache: Optional[str] = None,
        shutdown_timeout: float = 30.0,
    ):
        self.binary = find_binary(binary)
        self.home = find_home(self.binary, home)
        extra: List[str] = []
        if concurrency is not None:
            if not isinstance(concurrency, int) or concurrency < 1:
                raise ValueError(f"concurrency must be a whole number of at least 1, got {concurrency!r}")
            extra = ["--concurrency", str(concurrency)]
        if response_cache:
            extra += ["--response-cache", os.path.abspath(response_cache)]
        self.arguments = [self.binary, "serve"] + serve_arguments(base_url, model, config, settings, extra)
        self.environment = dict(os.environ)
        self.environment.update(env or {})
        self.environment["RERANK_AGENT_HOME"] = self.home
        self.shutdown_timeout = shutdown_timeout
        self._process: Optional[subprocess.Popen] = None
        self._stderr_tail: Deque[str] = collections.deque(maxlen=_STDERR_TAIL_LINES)
        self._stderr_thread: Optional[threading.Thread] = None
        self._busy = threading.Lock()

    def __enter__(self) -> "Reranker":
        self.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def start(self) -> None:
        """Starts the binary if it is not running."""
        if self._process is not None and self._process.poll() is None:
            return
        self._stderr_tail.clear()
        try:
            self._process = subprocess.Popen(
                self.arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                env=self.environment, cwd=self.home)
        except OSError as error:
            raise RerankerError(f"cannot start {self.binary}: {error}; check that it is a rerank-agent build for this machine") from error
        self._stderr_thread = threading.Thread(target=self._drain_stderr, args=(self._process,), daemon=True)
        self._stderr_thread.start()

    def _drain_stderr(self, process: subprocess.Popen) -> None:
        assert process.stderr is not None
        for raw in process.stderr:
            self._stderr_tail.append(raw.decode("utf-8", "replace").rstrip("\n"))

    @property
    def stderr_tail(self) -> List[str]:
        """The binary's last log lines (stderr), for error messages."""
        return list(self._stderr_tail)

    def close(self) -> Optional[int]:
        """Ends the input, waits for the binary to exit (killing it after `shutdown_timeout`) and returns its status."""
        process, self._process = self._process, None
        if process is None:
            return None
        try:
            if process.stdin is not None:
                process.stdin.close()
        except OSError:
            pass
        try:
            status = process.wait(timeout=self.shutdown_timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            status = process.wait()
        if process.stdout is not None:
            process.stdout.close()
        if self._stderr_thread is not None:
            self._stderr_thread.join(timeout=5)
        return status

    def rerank(self, requests: Iterable[Any]) -> Iterator[Dict[str, Any]]:
        """One answer dict per request (a dict or a JSON line), in request order, as soon as each is ready."""
        for _, answer in self.exchange(requests, encode_request):
            yield json.loads(answer)

    def exchange(self, items: Iterable[Any], encode: Callable[[Any, int], str]) -> Iterator[Tuple[Any, str]]:
        """Pairs each item with the raw answer line to `encode(item, position)`, in order; the building block of
        `rerank` and of the Spark partition worker, which keeps its rows beside their answers."""
        if not self._busy.acquire(blocking=False):
            raise RerankerError("this Reranker is already answering another batch; use one Reranker per thread")
        try:
            yield from self._exchange(items, encode)
        finally:
            self._busy.release()

    def _exchange(self, items: Iterable[Any], encode: Callable[[Any, int], str]) -> Iterator[Tuple[Any, str]]:
        self.start()
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        in_flight: Deque[Any] = collections.deque()
        condition = threading.Condition()
        state = {"done": False, "error": None}

        def write() -> None:
            try:
                for position, item in enumerate(items):
                    line = (encode(item, position) + "\n").encode("utf-8")
                    with condition:
                        in_flight.append(item)
                        condition.notify_all()
                    process.stdin.write(line)
                    # Flushed per line: a caller feeding requests one at a time gets each answer without waiting.
                    process.stdin.flush()
            except BaseException as error:  # handed to the reading thread, which raises it
                with condition:
                    state["error"] = error
            finally:
                with condition:
                    state["done"] = True
                    condition.notify_all()

        writer = threading.Thread(target=write, name="rerank-agent-writer", daemon=True)
        writer.start()
        finished = False
        try:
            while True:
                with condition:
                    while not in_flight and not state["done"]:
                        condition.wait()
                    if not in_flight:
                        if state["error"] is not None:
                            raise self._failure(process, "stopped reading requests", state["error"])
                        break
                raw = process.stdout.readline()
                if not raw.endswith(b"\n"):
                    with condition:
                        pending = len(in_flight)
                    raise self._failure(process, f"ended with {pending} requests unanswered", state["error"])
                with condition:
                    item = in_flight.popleft()
                line = raw.decode("utf-8").rstrip("\n")
                try:
                    json.loads(line)
                except ValueError as error:
                    raise RerankerError(f"rerank-agent wrote a line that is not JSON ({error}): {line[:200]!r}") from error
                yield item, line
            finished = True
        finally:
            if not finished:
                # Stopped early or failed: the process may still owe answers, so it cannot serve another batch.
                self._abandon(process)
            writer.join(timeout=self.shutdown_timeout)

    def _abandon(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.kill()
        self.close()

    def _failure(self, process: subprocess.Popen, what: str, cause: Optional[BaseException]) -> BaseException:
        if isinstance(cause, (ValueError, TypeError)):
            return cause
        try:
            status = process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            status = None
        if self._stderr_thread is not None:
            self._stderr_thread.join(timeout=2)
        tail = "\n".join(self.stderr_tail[-10:]) or "(nothing on stderr)"
        exit_text = f"exit status {status}" if status is not None else "still running"
        if status is not None and status < 0:
            exit_text = f"killed by signal {-status}"
        hint = ""
        if status == 64:
            hint = "; the configuration or a prompt template is wrong, see the message above"
        return RerankerError(f"rerank-agent serve {what} ({exit_text}){hint}:\n{tail}")
