"""Every real spec generates a client that imports; ten varied ones pass mypy --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from apigen import api
from apigen.spec.resolve import RefPolicy

from ..corpus.specs import OUTSIDE_REFS, UNSUPPORTED, params, real_specs, spec_path
from .tools import mypy_problems

pytestmark = pytest.mark.corpus

#: Small to medium, and varied: 2.0, 3.0, 3.1, webhooks, multi-file, every security kind.
MYPY_SPECS = [
    "real/oai-uber.json",
    "real/netlify.yml",
    "real/oai-tictactoe.yaml",
    "real/train-travel.yaml",
    "real/scalar-galaxy.yaml",
    "real/openapi-core-petstore.yaml",
    "real/adyen-BinLookupService-v54.json",
    "real/oai-webhook-example.yaml",
    "real/osv-parent-reference/openapi.yaml",
    "real/twilio_messaging_v1.yaml",
    "real/spotify-fixed.yml",
]

CHECK = """
import importlib, sys
pkg = importlib.import_module(sys.argv[1])
client = pkg.Client("http://127.0.0.1:9")
for name in dir(client):
    if not name.startswith("_") and name not in ("http_client",):
        getattr(client, name)
client.close()
"""


def generate(rel: str, out: Path) -> str:
    policy = RefPolicy(allow_outside=rel in OUTSIDE_REFS)
    return api.generate_client(spec_path(rel), out, policy=policy).package


@pytest.mark.parametrize("rel", params([s for s in real_specs() if s not in UNSUPPORTED]))
def test_real_spec_generates_and_imports(rel: str, tmp_path: Path) -> None:
    package = generate(rel, tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", CHECK, package],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("rel", params(MYPY_SPECS if real_specs() else []))
def test_real_spec_client_passes_mypy_strict(rel: str, tmp_path: Path) -> None:
    package = generate(rel, tmp_path)
    problems = mypy_problems([package], [tmp_path], tmp_path)
    assert problems is None, problems
