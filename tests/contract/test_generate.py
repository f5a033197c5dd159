"""``apigen generate tests``: the command, safe and deterministic output, hostile specs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from apigen import api
from apigen.render.write import MANIFEST

from .tools import PETSTORE, ROOT, run_suite


def apigen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apigen", *args], capture_output=True, text=True, cwd=cwd or ROOT
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_check_dry_run_and_rerun(tmp_path: Path) -> None:
    out = tmp_path / "suite"
    stale = apigen("generate", "tests", str(PETSTORE), "-o", str(out), "--check")
    assert stale.returncode == 1 and stale.stdout.endswith("contract tests: out of date\n")
    assert not out.exists()
    dry = apigen("generate", "tests", str(PETSTORE), "-o", str(out), "--dry-run")
    assert dry.returncode == 0 and "create test_pets.py" in dry.stdout and not out.exists()
    made = apigen("generate", "tests", str(PETSTORE), "-o", str(out))
    assert made.returncode == 0, made.stderr
    assert (
        made.stdout.splitlines()[-1] == f"{out}: contract tests: 18 file(s) changed, 0 warning(s)"
    )
    fresh = apigen("generate", "tests", str(PETSTORE), "-o", str(out), "--check")
    assert fresh.returncode == 0 and fresh.stdout.endswith("contract tests: up to date\n")
    (out / "test_mine.py").write_text("def test_mine() -> None: ...\n")  # the team's own test
    (out / "test_pets.py").write_text("edited\n")
    again = apigen("generate", "tests", str(PETSTORE), "-o", str(out))
    assert "update test_pets.py" in again.stdout
    assert (out / "test_mine.py").exists() and "test_mine.py" not in (out / MANIFEST).read_text()


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    api.generate_tests(PETSTORE, tmp_path / "a")
    api.generate_tests(PETSTORE, tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert api.generate_tests(PETSTORE, tmp_path / "a").plan.changed is False


def test_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = apigen("generate", "tests", str(PETSTORE), "-o", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith("apigen: error: ") and result.stderr.count("\n") == 1


def test_a_broken_spec_is_one_line_and_exit_1(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t}\npaths: {")
    result = apigen("generate", "tests", str(spec), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


HOSTILE = """openapi: 3.0.3
info: {title: "t\\"\\"\\" + __import__('os').system('touch PWNED') + \\"\\"\\"", version: "1\\n2"}
servers: [{url: "http://x/\\"); import os #"}]
tags: [{name: "x'); import os; ('", description: "\\"\\"\\"\\nimport os\\n"}]
paths:
  "/a/{id'}":
    get:
      tags: ["x'); import os; ('"]
      operationId: "__import__('os').system('touch PWNED')"
      summary: "\\"\\"\\" import os"
      parameters:
        - {name: "id'", in: path, required: true, schema: {type: string}}
        - {name: "q\\"\\n", in: query, required: true, schema: {type: integer}, example: 3}
        - {name: "h'", in: header, required: true, schema: {type: string, example: "\\u2028'"}}
      responses:
        "200":
          description: ok
          links:
            "l'\\"":
              operationId: "__import__('os').system('touch PWNED')"
              parameters: {"id'": "$response.body#/a'\\"b"}
          content:
            application/json:
              schema: {type: object, properties: {"a'\\"b": {type: string}}}
components:
  securitySchemes:
    "k'\\"": {type: apiKey, in: header, name: "X-K'"}
security: [{"k'\\"": []}]
"""


def test_hostile_spec_text_stays_inert(tmp_path: Path) -> None:
    spec = tmp_path / "hostile.yaml"
    spec.write_text(HOSTILE)
    out = tmp_path / "suite"
    api.generate_tests(spec, out)
    for path in out.glob("*.py"):
        module = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            n for n in ast.walk(module) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
        ]
        allowed = {"Operation", "float", "Path", "open_api", "str"}  # the last three: conftest.py
        allowed |= {"fuzz_valid", "fuzz_invalid"}  # test_fuzz.py
        assert {c.func.id for c in calls} <= allowed, path  # type: ignore[attr-defined]
        imports = [n for n in ast.walk(module) if isinstance(n, (ast.Import, ast.ImportFrom))]
        assert all("os" not in [a.name for a in n.names] for n in imports), path
    result = run_suite(out, "--collect-only")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 tests collected" in result.stdout or "tests collected" in result.stdout
    assert not (out / "PWNED").exists() and not (ROOT / "PWNED").exists()


CONTRADICTION = """\
swagger: '2.0'
info: {title: Builds, version: '1'}
paths:
  /build:
    post:
      operationId: build
      consumes: [application/octet-stream]
      parameters:
        - {name: inputStream, in: body, schema: {type: string, format: binary}}
        - {name: Content-type, in: header, type: string, enum: [application/x-tar]}
      responses:
        '200': {description: Built.}
"""


def test_a_self_contradicting_content_type_yields_a_note_not_a_false_alarm(tmp_path: Path) -> None:
    # Docker's /build: consumes octet-stream, but its Content-type parameter allows only
    # x-tar; a server may enforce both, so no request could pass: no case, and a note.
    spec = tmp_path / "builds.yaml"
    spec.write_text(CONTRADICTION)
    api.generate_tests(spec, tmp_path / "suite")
    module = (tmp_path / "suite" / "test_untagged.py").read_text()
    assert "def test_" not in module
    assert (
        "- build: the contract contradicts itself: the body is application/octet-stream, but "
        "header\nparameter 'Content-type' allows only application/x-tar"
    ) in module
