"""A small, faithful WSGI implementation of specs/examples/petstore.yaml (stdlib only).

Hand-written, so that the generated contract suite is tested against an implementation that
shares no code with apigen.  ``make_app(defects)`` builds it with deliberate defects, one per
kind of contract violation the suite must catch; ``app`` reads them from the environment
variable ``PETSHOP_DEFECTS`` (comma-separated) for ``pytest --app tests.contract.petshop:app``.
``serve(app)`` runs it over real HTTP on 127.0.0.1.
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

API_KEY = "key-123"
TOKEN = "token-abc"
DEFECTS = (
    "wrong-type",  # a pet's id is a number
    "missing-field",  # pets come without arrivedAt
    "undeclared-status",  # the inventory answers 202
    "wrong-content-type",  # the inventory is sent as text/plain
    "unchecked-credential",  # no credential is ever checked
    "crash-on-bad-input",  # a limit that is not a number makes the server fail
    "missing-header",  # a pet is returned without its ETag
)
STATUSES = ("available", "reserved", "adopted")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
Reply = tuple[int, Any, dict[str, str]]


class Invalid(Exception):
    """The request breaks the contract: answered 400 with the Error model."""


class Shop:
    def __init__(self, defects: frozenset[str]) -> None:
        self.defects = defects
        self.pets: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        for i, name in enumerate(("Miso", "Rex", "Tom")):
            pet_id = str(uuid.UUID(int=i + 1))
            animal = {"kind": "cat", "indoor": True} if i % 2 == 0 else {"kind": "dog"}
            self.pets[pet_id] = {
                "id": pet_id,
                "name": name,
                "status": "available",
                "arrivedAt": "2024-03-02T10:15:00Z",
                "animal": animal,
                "nickname": None,
            }

    # ------------------------------------------------------------------ representation

    def shown(self, pet: dict[str, Any]) -> dict[str, Any]:
        out = dict(pet)
        if "wrong-type" in self.defects:
            out["id"] = 42
        if "missing-field" in self.defects:
            out.pop("arrivedAt", None)
        return out

    # ------------------------------------------------------------------ routing

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        try:
            status, body, headers = self.route(environ)
        except Invalid as exc:
            status, body, headers = 400, {"code": "bad_request", "message": str(exc)}, {}
        except Exception as exc:  # the "crash" defect: an unhandled error
            status, body, headers = 500, {"code": "internal", "message": repr(exc)}, {}
        data = b"" if body is None else json.dumps(body).encode()
        if body is not None and "Content-Type" not in headers:
            headers["Content-Type"] = "application/json"
        headers["Content-Length"] = str(len(data))
        start_response(f"{status} {_REASONS.get(status, 'Status')}", list(headers.items()))
        return [data]

    def route(self, environ: Environ) -> Reply:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/v1/"):
            return 404, {"code": "not_found", "message": "no route"}, {}
        parts = path[len("/v1/") :].strip("/").split("/")
        if parts == ["store", "inventory"] and method == "GET":
            return self.inventory(environ)
        if parts == ["pets"] and method in ("GET", "POST"):
            if not self.authorised(environ, key=method == "GET"):
                return _unauthorised()
            return self.list_pets(environ) if method == "GET" else self.create(environ)
        if len(parts) == 2 and parts[0] == "pets" and method in ("GET", "PUT", "DELETE"):
            if not self.authorised(environ, key=method == "GET"):
                return _unauthorised()
            return self.item(environ, method, parts[1])
        return 404, {"code": "not_found", "message": "no route"}, {}

    def authorised(self, environ: Environ, key: bool) -> bool:
        """``key``: an API key is one of the accepted alternatives (else only a token)."""
        if "unchecked-credential" in self.defects:
            return True
        if environ.get("HTTP_AUTHORIZATION") == f"Bearer {TOKEN}":
            return True
        return key and environ.get("HTTP_X_API_KEY") == API_KEY

    # ------------------------------------------------------------------ operations

    def inventory(self, environ: Environ) -> Reply:
        SimpleCookie(environ.get("HTTP_COOKIE", ""))  # accepted, unused
        counts: dict[str, int] = {}
        with self.lock:
            for pet in self.pets.values():
                counts[pet["status"]] = counts.get(pet["status"], 0) + 1
        if "wrong-content-type" in self.defects:
            return 200, counts, {"Content-Type": "text/plain"}
        return (202 if "undeclared-status" in self.defects else 200), counts, {}

    def list_pets(self, environ: Environ) -> Reply:
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        raw_limit = query.get("limit", ["20"])[0]
        if "crash-on-bad-input" in self.defects:
            limit = int(raw_limit)  # raises on text: a 500
        elif not re.fullmatch(r"-?\d+", raw_limit):
            raise Invalid("limit must be an integer")
        else:
            limit = int(raw_limit)
        if not 1 <= limit <= 100:
            raise Invalid("limit must be between 1 and 100")
        wanted = None
        if "status" in query:
            wanted = query["status"][0].split(",")
            if any(s not in STATUSES for s in wanted):
                raise Invalid("unknown status")
        request_id = environ.get("HTTP_X_REQUEST_ID")
        if request_id is not None and len(request_id) > 64:
            raise Invalid("X-Request-Id is longer than 64 characters")
        with self.lock:
            pets = sorted(self.pets.values(), key=lambda p: p["id"])
        if wanted is not None:
            pets = [p for p in pets if p["status"] in wanted]
        start = (
            int(query.get("cursor", ["0"])[0] or 0)
            if query.get("cursor", ["0"])[0].isdigit()
            else 0
        )
        page = pets[start : start + limit]
        headers = {"X-Request-Id": request_id or "generated-1"}
        if start + limit < len(pets):
            headers["X-Next-Cursor"] = str(start + limit)
        return 200, [self.shown(p) for p in page], headers

    def create(self, environ: Environ) -> Reply:
        body = _new_pet(_json(environ))
        with self.lock:
            if any(p["name"] == body["name"] for p in self.pets.values()):
                return 409, {"code": "duplicate_pet", "message": f"{body['name']} is here"}, {}
            pet_id = str(uuid.uuid4())
            pet = {k: v for k, v in body.items() if k != "intakeNotes"}
            pet.update(id=pet_id, arrivedAt="2024-04-01T09:00:00Z")
            self.pets[pet_id] = pet
        location = f"http://{environ.get('HTTP_HOST', 'localhost')}/v1/pets/{pet_id}"
        return 201, self.shown(pet), {"Location": location}

    def item(self, environ: Environ, method: str, pet_id: str) -> Reply:
        with self.lock:
            pet = self.pets.get(pet_id) if _UUID.match(pet_id) else None
        if pet is None:
            return 404, {"code": "not_found", "message": f"no pet {pet_id}"}, {}
        etag = f'"{len(json.dumps(pet))}"'
        if method == "GET":
            if environ.get("HTTP_IF_NONE_MATCH") == etag:
                return 304, None, {}
            headers = {} if "missing-header" in self.defects else {"ETag": etag}
            return 200, self.shown(pet), headers
        if method == "DELETE":
            with self.lock:
                self.pets.pop(pet_id, None)
            return 204, None, {}
        body = _new_pet(_json(environ))
        updated = {k: v for k, v in body.items() if k != "intakeNotes"}
        updated.update(id=pet_id, arrivedAt=pet["arrivedAt"])
        with self.lock:
            self.pets[pet_id] = updated
        return 200, self.shown(updated), {}


_REASONS = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 304: "Not Modified",
            400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 409: "Conflict",
            500: "Internal Server Error"}  # fmt: skip


def _unauthorised() -> Reply:
    return 401, {"code": "unauthorised", "message": "credentials required"}, {}


def _json(environ: Environ) -> Any:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    try:
        return json.loads(raw)
    except ValueError:
        raise Invalid("the body is not JSON") from None


def _new_pet(body: Any) -> dict[str, Any]:
    """NewPet, checked by hand against the contract's schema."""
    if not isinstance(body, dict):
        raise Invalid("the body must be an object")
    name = body.get("name")
    if not (isinstance(name, str) and 1 <= len(name) <= 60):
        raise Invalid("name: a string of 1 to 60 characters is required")
    nickname = body.get("nickname")
    if "nickname" in body and nickname is not None and not isinstance(nickname, str):
        raise Invalid("nickname: a string or null")
    if "status" in body and body["status"] not in STATUSES:
        raise Invalid("status: unknown")
    if "category" in body:
        cat = body["category"]
        if not (
            isinstance(cat, dict)
            and isinstance(cat.get("id"), int)
            and not isinstance(cat.get("id"), bool)
            and isinstance(cat.get("name"), str)
            and 1 <= len(cat["name"]) <= 40
        ):
            raise Invalid("category: id and name are required")
    tags = body.get("tags", [])
    if not (isinstance(tags, list) and len(tags) <= 10 and all(isinstance(t, str) for t in tags)):
        raise Invalid("tags: up to 10 strings")
    if len(set(tags)) != len(tags):
        raise Invalid("tags: must be unique")
    _animal(body.get("animal"))
    if "intakeNotes" in body and not isinstance(body["intakeNotes"], str):
        raise Invalid("intakeNotes: a string")
    return {"status": "available", **body}  # the contract's Pet requires a status


def _animal(animal: Any) -> None:
    if not isinstance(animal, dict) or animal.get("kind") not in ("cat", "dog"):
        raise Invalid("animal: a cat or a dog is required")
    if animal["kind"] == "cat":
        lives = animal.get("livesLeft", 0)
        if "indoor" in animal and not isinstance(animal["indoor"], bool):
            raise Invalid("animal.indoor: a boolean")
        if not (isinstance(lives, int) and not isinstance(lives, bool) and 0 <= lives <= 9):
            raise Invalid("animal.livesLeft: 0 to 9")
    elif "goodWithKids" in animal and not isinstance(animal["goodWithKids"], bool):
        raise Invalid("animal.goodWithKids: a boolean")


def make_app(defects: Iterable[str] = ()) -> Shop:
    chosen = frozenset(defects)
    unknown = chosen - set(DEFECTS)
    if unknown:
        raise ValueError(f"unknown defects: {sorted(unknown)}")
    return Shop(chosen)


app = make_app(d for d in os.environ.get("PETSHOP_DEFECTS", "").split(",") if d)


class AsgiShop:
    """The same shop as an ASGI app (with lifespan), to test ``--app`` on ASGI."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop
        self.started = False

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self.started = True
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if not self.started:  # requests before startup: the bridge must run the lifespan
            await _asgi_reply(send, 503, [], b"not started")
            return
        environ = _environ(scope, body)
        replies: list[Any] = []
        chunks = self.shop(environ, lambda status, headers: replies.append((status, headers)))
        status, headers = replies[0]
        raw = [(k.lower().encode(), v.encode()) for k, v in headers]
        await _asgi_reply(send, int(status.split()[0]), raw, b"".join(chunks))


async def _asgi_reply(send: Any, status: int, headers: list[Any], body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _environ(scope: dict[str, Any], body: bytes) -> Environ:
    environ: Environ = {
        "REQUEST_METHOD": scope["method"],
        "PATH_INFO": scope["path"],
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    for key, value in scope.get("headers", []):
        name = key.decode("latin-1").upper().replace("-", "_")
        environ["HTTP_" + name] = value.decode("latin-1")
    return environ


asgi_app = AsgiShop(make_app(d for d in os.environ.get("PETSHOP_DEFECTS", "").split(",") if d))


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass


@contextmanager
def serve(wsgi_app: Any) -> Iterator[str]:
    """Serve ``wsgi_app`` on 127.0.0.1 (a free port); yields the base URL (``.../v1``)."""
    server = make_server(
        "127.0.0.1", 0, wsgi_app, server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
