"""Security per operation: every scheme kind, alternatives, scopes, challenges, defaults."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from apigen_server_runtime import SecurityHooks

from .conftest import Api


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


BEARER = {"Authorization": "Bearer good-token"}
ADMIN = {"Authorization": "Bearer admin-token"}


def subject(api: Api, op: str, **kw: Any) -> Any:
    response = api.http.get(f"/secure/{op}", **kw)
    assert response.status_code == 200, response.text
    return response.json()["subject"]


def denied(api: Api, op: str, status: int = 401, **kw: Any) -> Any:
    response = api.http.get(f"/secure/{op}", **kw)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status
    return response


@pytest.mark.parametrize(
    ("op", "kw", "expected"),
    [
        ("key_header", {"headers": {"X-API-Key": "good-key"}}, "key:key_header"),
        ("key_query", {"params": {"api_key": "good-key"}}, "key:key_query"),
        ("key_cookie", {"headers": {"Cookie": "sid=good-key"}}, "key:key_cookie"),
        ("basic", {"headers": basic("alice", "wonder:land")}, "alice"),
        ("bearer", {"headers": BEARER}, "bob"),
        ("oauth_read", {"headers": BEARER}, "bob"),
        ("oauth_write", {"headers": ADMIN}, "root"),
        ("oidc", {"headers": basic("alice", "wonder:land")}, "alice"),
        ("either", {"headers": {"X-API-Key": "good-key"}}, "key:key_header"),
        ("either", {"headers": BEARER}, "bob"),
        ("both", {"headers": {"X-API-Key": "good-key", **BEARER}}, "key:key_header"),
        ("optional", {}, None),
        ("optional", {"headers": BEARER}, "bob"),
    ],
)
def test_accepted_credentials_reach_the_handler(
    api: Api, op: str, kw: dict[str, Any], expected: str | None
) -> None:
    assert subject(api, op, **kw) == expected


@pytest.mark.parametrize(
    ("op", "challenge"),
    [
        ("key_header", 'ApiKey realm="api", name="X-API-Key", in="header"'),
        ("key_query", 'ApiKey realm="api", name="api_key", in="query"'),
        ("basic", 'Basic realm="api", charset="UTF-8"'),
        ("bearer", 'Bearer realm="api"'),
        ("oidc", 'Bearer realm="api", Basic realm="api", charset="UTF-8"'),
        ("digest", 'digest realm="api"'),
    ],
)
def test_missing_credentials_401_with_challenge(api: Api, op: str, challenge: str) -> None:
    response = denied(api, op)
    assert response.headers["www-authenticate"] == challenge
    assert response.json()["detail"] == "credentials required"


@pytest.mark.parametrize(
    ("op", "kw"),
    [
        ("key_header", {"headers": {"X-API-Key": "bad"}}),
        ("key_cookie", {"headers": {"Cookie": "sid=bad"}}),
        ("basic", {"headers": basic("alice", "nope")}),
        ("basic", {"headers": {"Authorization": "Basic !!notbase64"}}),
        ("basic", {"headers": {"Authorization": "Basic " + base64.b64encode(b"nocolon").decode()}}),
        ("bearer", {"headers": {"Authorization": "Bearer nope"}}),
        ("bearer", {"headers": {"Authorization": "Bearer "}}),
        ("both", {"headers": {"X-API-Key": "good-key", "Authorization": "Bearer nope"}}),
        ("optional", {"headers": {"Authorization": "Bearer nope"}}),
    ],
)
def test_rejected_credentials_401(api: Api, op: str, kw: dict[str, Any]) -> None:
    response = denied(api, op, **kw)
    assert response.json()["detail"] == "credentials rejected"
    assert response.headers["www-authenticate"]


def test_rejected_bearer_challenge_says_invalid_token(api: Api) -> None:
    response = denied(api, "bearer", headers={"Authorization": "Bearer nope"})
    assert response.headers["www-authenticate"] == 'Bearer realm="api", error="invalid_token"'


def test_half_of_an_and_requirement_is_missing(api: Api) -> None:
    response = denied(api, "both", headers={"X-API-Key": "good-key"})
    assert response.json()["detail"] == "credentials required"


def test_insufficient_scope_403(api: Api) -> None:
    response = denied(api, "oauth_write", 403, headers=BEARER)
    assert response.json()["detail"] == "insufficient scope: pets:write"
    assert 'error="insufficient_scope"' in response.headers["www-authenticate"]


def test_default_hooks_deny_everything(make_api: Any) -> None:
    api = make_api(hooks=SecurityHooks())
    for op, headers in [("bearer", ADMIN), ("basic", basic("alice", "wonder:land"))]:
        denied(api, op, headers=headers)
    assert subject(api, "optional") is None


def test_scope_check_is_a_hook(make_api: Any) -> None:
    from . import petshop

    class Lenient(petshop.Hooks):
        def has_scopes(self, principal: Any, scopes: tuple[str, ...]) -> bool:
            return principal.subject == "bob"

    api = make_api(hooks=Lenient())
    assert subject(api, "oauth_write", headers=BEARER) == "bob"
    denied(api, "oauth_write", 403, headers=ADMIN)


def test_mock_mode_accepts_present_credentials_when_hooks_are_not_written(make_api: Any) -> None:
    api = make_api(hooks=SecurityHooks(), mock=True)
    assert subject(api, "bearer", headers={"Authorization": "Bearer anything"}) == "mock"
    assert subject(api, "oauth_write", headers={"Authorization": "Bearer x"}) == "mock"
    denied(api, "bearer")  # still 401 without credentials


def test_mock_mode_keeps_written_hooks_in_charge(make_api: Any) -> None:
    api = make_api(mock=True)
    denied(api, "bearer", headers={"Authorization": "Bearer anything"})


def test_unsecured_operations_need_nothing(api: Api) -> None:
    assert api.http.get("/pets/1").status_code == 200
