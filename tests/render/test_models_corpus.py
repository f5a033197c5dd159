"""render_models on every real spec in ../shared/specs: renders, compiles, imports, resolves.

Each spec's package is imported in a fresh interpreter (warnings are errors there too), every
name in ``__all__`` is touched, every model's validator is built (``model_rebuild``), every
alias gets a ``TypeAdapter``, and so does every operation's parameter, body, response and
header annotation as the generators will write it.  A forward reference that cannot be
resolved, a cycle across modules, an invalid constraint or a pattern pydantic cannot compile
fails here.
The big specs (GitHub, Stripe) also report render and import times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from apigen.ir.model import Api
from apigen.ir.normalise import normalise
from apigen.render.models import ModelTypes, render_models
from apigen.spec.resolve import RefPolicy, load_spec

from ..corpus.specs import OUTSIDE_REFS, UNSUPPORTED, big_specs, params, real_specs, spec_path

pytestmark = pytest.mark.corpus

pytest.importorskip("pydantic")

#: Runs in the child interpreter: import, touch every name, build every validator.
CHECK = """
import importlib, json, sys, time, warnings
warnings.simplefilter("error")
sys.path.insert(0, sys.argv[1])


def resolve(models, schemas):
    # In a function: model_rebuild() also looks names up in its caller's namespace.
    from pydantic import BaseModel, TypeAdapter

    count = 0
    for obj in [getattr(models, name) for name in models.__all__]:
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            obj.model_rebuild(force=True)
            if count < schemas:
                obj.model_json_schema()
            count += 1
        elif hasattr(obj, "__value__") or not callable(obj):
            TypeAdapter(obj).json_schema()
    return count


def evaluate(models, texts):
    # What the client and server generators will write, with ANNOTATION_IMPORTS in scope.
    import datetime, uuid
    from typing import Annotated, Any, Literal, Union
    from pydantic import Field, Tag, TypeAdapter

    scope = dict(models=models, _dt=datetime, _uuid=uuid, Annotated=Annotated, Any=Any,
                 Literal=Literal, Union=Union, Field=Field, Tag=Tag)
    for text in texts:
        TypeAdapter(eval(text, scope))


texts = json.load(sys.stdin)
start = time.perf_counter()
models = importlib.import_module(sys.argv[2] + ".models")
imported = time.perf_counter()
[getattr(models, name) for name in models.__all__]
touched = time.perf_counter()
count = resolve(models, int(sys.argv[3]))
done = time.perf_counter()
evaluate(models, texts)
print(json.dumps({"package": imported - start, "names": touched - imported,
                  "resolve": done - touched, "models": count}))
"""


def real() -> list[str]:
    return [rel for rel in real_specs() if rel not in UNSUPPORTED]


def package_name(rel: str) -> str:
    stem = Path(rel).stem
    return "m_" + "".join(c if c.isalnum() else "_" for c in stem)


def load(rel: str) -> Api:
    api, _ = normalise(load_spec(spec_path(rel), RefPolicy(allow_outside=rel in OUTSIDE_REFS)))
    return api


def operation_annotations(api: Api) -> list[str]:
    """The annotation of every parameter, body, response and header type."""
    types = ModelTypes(api)
    found: set[str] = set()
    for op in api.all_operations():
        refs = [p.type for p in op.parameters]
        refs += [m.type for m in op.body.content] if op.body else []
        for response in op.responses:
            refs += [m.type for m in response.content] + [h.type for h in response.headers]
        found.update(types.annotation(t, qualifier="models.") for t in refs)
    return sorted(found)


def render_to(rel: str, root: Path, layout: str = "split") -> tuple[Path, float, dict[str, str]]:
    api = load(rel)
    start = time.perf_counter()
    files = render_models(api, layout=layout)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    package = root / package_name(rel)
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    for rel_path, text in files.items():
        path = package / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package, elapsed, files


def check(
    package: Path, schemas: int = 25, timeout: float = 300, annotations: list[str] | None = None
) -> dict[str, float]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": ""}
    result = subprocess.run(
        [sys.executable, "-c", CHECK, str(package.parent), package.name, str(schemas)],
        input=json.dumps(annotations or []),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.parametrize("rel", params(real()))
def test_real_spec_models_import_and_resolve(rel: str, tmp_path: Path) -> None:
    package, elapsed, files = render_to(rel, tmp_path)
    for rel_path, text in files.items():
        compile(text, rel_path, "exec")
    assert elapsed < 20
    start = time.perf_counter()
    report = check(package, annotations=operation_annotations(load(rel)))
    assert time.perf_counter() - start < 240
    assert report["models"] > 0


@pytest.mark.parametrize("rel", params(real()))
def test_real_spec_sample_is_black_stable(rel: str, tmp_path: Path) -> None:
    black = pytest.importorskip("black")
    _, _, files = render_to(rel, tmp_path)
    mode = black.Mode(line_length=100)
    names = sorted(files)
    step = max(1, len(names) // 60)  # every file of small specs, 60 or so of big ones
    for name in names[::step]:
        assert black.format_str(files[name], mode=mode) == files[name], name


@pytest.mark.slow
@pytest.mark.parametrize("rel", params(real()))
def test_real_spec_single_layout_imports(rel: str, tmp_path: Path) -> None:
    package, _, files = render_to(rel, tmp_path, "single")
    assert set(files) == {"models/__init__.py", "models/_base.py"}
    check(package, schemas=5)


@pytest.mark.slow
def test_whole_corpus_is_black_stable(tmp_path: Path) -> None:
    pytest.importorskip("black")
    specs = real()
    if not specs:
        pytest.skip("shared specs not found")
    for rel in specs:
        render_to(rel, tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", "-l", "100", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("rel", params(big_specs()))
def test_big_spec_render_and_import_times(
    rel: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package, elapsed, files = render_to(rel, tmp_path)
    lines = sum(text.count("\n") for text in files.values())
    # Cold import compiles every module once; the warm one is what users see.
    cold = check(package, schemas=3, timeout=900)
    warm = check(package, schemas=0, timeout=900)
    with capsys.disabled():
        print(
            f"\n{rel}: {len(files)} files, {lines} lines; render {elapsed:.2f}s;"
            f" import models {warm['package'] * 1000:.0f} ms (cold {cold['package']:.2f}s);"
            f" every name {warm['names']:.2f}s; every validator {warm['resolve']:.2f}s"
        )
    assert elapsed < 15
    assert warm["package"] < 0.5
