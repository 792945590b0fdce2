"""An OpenAI-compatible endpoint of ours on loopback that answers every chat completion after a fixed delay, with
as many requests in flight as arrive (one thread each): the endpoint of the scaling benchmark, where only our side
can be the limit, and a recorder of what the binary sent (model, base path) for the pass-through tests.

It ranks by echoing the labels it was shown in reverse order (`[3] > [2] > [1]`), so every answer is a complete,
valid permutation and the parser has no repair to do.
"""
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_LABEL = re.compile(r"^\[(\d+)\]", re.MULTILINE)


class FixedLatencyEndpoint:
    """Start with `with FixedLatencyEndpoint(0.2) as endpoint:`; `endpoint.base_url` is its `/v1` root."""

    def __init__(self, latency_s: float = 0.2):
        self.latency_s = latency_s
        self.lock = threading.Lock()
        self.models = []
        self.calls = 0
        self.in_flight = 0
        self.peak_in_flight = 0
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # The headers and the body go out in two writes; without TCP_NODELAY the body waits for the client's
            # delayed ACK of the headers (40 ms on Linux) on every reused connection, which no real endpoint does.
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def _send(self, status, payload):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                self._send(200, {"object": "list", "data": [{"id": "fixed-latency", "object": "model"}]})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                if not (0 <= length <= 16 * 1024 * 1024):
                    self._send(413, {"error": {"message": "body too large"}})
                    return
                request = json.loads(self.rfile.read(length) or b"{}")
                with endpoint.lock:
                    endpoint.models.append(request.get("model"))
                    endpoint.calls += 1
                    endpoint.in_flight += 1
                    endpoint.peak_in_flight = max(endpoint.peak_in_flight, endpoint.in_flight)
                try:
                    time.sleep(endpoint.latency_s)
                    text = "\n".join(str(message.get("content", "")) for message in request.get("messages", []))
                    labels = sorted({int(label) for label in _LABEL.findall(text)}, reverse=True)
                    content = " > ".join(f"[{label}]" for label in labels) or "[1]"
                    self._send(200, {
                        "id": "fixed", "object": "chat.completion", "model": request.get("model"),
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": content}}],
                        "usage": {"prompt_tokens": len(text) // 4, "completion_tokens": len(labels) * 2,
                                  "total_tokens": len(text) // 4 + len(labels) * 2},
                    })
                finally:
                    with endpoint.lock:
                        endpoint.in_flight -= 1

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                # A caller that gives up on a call (a deadline, a cancelled request) closes the connection before
                # the answer: expected here, not worth a traceback.
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.request_queue_size = 1024
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()
