"""The client generated from specs/examples/kitchen-sink.yaml, checked on the wire.

Every test runs three times (see ``transports.py``): the sync ``Client`` over real HTTP to the
echo server on 127.0.0.1, the sync ``Client`` in-process through ``httpx.WSGITransport``, and the
``AsyncClient`` through ``httpx.ASGITransport``. The echo app (``echo_app.py``) is independent of
apigen and reports what it received; expected strings are the rows of the OpenAPI 3.1.1
style-examples table for ``blue``, ``[blue, black, brown]`` and ``{R: 100, G: 200, B: 150}``.
"""

from __future__ import annotations

import asyncio
import base64
import datetime
import importlib
import json
import socket
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from apigen import api

from .echo_app import CLIENT_ID, CLIENT_SECRET, Echo, Reply, serve
from .tools import imported
from .transports import IN_PROCESS_URL, MODES, open_client

SPEC = Path(__file__).resolve().parents[2] / "specs" / "examples" / "kitchen-sink.yaml"
PACKAGE = "kitchen_sink_client"
BASE_PATH = "/v2"
KEY = "key-123"
COLORS = ["blue", "black", "brown"]
WIDGET = {"id": "w1", "name": "Sprocket", "finish": "gloss", "createdAt": "2024-05-01T12:00:00Z"}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("kitchen")
    result = api.generate_client(SPEC, out)
    assert result.package == PACKAGE
    assert [w.format_text() for w in result.warnings] == []
    with imported(out, PACKAGE) as module:
        yield module


@pytest.fixture(scope="module")
def models(pkg: ModuleType) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.models")


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Echo, str]]:
    echo = Echo()
    with serve(echo.wsgi) as url:
        yield echo, url


@dataclass
class Kit:
    """One test's transport, echo and client factory."""

    mode: str
    pkg: ModuleType
    echo: Echo
    url: str

    def client(self, **kwargs: Any) -> AbstractContextManager[Any]:
        """A client for this mode; the header API key unless credentials are given."""
        credentials = kwargs or {"api_key_header": KEY}
        return open_client(
            self.mode,
            self.pkg,
            wsgi=self.echo.wsgi,
            asgi=self.echo.asgi,
            http_url=self.url,
            base_path=BASE_PATH,
            **credentials,
        )


@pytest.fixture(params=MODES)
def kit(request: pytest.FixtureRequest, pkg: ModuleType, served: tuple[Echo, str]) -> Kit:
    echo, url = served
    echo.reset()
    return Kit(request.param, pkg, echo, url)


def rgb(models: ModuleType) -> Any:
    return models.Rgb(R=100, G=200, B=150)


def assert_path(seen: Any, raw: str) -> None:
    """The path as sent where the transport keeps it (not WSGI in-process), else decoded."""
    if seen.raw_path is not None:
        assert seen.raw_path == raw
    assert seen.path == unquote(raw)


# ------------------------------------------------------------------------------ parameters

PATH_STYLES = {
    "path_simple": "/simple/blue/blue,black,brown/R,100,G,200,B,150",
    "path_simple_explode": "/simple-explode/blue/blue,black,brown/R=100,G=200,B=150",
    "path_label": "/label/.blue/.blue,black,brown/.R,100,G,200,B,150",
    "path_label_explode": "/label-explode/.blue/.blue.black.brown/.R=100.G=200.B=150",
    "path_matrix": "/matrix/;color=blue/;colors=blue,black,brown/;rgb=R,100,G,200,B,150",
    "path_matrix_explode": (
        "/matrix-explode/;color=blue/;colors=blue;colors=black;colors=brown/;R=100;G=200;B=150"
    ),
}


@pytest.mark.parametrize("operation", list(PATH_STYLES))
def test_path_styles(kit: Kit, models: ModuleType, operation: str) -> None:
    with kit.client() as client:
        seen = getattr(client.parameters, operation)("blue", COLORS, rgb(models))
    assert isinstance(seen, models.Echo) and seen.method == "GET"
    assert_path(seen, f"{BASE_PATH}/parameters/path{PATH_STYLES[operation]}")


def test_path_values_are_percent_encoded(kit: Kit, models: ModuleType) -> None:
    with kit.client() as client:
        seen = client.parameters.path_simple("navy blue/2", ["a,b", "ü"], rgb(models))
    raw = "/navy%20blue%2F2/a%2Cb,%C3%BC/R,100,G,200,B,150"
    if seen.raw_path is not None:
        assert seen.raw_path == f"{BASE_PATH}/parameters/path/simple{raw}"
    else:  # WSGI decodes the path before the app sees it: only the segments can be checked
        assert seen.path.endswith("/navy blue/2/a,b,ü/R,100,G,200,B,150")


QUERY_STYLES = {
    "query_form": (
        lambda m: {
            "color": "blue",
            "colors": COLORS,
            "rgb": rgb(m),
            "in_stock": True,
            "min_weight": 2.5,
            "sort": m.QueryFormSort("name"),
        },
        "color=blue&colors=blue&colors=black&colors=brown&R=100&G=200&B=150"
        "&inStock=true&minWeight=2.5&sort=name",
    ),
    "query_form_flat": (
        lambda m: {"color": "blue", "colors": COLORS, "rgb": rgb(m)},
        "color=blue&colors=blue,black,brown&rgb=R,100,G,200,B,150",
    ),
    "query_delimited": (
        lambda m: {"spaced": COLORS, "spaced_rgb": rgb(m), "piped": COLORS, "piped_rgb": rgb(m)},
        "spaced=blue%20black%20brown&spacedRgb=R%20100%20G%20200%20B%20150"
        "&piped=blue%7Cblack%7Cbrown&pipedRgb=R%7C100%7CG%7C200%7CB%7C150",
    ),
    "query_deep_object": (
        lambda m: {"rgb": rgb(m)},
        "rgb%5BR%5D=100&rgb%5BG%5D=200&rgb%5BB%5D=150",
    ),
    "query_extras": (
        lambda m: {"filter": rgb(m), "return_to": "/docs/a:b,c", "q": "red & blue"},
        "filter=%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D"
        "&returnTo=/docs/a:b,c&q=red%20%26%20blue",
    ),
}


@pytest.mark.parametrize("operation", list(QUERY_STYLES))
def test_query_styles(kit: Kit, models: ModuleType, operation: str) -> None:
    arguments, expected = QUERY_STYLES[operation]
    with kit.client() as client:
        seen = getattr(client.parameters, operation)(**arguments(models))
        unset = getattr(client.parameters, operation)()
    assert seen.query == expected
    assert unset.query == ""  # optional parameters left out are not sent at all


def test_header_styles(kit: Kit, models: ModuleType) -> None:
    with kit.client() as client:
        seen = client.parameters.header_params(
            x_request_id=uuid.UUID(int=7),
            x_color="blue",
            x_colors=COLORS,
            x_rgb=rgb(models),
            x_rgb_exploded=rgb(models),
            x_dry_run=False,
        )
    assert {k: v for k, v in seen.headers.items() if k.startswith("x-")} == {
        "x-request-id": "00000000-0000-0000-0000-000000000007",
        "x-color": "blue",
        "x-colors": "blue,black,brown",
        "x-rgb": "R,100,G,200,B,150",
        "x-rgb-exploded": "R=100,G=200,B=150",
        "x-dry-run": "false",
        "x-api-key": KEY,
    }


def test_cookie_styles(kit: Kit, models: ModuleType) -> None:
    with kit.client() as client:
        seen = client.parameters.cookie_params(
            color="blue", colors=COLORS, rgb=rgb(models), tag=["new", "sale"]
        )
    assert seen.headers["cookie"] == (
        "color=blue; colors=blue,black,brown; rgb=R,100,G,200,B,150; tag=new; tag=sale"
    )
    assert seen.cookies == [
        ["color", "blue"],
        ["colors", "blue,black,brown"],
        ["rgb", "R,100,G,200,B,150"],
        ["tag", "new"],
        ["tag", "sale"],
    ]


def test_per_call_options(kit: Kit) -> None:
    with kit.client() as client:
        seen = client.parameters.query_form(
            color="blue",
            options={"extra_headers": {"X-Trace": "t-1"}, "extra_query": {"debug": 1}},
        )
    assert seen.query == "color=blue&debug=1"
    assert seen.headers["x-trace"] == "t-1"
    assert seen.headers["user-agent"].startswith("kitchen-sink-client/0.1.0 ")


# ---------------------------------------------------------------------------------- bodies


def test_json_body_by_wire_names_without_unset_fields(kit: Kit, models: ModuleType) -> None:
    kit.echo.then(Reply.json(201, WIDGET), Reply.json(201, WIDGET | {"name": "Cog"}))
    with kit.client() as client:
        created = client.widgets.create_widget(
            body=models.Widget(
                name="Sprocket", finish=models.Finish("gloss"), tags=["metal"], launch_code="go"
            )
        )
        by_dict = client.widgets.create_widget(body={"name": "Cog"})
    first, second = kit.echo.calls
    assert first.method == "POST" and first.path == f"{BASE_PATH}/widgets"
    assert first.header("content-type") == "application/json"
    assert json.loads(first.body) == {
        "name": "Sprocket",
        "finish": "gloss",
        "tags": ["metal"],
        "launchCode": "go",
    }
    assert json.loads(second.body) == {"name": "Cog"}
    assert isinstance(created, models.Widget) and created.id == "w1"
    assert created.created_at == datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC)
    assert by_dict.name == "Cog"


def test_json_body_leaves_read_only_fields_out(kit: Kit, models: ModuleType) -> None:
    kit.echo.then(Reply.json(201, WIDGET))
    stamp = datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC)
    with kit.client() as client:
        client.widgets.create_widget(
            body=models.Widget(id="w9", name="Sprocket", created_at=stamp, launch_code="go")
        )
    assert json.loads(kit.echo.last.body) == {"name": "Sprocket", "launchCode": "go"}


def test_form_body(kit: Kit, models: ModuleType) -> None:
    with kit.client() as client:
        seen = client.bodies.submit_contact_form(
            body=models.ContactForm(
                name="Ada Lovelace", email="ada@example.com", subscribe=True, priority=2
            )
        )
    assert seen.content_type == "application/x-www-form-urlencoded"
    assert seen.body == "name=Ada%20Lovelace&email=ada%40example.com&subscribe=true&priority=2"


def test_form_body_follows_the_field_encoding(kit: Kit, models: ModuleType) -> None:
    with kit.client() as client:
        seen = client.bodies.submit_contact_form(
            body=models.ContactForm(name="Ada", email="a@b.c", topics=["billing", "api"])
        )
    assert seen.body == "name=Ada&email=a%40b.c&topics=billing,api"


PHOTO = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR--\r\n--not-a-boundary\xff"


def upload_photo(kit: Kit, models: ModuleType) -> list[Any]:
    body = models.PhotoUpload(
        photo=PHOTO,
        caption="At the bench",
        metadata=models.PhotoUploadMetadata(camera="X100", iso=200),
        keywords=["bench", "tools"],
    )
    with kit.client() as client:
        seen = client.bodies.upload_photo(body=body)
    assert seen.content_type.startswith("multipart/form-data; boundary=")
    return kit.echo.last.parts()


def test_multipart_body(kit: Kit, models: ModuleType) -> None:
    parts = {part.name: part for part in upload_photo(kit, models)}
    assert sorted(parts) == ["caption", "keywords", "metadata", "photo"]
    assert (parts["caption"].data, parts["caption"].filename) == (b"At the bench", None)
    assert parts["metadata"].content_type == "application/json"  # objects are JSON parts
    assert json.loads(parts["metadata"].data) == {"camera": "X100", "iso": 200}
    photo = parts["photo"]
    assert photo.data == PHOTO and photo.filename  # a file part carries a filename
    keywords = [p.data for p in upload_photo(kit, models) if p.name == "keywords"]
    assert keywords == [b"bench", b"tools"]  # arrays are repeated parts


def test_multipart_body_follows_the_part_encoding(kit: Kit, models: ModuleType) -> None:
    photo = next(p for p in upload_photo(kit, models) if p.name == "photo")
    assert photo.content_type == "image/png"  # encoding.contentType, the file had none
    with kit.client() as client:
        client.bodies.upload_photo(body=models.PhotoUpload(photo=("bench.png", PHOTO)))
        named = kit.echo.last.parts()
        client.bodies.upload_photo(body=models.PhotoUpload(photo=("b.webp", b"RIFF", "image/webp")))
        typed = kit.echo.last.parts()
    assert [(p.name, p.filename, p.content_type, p.data) for p in named + typed] == [
        ("photo", "bench.png", "image/png", PHOTO),
        ("photo", "b.webp", "image/webp", b"RIFF"),  # the caller's type wins over the spec's
    ]


def test_multipart_body_as_a_mapping_with_an_open_file(kit: Kit, tmp_path: Path) -> None:
    """A mapping body (wire names) may hold an open file: sent from the start, named after
    the file, with the type the encoding declares."""
    photo = tmp_path / "bench.png"
    photo.write_bytes(PHOTO)
    with kit.client() as client, photo.open("rb") as handle:
        client.bodies.upload_photo(body={"photo": handle, "caption": "From disk"})
    parts = {p.name: p for p in kit.echo.last.parts()}
    assert (parts["photo"].filename, parts["photo"].content_type) == ("bench.png", "image/png")
    assert parts["photo"].data == PHOTO and parts["caption"].data == b"From disk"


def test_binary_and_text_bodies(kit: Kit) -> None:
    blob = bytes(range(256))
    note = "Grüße ☕\r\nline two"
    with kit.client() as client:
        seen_blob = client.bodies.put_blob(body=blob)
        seen_note = client.bodies.post_note(body=note)
    assert seen_blob.method == "PUT" and seen_blob.content_type == "application/octet-stream"
    assert seen_blob.body.encode("latin-1") == blob
    assert seen_note.content_type.split(";")[0] == "text/plain"
    assert seen_note.body.encode("latin-1") == note.encode("utf-8")


# ------------------------------------------------------------------------------- responses


def test_response_kinds(kit: Kit, models: ModuleType) -> None:
    manual = b"%PDF-1.7\x00\xff\xfe"
    kit.echo.then(
        Reply.json(200, WIDGET),
        Reply.json(200, WIDGET),
        Reply.json(202, {"jobId": "j1", "state": "queued"}),
        Reply(204),
        Reply.content(200, manual, "application/octet-stream"),
        Reply.content(200, "Sprocket — №1".encode(), "text/plain; charset=utf-8"),
    )
    with kit.client() as client:
        widget = client.widgets.get_widget("w1")
        published = client.widgets.publish_widget("w1")
        queued = client.widgets.publish_widget("w1")
        deleted = client.widgets.delete_widget("w1")
        downloaded = client.widgets.download_manual("w1")
        label = client.widgets.get_widget_label("w1")
    assert isinstance(widget, models.Widget) and widget.finish == "gloss"
    assert widget.created_at == datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC)
    assert isinstance(published, models.Widget)  # 200: one side of the union...
    assert isinstance(queued, models.Job) and queued.job_id == "j1"  # ...202: the other
    assert deleted is None
    assert downloaded == manual
    assert label == "Sprocket — №1"
    assert [(c.method, c.path) for c in kit.echo.calls][2:4] == [
        ("POST", f"{BASE_PATH}/widgets/w1/publish"),
        ("DELETE", f"{BASE_PATH}/widgets/w1"),
    ]


def test_untagged_operation_without_credentials(kit: Kit, models: ModuleType) -> None:
    with kit.client() as client:
        seen = client.get_health()  # security: [] -> nothing sent even though a key is set
    assert isinstance(seen, models.Echo) and seen.path == f"{BASE_PATH}/health"
    assert "x-api-key" not in seen.headers


def test_deprecated_operation_warns(kit: Kit, models: ModuleType) -> None:
    kit.echo.then(Reply.json(200, [WIDGET]))
    with kit.client() as client, pytest.deprecated_call(match="listAllWidgets"):
        widgets = client.widgets.list_all_widgets()
    assert [type(w) for w in widgets] == [models.Widget]


def test_pagination_walks_every_page(kit: Kit, models: ModuleType) -> None:
    kit.echo.paginate("/widgets", [{"id": f"w{i}", "name": f"Widget {i}"} for i in range(1, 8)])
    with kit.client() as client:
        first = client.widgets.list_widgets(limit=3)
        everything = list(client.widgets.list_widgets_pages(limit=3))
    assert isinstance(first, models.WidgetPage) and first.next_cursor == "c3"
    assert [w.id for w in everything] == [f"w{i}" for i in range(1, 8)]
    assert all(isinstance(w, models.Widget) for w in everything)
    assert [c.query for c in kit.echo.calls[1:]] == [
        "limit=3",
        "limit=3&cursor=c3",
        "limit=3&cursor=c6",
    ]


# --------------------------------------------------------------------------- typed errors


@pytest.mark.parametrize(
    ("status", "error", "operation"),
    [
        (400, "BadRequestError", "create"),
        (422, "UnprocessableEntityError", "create"),
        (404, "NotFoundError", "get"),
        (403, "ForbiddenError", "get"),  # not documented: parsed with the default response
        (409, "ConflictError", "publish"),
    ],
)
def test_error_statuses_raise_typed_errors(
    kit: Kit, models: ModuleType, status: int, error: str, operation: str
) -> None:
    kit.echo.then(Reply.problem(status, "Nope", detail=f"status {status}"))
    with kit.client() as client, pytest.raises(getattr(kit.pkg, error)) as raised:
        if operation == "create":
            client.widgets.create_widget(body={"name": "Cog"})
        elif operation == "get":
            client.widgets.get_widget("w1")
        else:
            client.widgets.publish_widget("w1")
    assert isinstance(raised.value, kit.pkg.ApiError)
    assert raised.value.status_code == status
    assert raised.value.headers["content-type"] == "application/problem+json"
    assert isinstance(raised.value.parsed, models.Problem)
    assert raised.value.parsed.detail == f"status {status}"
    assert len(kit.echo.calls) == 1  # 4xx are not retried


@pytest.mark.parametrize(("status", "error"), [(500, "ServerError"), (429, "RateLimitError")])
def test_retryable_errors_are_raised_after_the_last_retry(
    kit: Kit, status: int, error: str
) -> None:
    kit.echo.fail(3, status)
    with kit.client() as client, pytest.raises(getattr(kit.pkg, error)):
        client.widgets.list_widgets()
    assert len(kit.echo.calls) == 3  # the first attempt and the default two retries


def test_response_that_breaks_the_contract(kit: Kit) -> None:
    kit.echo.then(Reply.json(200, {"id": "w1"}), Reply.json(200, {"id": "w1"}))
    with kit.client() as client, pytest.raises(kit.pkg.ResponseValidationError, match="name"):
        client.widgets.get_widget("w1")
    with kit.client(api_key_header=KEY, validate_responses=False) as client:
        assert client.widgets.get_widget("w1") == {"id": "w1"}


# -------------------------------------------------------------------------------- retries


def test_retries_until_the_server_recovers(kit: Kit, models: ModuleType) -> None:
    kit.echo.fail(2)
    kit.echo.then(Reply.json(200, WIDGET))
    with kit.client() as client:
        widget = client.widgets.get_widget("w1")
    assert isinstance(widget, models.Widget)
    assert [c.path for c in kit.echo.calls] == [f"{BASE_PATH}/widgets/w1"] * 3


def test_retries_respect_idempotency(kit: Kit) -> None:
    kit.echo.fail(1)
    with kit.client() as client, pytest.raises(kit.pkg.ServerError):
        client.widgets.create_widget(body={"name": "Cog"})  # POST: not retried by default
    assert len(kit.echo.calls) == 1
    kit.echo.fail(1)
    kit.echo.then(Reply.json(201, WIDGET))
    with kit.client() as client:
        client.widgets.create_widget(body={"name": "Cog"}, options={"idempotency_key": "k-1"})
    assert [c.header("idempotency-key") for c in kit.echo.calls[1:]] == ["k-1", "k-1"]
    kit.echo.fail(1)
    with kit.client() as client, pytest.raises(kit.pkg.ServerError):
        client.widgets.get_widget("w1", options={"max_retries": 0})
    assert len(kit.echo.calls) == 4


# ----------------------------------------------------------------------------------- auth


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(
    ("credentials", "operation", "where", "expected"),
    [
        ({"api_key_header": "k-1"}, "auth_api_key_header", "x-api-key", "k-1"),
        ({"api_key_header": lambda: "k-dyn"}, "auth_api_key_header", "x-api-key", "k-dyn"),
        ({"api_key_query": "k 2&x"}, "auth_api_key_query", "?", "api_key=k%202%26x"),
        ({"api_key_cookie": "k-3"}, "auth_api_key_cookie", "cookie", "ks_session=k-3"),
        (
            {"basic_auth": ("ada", "pa:ss wörd")},
            "auth_basic",
            "authorization",
            basic("ada", "pa:ss wörd"),
        ),
        ({"bearer_auth": "jwt.abc"}, "auth_bearer", "authorization", "Bearer jwt.abc"),
        ({"oauth2": "tok-static"}, "auth_oauth2", "authorization", "Bearer tok-static"),
    ],
    ids=["header", "header-callable", "query", "cookie", "basic", "bearer", "oauth2-token"],
)
def test_each_security_scheme(
    kit: Kit, credentials: dict[str, Any], operation: str, where: str, expected: str
) -> None:
    with kit.client(**credentials) as client:
        seen = getattr(client.security, operation)()
    assert (seen.query if where == "?" else seen.headers.get(where)) == expected
    assert kit.echo.token_requests == []


def test_schemes_required_together(kit: Kit) -> None:
    with kit.client(api_key_query="q-1", basic_auth=("ada", "pw")) as client:
        seen = client.security.auth_combined()
    assert seen.query == "api_key=q-1"
    assert seen.headers["authorization"] == basic("ada", "pw")


def test_operation_picks_a_configured_alternative(kit: Kit) -> None:
    with kit.client(bearer_auth="jwt.abc") as client:  # apiKeyHeader OR bearerAuth
        seen = client.parameters.query_form()
    assert seen.headers["authorization"] == "Bearer jwt.abc"
    assert "x-api-key" not in seen.headers


def test_missing_credentials_fail_before_sending(kit: Kit) -> None:
    with (
        kit.client(basic_auth=("ada", "pw")) as client,
        pytest.raises(kit.pkg.AuthenticationRequiredError) as raised,
    ):
        client.security.auth_bearer()
    assert type(raised.value).__name__ == "AuthenticationRequiredError"
    assert "bearerAuth" in str(raised.value)
    assert kit.echo.received == []


def test_oauth2_client_credentials(kit: Kit) -> None:
    credentials = {
        "oauth2_client_id": CLIENT_ID,
        "oauth2_client_secret": CLIENT_SECRET,
        "oauth2_scopes": ["widgets:read"],
    }
    with kit.client(**credentials) as client:
        first = client.security.auth_oauth2()
        second = client.security.auth_oauth2()  # the cached token is reused
        kit.echo.then(Reply.problem(401, "Token revoked"))
        third = client.security.auth_oauth2()  # 401: a new token, then the call once more
    [token_request, *_] = kit.echo.token_requests
    assert token_request.method == "POST" and token_request.path == "/oauth/token"
    assert token_request.header("content-type") == "application/x-www-form-urlencoded"
    assert token_request.form() == [("grant_type", "client_credentials"), ("scope", "widgets:read")]
    assert [s.headers["authorization"] for s in (first, second, third)] == [
        "Bearer token-1",
        "Bearer token-1",
        "Bearer token-2",
    ]
    assert kit.echo.tokens_issued == 2
    assert len(kit.echo.calls) == 4


def test_oauth2_rejected_client(kit: Kit) -> None:
    credentials = {"oauth2_client_id": CLIENT_ID, "oauth2_client_secret": "wrong"}
    with (
        kit.client(**credentials) as client,
        pytest.raises(kit.pkg.TokenRequestError, match="token endpoint") as raised,
    ):
        client.security.auth_oauth2()
    assert type(raised.value).__name__ == "TokenRequestError"
    assert kit.echo.calls == []  # the API itself was never called


# ----------------------------------------------------------------------- real HTTP only


def test_per_call_timeout(pkg: ModuleType, served: tuple[Echo, str]) -> None:
    """In-process transports have no network, hence no timeouts: real HTTP only."""
    echo, url = served
    echo.reset()
    echo.then(Reply.json(200, WIDGET, delay=0.5))
    kit = Kit("http", pkg, echo, url)
    with kit.client() as client, pytest.raises(pkg.ApiTimeoutError, match="getWidget"):
        client.widgets.get_widget("w1", options={"timeout": 0.05, "max_retries": 0})


def test_connection_refused(pkg: ModuleType) -> None:
    with socket.socket() as probe:  # a port nobody listens on once the socket is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        pkg.Client(f"http://127.0.0.1:{port}", api_key_header=KEY, max_retries=0) as client,
        pytest.raises(pkg.ApiConnectionError, match="connection error"),
    ):
        client.widgets.get_widget("w1")


# -------------------------------------------------------------------------- async, natively


def test_async_client_in_plain_async_code(pkg: ModuleType, served: tuple[Echo, str]) -> None:
    echo, _ = served
    echo.reset()
    echo.paginate("/widgets", [{"id": f"w{i}", "name": "W"} for i in range(5)])
    models = importlib.import_module(f"{PACKAGE}.models")

    async def run() -> tuple[list[str], Any]:
        transport = httpx.ASGITransport(app=echo.asgi)
        async with (
            httpx.AsyncClient(transport=transport) as http,
            pkg.AsyncClient(IN_PROCESS_URL, api_key_header=KEY, http_client=http) as client,
        ):
            ids = [w.id async for w in client.widgets.list_widgets_pages(limit=2)]
            seen = await client.parameters.path_label_explode("blue", COLORS, rgb(models))
            return ids, seen

    ids, seen = asyncio.run(run())
    assert ids == [f"w{i}" for i in range(5)]
    assert seen.raw_path == "/parameters/path" + PATH_STYLES["path_label_explode"]
