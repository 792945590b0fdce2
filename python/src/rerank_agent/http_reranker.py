"""`HTTPReranker`: a client of `rerank-agent serve --http`, beside the subprocess client.

One request is `POST /v1/rerank`; many stream through `POST /v1/rerank/batch` as NDJSON, answers read as they
arrive, in input order. Only the standard library is used (`http.client`), so it runs wherever the package does.
"""
import http.client
import json
import os
import socket
import threading
import urllib.parse
from typing import Any, Dict, Iterable, Iterator, List, Optional

from .errors import RerankerError
from .reranker import encode_request


class HTTPRerankerError(RerankerError):
    """The server refused a request: `status` is the HTTP status, `code` and `message` its error envelope, and
    `retry_after` the seconds it asked to wait (429 and 503), else None."""

    def __init__(self, status: int, code: Optional[str], message: str, retry_after: Optional[int] = None):
        super().__init__(f"HTTP {status} {code or ''}: {message}".replace("  ", " "))
        self.status = status
        self.code = code
        self.retry_after = retry_after


class HTTPReranker:
    """`HTTPReranker("http://127.0.0.1:8080")`; `token` (else `$RERANK_HTTP_TOKEN`, if set) is sent as a bearer
    token. One connection per call, closed after it: safe to share across threads."""

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 60.0):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme != "http" or not parsed.hostname:
            raise ValueError(f"url must look like http://HOST:PORT, not {url!r}; serve --http speaks plain HTTP")
        self.host = parsed.hostname
        self.port = parsed.port or 80
        self.prefix = parsed.path.rstrip("/")
        self.token = token if token is not None else os.environ.get("RERANK_HTTP_TOKEN") or None
        self.timeout = timeout

    def _headers(self, content_type: str) -> Dict[str, str]:
        headers = {"Content-Type": content_type, "Connection": "close"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    @staticmethod
    def _refusal(response: http.client.HTTPResponse) -> HTTPRerankerError:
        body = response.read()
        code, message = None, body.decode("utf-8", "replace").strip() or response.reason
        try:
            error = json.loads(body)["error"]
            code, message = error.get("code"), error.get("message", message)
        except (ValueError, KeyError, TypeError):
            pass
        retry_after = response.getheader("Retry-After")
        return HTTPRerankerError(response.status, code, message, int(retry_after) if retry_after and retry_after.isdigit() else None)

    def rerank_one(self, request: Any) -> Dict[str, Any]:
        """The answer to one request; a request the server cannot rank raises `HTTPRerankerError` (400, with the
        same code and message as the stdin path), as does any other refusal."""
        body = encode_request(request, 0).encode("utf-8")
        connection = self._connection()
        try:
            connection.request("POST", self.prefix + "/v1/rerank", body=body, headers=self._headers("application/json"))
            response = connection.getresponse()
            if response.status != 200:
                raise self._refusal(response)
            return json.loads(response.read())
        finally:
            connection.close()

    def rerank(self, requests: Iterable[Any]) -> Iterator[Dict[str, Any]]:
        """Answers to `requests`, in order, through one batch call: an error answer is yielded as the dict it is
        (with `error`), as the subprocess client does. A thread sends the requests while the caller reads the
        answers: the server reads only a bounded window ahead of its last answer, so sending everything before
        reading would stall as soon as the socket buffers fill."""
        sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        head = f"POST {self.prefix}/v1/rerank/batch HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nTransfer-Encoding: chunked\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in self._headers("application/x-ndjson").items())
        failures: List[BaseException] = []

        def send() -> None:
            try:
                sock.sendall((head + "\r\n").encode("latin-1"))
                for position, request in enumerate(requests):
                    line = (encode_request(request, position) + "\n").encode("utf-8")
                    sock.sendall(b"%x\r\n%s\r\n" % (len(line), line))
                sock.sendall(b"0\r\n\r\n")
            except BaseException as error:  # surfaced to the caller once the answers to what was sent are read
                failures.append(error)
                try:
                    # The body ends short: the server answers the lines it has and closes.
                    sock.shutdown(socket.SHUT_WR)
                except OSError:
                    pass

        sender = threading.Thread(target=send, name="rerank-agent-http-batch", daemon=True)
        sender.start()
        try:
            response = http.client.HTTPResponse(sock)
            response.begin()
            if response.status != 200:
                raise self._refusal(response)
            for line in response:
                if line.strip():
                    yield json.loads(line)
            sender.join(self.timeout)
            if failures and not isinstance(failures[0], OSError):
                raise failures[0]
        finally:
            sock.close()
