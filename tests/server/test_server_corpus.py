"""Every real and big spec generates a service for both frameworks; the app imports, every
operation has exactly one route (method and path), nothing else is routed, and the generated
code passes ruff.

The app is imported in a fresh interpreter (``<package>.app:app``, as a server would load
it).  The big specs take a while each: they are marked ``slow``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from apigen import api
from apigen.spec.resolve import RefPolicy

from ..client.tools import ruff_problems
from ..corpus.specs import OUTSIDE_REFS, UNSUPPORTED, big_specs, params, real_specs, spec_path

pytestmark = pytest.mark.corpus
FRAMEWORKS = ("fastapi", "flask")

#: Prints the routing problems of ``<package>.app:app`` as JSON (an empty list when none).
CHECK = r"""
import importlib, json, sys
from collections import Counter

package, framework = sys.argv[1], sys.argv[2]
app = importlib.import_module(package + ".app").app
operations = importlib.import_module(package + "._generated.operations").OPERATIONS
routing = importlib.import_module(package + "._generated._runtime.routing")
adapter = importlib.import_module(f"{package}._generated._runtime.{framework}_adapter")
if framework == "fastapi":
    table = routing.routes(operations, "{", "}")
else:
    table = adapter.route_table(operations)[0]
expected = Counter()
for route in table:
    for op in route.operations:
        expected[route.framework_path, op.method.upper()] += 1
served = Counter()
declared = {method for _, method in expected}
if framework == "fastapi":
    for r in app.routes:
        if isinstance(r, adapter.OperationRoutes):
            for route in r.table:
                for method in r.methods_of(route):
                    if method in declared or method not in ("HEAD", "OPTIONS"):
                        served[route.framework_path, method] += 1
else:
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("openapi", "static"):
            continue
        for method in rule.methods:
            if method in declared or method not in ("HEAD", "OPTIONS"):
                served[rule.rule, method] += 1
problems = []
for key, count in expected.items():
    if count != 1:
        problems.append(f"{key}: {count} operations")
    if served[key] != 1:
        problems.append(f"{key}: {served[key]} routes")
extra = [key for key in served if key not in expected and key[1] not in ("HEAD", "OPTIONS")]
problems += [f"{key}: routed but no operation" for key in extra]
contract = importlib.import_module(package + "._generated.app").load_contract()
methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def resolved(item):  # a path item, following local $refs (3.1 pathItems, bundled copies)
    for _ in range(8):
        if not (isinstance(item, dict) and isinstance(item.get("$ref"), str)):
            break
        node = contract
        for token in item["$ref"].lstrip("#/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        item = node
    return item if isinstance(item, dict) else {}


declared_ops = sum(
    1 for item in contract.get("paths", {}).values() for key in resolved(item) if key in methods
)
if declared_ops != len(operations):
    problems.append(f"{declared_ops} operations in the contract, {len(operations)} served")
print(json.dumps(problems))
"""


def generate_and_check(rel: str, framework: str, out: Path) -> None:
    policy = RefPolicy(allow_outside=rel in OUTSIDE_REFS)
    result = api.generate_server(spec_path(rel), out, framework=framework, policy=policy)
    checked = subprocess.run(
        [sys.executable, "-c", CHECK, result.package, framework],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert checked.returncode == 0, checked.stderr[-3000:]
    problems = json.loads(checked.stdout.strip().splitlines()[-1])
    assert problems == [], problems[:20]
    package = out / result.package
    ours = [p for p in package.rglob("*.py") if p.parent.name not in ("models", "_runtime")]
    lint = ruff_problems(*ours)  # the models and the runtime have their own tests
    assert lint is None, lint[-3000:]


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("rel", params([s for s in real_specs() if s not in UNSUPPORTED]))
def test_real_spec_service_imports_with_one_route_per_operation(
    rel: str, framework: str, tmp_path: Path
) -> None:
    generate_and_check(rel, framework, tmp_path)


def big_cases() -> list[object]:
    """Every big spec with FastAPI; the biggest (GitHub's newest) with Flask too."""
    specs = big_specs()
    cases: list[object] = [pytest.param(rel, "fastapi", id=f"{rel}-fastapi") for rel in specs]
    cases += [pytest.param(r, "flask", id=f"{r}-flask") for r in specs if r.endswith("23.0.2.json")]
    missing = pytest.mark.skip(reason="../shared/specs not found")
    return cases or [pytest.param("missing", "fastapi", marks=missing)]


@pytest.mark.slow
@pytest.mark.parametrize(("rel", "framework"), big_cases())
def test_big_spec_service_imports_with_one_route_per_operation(
    rel: str, framework: str, tmp_path: Path
) -> None:
    generate_and_check(rel, framework, tmp_path)
