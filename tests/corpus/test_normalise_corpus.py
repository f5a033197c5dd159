"""Every real spec loads and normalises, and nothing in it is dropped."""

from __future__ import annotations

import pytest

from apigen.errors import SpecError
from apigen.ir.model import HTTP_METHODS, Api
from apigen.ir.normalise import normalise
from apigen.spec.resolve import RefPolicy, Spec, load_spec

from .specs import OUTSIDE_REFS, UNSUPPORTED, big_specs, params, real_specs, spec_path

pytestmark = pytest.mark.corpus


def _load(rel: str) -> Spec:
    return load_spec(spec_path(rel), RefPolicy(allow_outside=rel in OUTSIDE_REFS))


def _count_methods(spec: Spec, key: str) -> int:
    items = spec.root.root.get(key) or {}
    count = 0
    for path, item in items.items():
        if path.startswith("x-"):
            continue
        item = spec.deref(item, spec.root).value
        count += sum(1 for m in HTTP_METHODS if isinstance(item, dict) and m in item)
    return count


def _component_names(spec: Spec) -> set[str]:
    tree = spec.root.root
    if spec.major == "2.0":
        return set(tree.get("definitions") or {})
    return set((tree.get("components") or {}).get("schemas") or {})


def _named(api: Api) -> set[str]:
    return {n.schema_name for n in (*api.models, *api.enums, *api.aliases) if n.schema_name}


@pytest.mark.parametrize("rel", params(real_specs()))
def test_real_spec_normalises_without_loss(rel: str) -> None:
    if rel in UNSUPPORTED:
        with pytest.raises(SpecError) as exc:
            _load(rel)
        assert exc.value.diagnostics[0].code == "unsupported-version"
        return
    spec = _load(rel)
    api, _warnings = normalise(spec)
    assert len(api.operations) == _count_methods(spec, "paths")
    assert len(api.webhooks) == _count_methods(spec, "webhooks")
    assert _component_names(spec) <= _named(api)
    assert len({m.name for m in api.models}) == len(api.models)
    for op in api.all_operations():
        assert op.py_name.isidentifier()
        assert all(p.py_name.isidentifier() for p in op.parameters)


@pytest.mark.slow
@pytest.mark.parametrize("rel", params(big_specs()))
def test_big_spec_normalises(rel: str) -> None:
    spec = _load(rel)
    api, _ = normalise(spec)
    assert len(api.operations) == _count_methods(spec, "paths") > 400
    assert _component_names(spec) <= _named(api)


@pytest.mark.parametrize("rel", params(["real/openai.yaml"] if real_specs() else []))
def test_normalise_is_deterministic(rel: str) -> None:
    a, _ = normalise(_load(rel))
    b, _ = normalise(_load(rel))
    assert a == b
