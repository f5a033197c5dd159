"""The contract check survives odd contracts and hostile request bodies.

Each case used to raise inside the request path (a logged traceback and a 500 where the
contract's answer was due) or, for recursive options, to grow exponentially with a body's
nesting (a client could hold a worker for minutes with a 22-deep body).
"""

from __future__ import annotations

from typing import Any

from apigen_server_runtime import conformance
from apigen_server_runtime.conformance import first_violation


def test_a_huge_integer_is_an_integer() -> None:
    assert first_violation({}, {"type": "integer"}, 10**400, request=True) is None
    assert first_violation({}, {"type": "integer"}, 1.5, request=True) is not None


def test_required_that_is_not_a_list_is_ignored() -> None:
    for required in (True, "name", [["x"]]):
        schema = {"type": "object", "required": required}
        assert first_violation({}, schema, {}, request=True) is None
    assert first_violation({}, {"required": ["name"]}, {}, request=True) is not None


def test_a_ref_with_a_non_ascii_digit_does_not_resolve() -> None:
    contract: dict[str, Any] = {"items": [{"type": "string"}]}
    assert first_violation(contract, {"$ref": "#/items/²"}, 5) is None
    assert first_violation(contract, {"$ref": "#/items/0"}, 5) is not None


def test_recursive_options_are_walked_in_bounded_time() -> None:
    node = {"oneOf": [{"$ref": "#/node"}, {"$ref": "#/leaf"}]}
    contract: dict[str, Any] = {
        "node": {"type": "object", "properties": {"a": node}},
        "leaf": {"type": "object", "properties": {"a": node}},
    }
    value: dict[str, Any] = {}
    for _ in range(30):  # each level fits both options: 2**30 walks without the limits
        value = {"a": value}
    walker = conformance._Walker(contract, True)
    assert walker.check(node, value, "", 0) is None
    assert walker.budget > 0  # a request stops at the first fitting option
    walker = conformance._Walker(contract, False)  # a response must find a second one too
    walker.check(node, value, "", 0)
    assert -1_000 < walker.budget <= 0  # so the budget ends the walk, right away


#: Catastrophic for a backtracking engine: each extra ``a`` doubles Python's ``re`` time
#: on a value that does not match (40 of them: minutes).
_EVIL = "^(a+)+$"


def test_a_pattern_runs_in_linear_time_on_a_clients_text() -> None:
    evil = "a" * 5_000 + "!"
    found = first_violation({}, {"type": "string", "pattern": _EVIL}, evil, request=True)
    assert found is not None and "does not match" in found[1]
    assert first_violation({}, {"type": "string", "pattern": _EVIL}, "aaa", request=True) is None
    schema = {"type": "object", "patternProperties": {_EVIL: {}}, "additionalProperties": False}
    assert first_violation({}, schema, {"aaaa": 1}, request=True) is None
    found = first_violation({}, schema, {evil: 1}, request=True)
    assert found == (f"/{evil}", "no value is allowed")


def test_a_pattern_only_pythons_engine_reads_is_not_run_on_requests() -> None:
    """Look-arounds and back-references need a backtracking engine: a client's text never
    meets one; the contract's own examples (mock answers, ``request=False``) still do."""
    schema = {"type": "string", "pattern": "^(?!x)(a+)+$"}
    assert first_violation({}, schema, "a" * 5_000 + "!", request=True) is None
    assert first_violation({}, schema, "xa", request=False) is not None
    assert first_violation({}, schema, "aa", request=False) is None
