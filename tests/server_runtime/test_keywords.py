"""The one reader of ``$ref``, null-ability and ``pattern`` that mock answers and the contract
check share (``keywords.py``), and what mock data does now that it uses it."""

from __future__ import annotations

import time
from typing import Any

import pytest
from apigen_server_runtime.conformance import violation
from apigen_server_runtime.keywords import (
    MAX_HOPS,
    deref,
    is_nullable,
    lookup,
    pattern_search,
    resolve_pointer,
)
from apigen_server_runtime.mock import MockData, mock_response
from apigen_server_runtime.spec import OperationSpec, ResponseSpec

DOC: dict[str, Any] = {
    "items": [{"type": "integer"}, {"type": "boolean"}],
    "paths": {"/a%20b": {"x": "literal"}, "/a b": {"x": "decoded"}},
    "odd": {"a/b": 1, "a~b": 2, "~1": 3, "": {"": 4}},
}


@pytest.mark.parametrize("token", ["-1", " 1", "1_0", "01", "²", "\u0661", "2", "-", "", "x"])
def test_a_list_index_is_ascii_digits_within_bounds(token: str) -> None:
    assert lookup(DOC, f"#/items/{token}") is None
    with pytest.raises(KeyError):
        resolve_pointer(DOC, f"/items/{token}")
    assert MockData(DOC).deref({"$ref": f"#/items/{token}"}) == {}


def test_pointers_unescape_their_tokens() -> None:
    assert lookup(DOC, "#/items/1") == {"type": "boolean"}
    assert lookup(DOC, "#/odd/a~1b") == 1
    assert lookup(DOC, "#/odd/a~0b") == 2
    assert lookup(DOC, "#/odd/~01") == 3  # ~0 after ~1: not "/"
    assert lookup(DOC, "#/odd//") == 4  # empty keys are keys
    assert lookup(DOC, "") is DOC and lookup(DOC, "#") is DOC


def test_only_a_fragment_is_percent_decoded() -> None:
    assert lookup(DOC, "#/paths/~1a%20b/x") == "decoded"
    assert lookup(DOC, "/paths/~1a%20b/x") == "literal"  # a response's plain pointer


def test_only_local_references_are_followed() -> None:
    for ref in ("other.json#/items/0", "#items", "items/0", "/items/0"):
        assert deref(DOC, {"$ref": ref}) is None
    assert lookup(DOC, "#items", "absent") == "absent"


def test_ref_chains_end_at_the_hop_limit() -> None:
    chain: dict[str, Any] = {f"n{i}": {"$ref": f"#/n{i + 1}"} for i in range(MAX_HOPS)}
    chain[f"n{MAX_HOPS}"] = {"type": "string"}
    assert deref(chain, {"$ref": "#/n1"}) == {"type": "string"}  # MAX_HOPS links
    assert deref(chain, {"$ref": "#/n0"}, "cut") == "cut"  # one more
    loop = {"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}}
    assert deref(loop, {"$ref": "#/a"}) is None
    assert MockData(loop).value({"$ref": "#/a"}) == "string"  # anything: no crash


def test_the_three_nullable_spellings() -> None:
    for schema in ({"nullable": True}, {"x-nullable": True}, {"type": ["string", "null"]}):
        assert is_nullable(schema)
    for schema in ({"nullable": "true"}, {"x-nullable": False}, {"type": "string"}, {}):
        assert not is_nullable(schema)


#: Swagger 2.0 recursion: a node whose required child is the node again, null allowed.
NODE = {
    "type": "object",
    "x-nullable": True,
    "required": ["next"],
    "properties": {"next": {"$ref": "#/definitions/Node"}},
}


def test_mock_data_honours_x_nullable_to_end_a_recursion() -> None:
    contract = {"swagger": "2.0", "definitions": {"Node": NODE}}
    value = MockData(contract).value({"$ref": "#/definitions/Node"})
    assert value == {"next": {"next": None}}
    assert violation(contract, {"$ref": "#/definitions/Node"}, value) is None


def test_allof_parts_must_all_be_x_nullable() -> None:
    both = {"allOf": [{"x-nullable": True}, {"type": "object", "x-nullable": True}]}
    one = {"allOf": [{"type": "object", "x-nullable": True}, {"x-nullable": False}]}
    assert MockData({}).flatten(both)["x-nullable"] is True
    assert MockData({}).flatten(one)["x-nullable"] is False


def _answer(contract: dict[str, Any], pointer: str) -> Any:
    op = OperationSpec(
        "op",
        "GET",
        "/x",
        "t",
        "op",
        responses=(ResponseSpec("200", ("application/json",), (), pointer),),
    )
    return mock_response(op, contract)


def test_a_mock_answer_survives_odd_references() -> None:
    """A reference that names nothing is the schema that allows anything ("string")."""
    media = {"application/json": {"schema": {"$ref": "#/schemas/-1"}}}
    contract: dict[str, Any] = {
        "schemas": [{"type": "boolean"}],
        "responses": [{"description": "ok", "content": media}],
        "paths": {"/x": {"get": {"responses": {"200": {"$ref": "#/responses/²"}}}}},
    }
    for pointer in ("/responses/0", "/paths/~1x/get/responses/200", "/responses/9"):
        answer = _answer(contract, pointer)
        assert (answer.status, answer.body) == (200, b'"string"')


#: Catastrophic for a backtracking engine (each extra ``a`` doubles Python's ``re`` time).
EVIL = "^(a+)+$"


def test_patterns_run_in_linear_time_even_on_the_contracts_own_text() -> None:
    started = time.perf_counter()
    assert not pattern_search(EVIL, "a" * 5_000 + "!", client_text=False)
    assert time.perf_counter() - started < 5  # Python's engine: longer than the universe
    assert pattern_search("b", "abc", client_text=True)  # search, not match


def test_a_pattern_only_python_reads_is_run_on_the_contracts_text_only() -> None:
    assert pattern_search("^(?!x)a", "xa", client_text=True)  # not judged
    assert not pattern_search("^(?!x)a", "xa", client_text=False)
    assert pattern_search("^(?!x)a", "ab", client_text=False)


def test_a_pattern_no_engine_reads_is_not_judged() -> None:
    huge = "(?=a)a{4294967296}"  # Python: OverflowError; the Rust engine: no look-ahead
    assert pattern_search(huge, "b", client_text=False)
    assert MockData({}).value({"type": "string", "pattern": huge}) == "string"
    assert violation({}, {"type": "string", "pattern": huge}, "b") is None
