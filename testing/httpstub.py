"""A real HTTP(S) server on 127.0.0.1 for the verification tests: provider stub, JSON-RPC stub, proxy.

Answers are chosen by the credential a request carries (``answers[token]``: a list of
actions used in turn, the last one repeating), so one server plays every case:
an int is a status; ``"slow:S"`` answers 200 after S seconds; ``"redirect:URL"``
answers 302 to URL; ``"retry-after:S"`` answers 429 with ``Retry-After: S``.  ``POST /rpc`` is a JSON-RPC node whose chain is ``chain``
(address -> balance in wei, nonce, BTC amount).  Every request is recorded, with
its arrival time, so tests can check what was (and was not) sent.
"""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Seen:
    method: str
    path: str  # the request target: an absolute URL when the server is used as a proxy
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Account:
    wei: int = 0
    nonce: int = 0
    btc: Decimal = Decimal(0)


@dataclass
class StubState:
    answers: dict[str, list[int | str]] = field(default_factory=dict)
    chain: dict[str, Account] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    max_in_flight: int = 0  # the most requests the server was answering at once

    def next_action(self, token: str) -> int | str:
        with self.lock:
            actions = self.answers.get(token, [401])
            return actions.pop(0) if len(actions) > 1 else actions[0]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def _record(self) -> bytes:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        state = self.server.state
        with state.lock:
            state.seen.append(Seen(self.command, self.path, dict(self.headers.items()), body, time.monotonic()))
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
        return body

    def do_GET(self) -> None:
        self._record()
        auth = self.headers.get("Authorization", "")
        self._act(self.server.state.next_action(auth.partition(" ")[2]))

    do_HEAD = do_GET

    def do_POST(self) -> None:
        body = self._record()
        if self.path.rstrip("/").endswith("/rpc"):
            self._send(200, _rpc(self.server.state, json.loads(body)))
            return
        self._act(self.server.state.next_action(self.headers.get("Authorization", "").partition(" ")[2]))

    def _act(self, action: int | str) -> None:
        if isinstance(action, int):
            self._send(action, {"status": action})
        elif action.startswith("slow:"):
            time.sleep(float(action[5:]))
            self._send(200, {"pong": True})
        elif action.startswith("redirect:"):
            self._send(302, {}, {"Location": action[9:]})
        elif action.startswith("retry-after:"):
            self._send(429, {"status": 429}, {"Retry-After": action[12:]})

    def _send(self, status: int, doc: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(doc, default=str).encode()
        self.send_response(status)
        for key, value in {"Content-Type": "application/json", "Content-Length": str(len(data)),
                           **(headers or {})}.items():
            self.send_header(key, value)
        with self.server.state.lock:  # before any byte goes out: the client cannot have its answer yet
            self.server.state.in_flight -= 1
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _rpc(state: StubState, call: dict[str, Any]) -> dict[str, Any]:
    method, params = call.get("method"), call.get("params") or []
    if method == "scantxoutset":
        address = params[1][0][len("addr("):-1]
        account = state.chain.get(address, Account())
        unspents = [{"amount": str(account.btc)}] if account.btc else []
        return {"id": call.get("id"), "error": None,
                "result": {"success": True, "total_amount": float(account.btc), "unspents": unspents}}
    account = state.chain.get(str(params[0]).lower(), Account())
    if method == "eth_getBalance":
        return {"jsonrpc": "2.0", "id": call.get("id"), "result": hex(account.wei)}
    if method == "eth_getTransactionCount":
        return {"jsonrpc": "2.0", "id": call.get("id"), "result": hex(account.nonce)}
    return {"jsonrpc": "2.0", "id": call.get("id"), "error": {"code": -32601, "message": "method not found"}}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 makes a burst of connects wait on SYN retries
    state: StubState

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients here hang up on purpose (timeouts, failed TLS handshakes): not worth a traceback."""


class StubServer:
    """``with StubServer() as s: s.url …``; ``tls=(cert, key)`` serves HTTPS."""

    def __init__(self, tls: tuple[Path, Path] | None = None):
        self.state = StubState()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = self.state
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(str(tls[0]), str(tls[1]))
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def seen(self) -> list[Seen]:
        with self.state.lock:
            return list(self.state.seen)


def self_signed_cert(folder: Path, name: str = "127.0.0.1") -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1, made now with the openssl command (None on PATH: skip)."""
    if shutil.which("openssl") is None:
        raise FileNotFoundError("openssl")
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", f"/CN={name}",
                    "-addext", f"subjectAltName=IP:{name}"], check=True, capture_output=True)
    return cert, key
