"""A small, real pet shop server for the example contract, on 127.0.0.1 (stdlib only).

It is deliberately hand-written (not generated) so that the generated client is tested
against an independent implementation of specs/examples/petstore.yaml.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

API_KEY = "key-123"
TOKEN = "token-abc"


class Shop:
    def __init__(self) -> None:
        self.pets: dict[str, dict[str, Any]] = {}
        self.requests: list[dict[str, Any]] = []
        self.fail_next = 0
        for i, name in enumerate(["Miso", "Rex", "Tom", "Kiki", "Bo"]):
            pet_id = str(uuid.UUID(int=i + 1))
            kind = {"kind": "cat", "indoor": True} if i % 2 == 0 else {"kind": "dog"}
            self.pets[pet_id] = {
                "id": pet_id,
                "name": name,
                "status": "available",
                "arrivedAt": "2024-03-02T10:15:00Z",
                "animal": kind,
                "nickname": None,
            }


class Handler(BaseHTTPRequestHandler):
    shop: Shop

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self, bearer_only: bool = False) -> bool:
        bearer = self.headers.get("Authorization") == f"Bearer {TOKEN}"
        key = self.headers.get("X-API-Key") == API_KEY
        return bearer or (key and not bearer_only)

    def _route(self, method: str) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.shop.requests.append(
            {
                "method": method,
                "path": url.path,
                "query": query,
                "headers": dict(self.headers),
                "body": body,
            }
        )
        if self.shop.fail_next > 0:
            self.shop.fail_next -= 1
            return self._send(503, {"code": "busy", "message": "try again"}, {"Retry-After": "0"})
        parts = url.path.removeprefix("/v1").strip("/").split("/")
        if parts == ["store", "inventory"] and method == "GET":
            counts: dict[str, int] = {}
            for pet in self.shop.pets.values():
                counts[pet["status"]] = counts.get(pet["status"], 0) + 1
            return self._send(200, counts)
        if parts[0] != "pets":
            return self._send(404, {"code": "not_found", "message": "no route"})
        if len(parts) == 1 and method == "GET":
            if not self._authorised():
                return self._send(401, {"code": "unauthorised", "message": "credentials"})
            return self._list(query)
        if len(parts) == 1 and method == "POST":
            if not self._authorised(bearer_only=True):
                return self._send(401, {"code": "unauthorised", "message": "bearer token"})
            if any(p["name"] == body["name"] for p in self.shop.pets.values()):
                return self._send(409, {"code": "duplicate_pet", "message": "already here"})
            pet_id = str(uuid.uuid4())
            pet = {k: v for k, v in body.items() if k != "intakeNotes"}
            pet.update(id=pet_id, arrivedAt="2024-04-01T09:00:00Z")
            self.shop.pets[pet_id] = pet
            return self._send(201, pet, {"Location": f"/v1/pets/{pet_id}"})
        pet = self.shop.pets.get(parts[1])
        if pet is None:
            return self._send(404, {"code": "not_found", "message": f"no pet {parts[1]}"})
        if method == "GET":
            return self._send(200, pet)
        if method == "DELETE":
            del self.shop.pets[parts[1]]
            return self._send(204)
        return self._send(405, {"code": "method", "message": method})

    def _list(self, query: dict[str, list[str]]) -> None:
        limit = int(query.get("limit", ["2"])[0])
        if not 1 <= limit <= 100:
            return self._send(400, {"code": "bad_request", "message": "limit"})
        pets = sorted(self.shop.pets.values(), key=lambda p: p["id"])
        statuses = query.get("status", [""])[0].split(",") if "status" in query else None
        if statuses:
            pets = [p for p in pets if p.get("status") in statuses]
        start = int(query.get("cursor", ["0"])[0])
        page = pets[start : start + limit]
        headers = {"X-Next-Cursor": str(start + limit)} if start + limit < len(pets) else {}
        return self._send(200, page, headers)

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_DELETE(self) -> None:
        self._route("DELETE")


@contextmanager
def serve() -> Iterator[tuple[str, Shop]]:
    shop = Shop()
    handler = type("BoundHandler", (Handler,), {"shop": shop})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", shop
    finally:
        server.shutdown()
        server.server_close()
