"""Where long reference chains are cut: the landings built first, tail first."""

from __future__ import annotations

from apigen.ir.chains import CHAIN_BOUND, BuildOrder, landings

from .conftest import WriteSpec, api_of, oas30


def chain(depth: int) -> dict[str, object]:
    schemas = {
        f"A{i}": {
            "type": "object",
            "properties": {"next": {"$ref": f"#/components/schemas/A{i + 1}"}},
        }
        for i in range(depth)
    }
    schemas[f"A{depth}"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    return schemas


def test_a_chain_lands_every_bound_links_lowest_first() -> None:
    graph = {f"n{i}": [f"n{i + 1}"] for i in range(100)} | {"n100": []}
    # n{i} is 100 - i high; an edge into a lower band (height // 25) lands at 99, 74, 49, 24.
    assert landings(graph) == ["n76", "n51", "n26", "n1"]
    assert CHAIN_BOUND == 25


def test_cycles_and_short_chains_have_no_landings() -> None:
    assert landings({"a": ["b"], "b": ["a"], "c": ["a", "c"]}) == []
    assert landings({f"n{i}": [f"n{i + 1}"] for i in range(24)} | {"n24": []}) == []


def test_build_order_of_an_api_lists_its_landings_tail_first(write_spec: WriteSpec) -> None:
    api = api_of(write_spec(oas30(schemas=chain(60) | {"Other": {"type": "object"}})))
    order = BuildOrder(api)
    assert order.landings == ("A36", "A11")
    assert order.tallest == 60


def test_ordinary_specs_build_nothing_first(write_spec: WriteSpec) -> None:
    order = BuildOrder(api_of(write_spec(oas30(schemas=chain(20)))))
    assert order.landings == () and order.tallest == 20
