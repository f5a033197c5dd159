"""What ``apigen new`` makes: the files of the project, its settings, and its refusals.

The CI workflow and the pre-commit configuration are parsed and their commands checked (they
cannot run here); the settings are read back the way ``apigen generate`` reads them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from apigen.errors import UsageError
from apigen.new import create_project, project_answers, template_version

from .tools import ROOT, apigen, new, tree

EXAMPLES = ROOT / "specs" / "examples"


def _one_line_error(result: object, code: int) -> str:
    """The CLI's answer to bad input: the exit code, one line on stderr, no traceback."""
    assert getattr(result, "returncode") == code, getattr(result, "stdout")  # noqa: B009
    lines = getattr(result, "stderr").strip().splitlines()  # noqa: B009
    assert len(lines) == 1, lines
    assert lines[0].startswith("apigen: error: "), lines
    return str(lines[0])


def _refs(node: object) -> Iterator[str]:
    """Every ``$ref`` value of a YAML tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_the_project_files(pristine: Path) -> None:
    files = set(tree(pristine))
    for path in (
        ".copier-answers.yml",
        ".github/workflows/contract.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "Makefile",
        "README.md",
        "openapi.yaml",
        "pyproject.toml",
        "server/demo_service/app.py",
        "server/demo_service/handlers/items.py",
        "client/demo_client/__init__.py",
        "contract-tests/conftest.py",
        "contract-tests/test_items.py",
    ):
        assert path in files, f"{path} missing"
    # Made in a temporary folder beside it, renamed into place: nothing else is left there.
    assert sorted(p.name for p in pristine.parent.iterdir()) == ["demo"]


def test_settings_are_the_ones_generate_reads(pristine: Path) -> None:
    settings = tomllib.loads((pristine / "pyproject.toml").read_text("utf-8"))
    assert settings["tool"]["apigen"] == {
        "spec": "openapi.yaml",
        "output": ".",
        "server": "fastapi",
        "client": True,
        "tests": True,
        "package-name": "demo_service",
        "client-package-name": "demo_client",
        "mock": False,
        "formatter": "ruff",
        "diff": {"fail-on": "breaking"},
    }
    dev = settings["project"]["optional-dependencies"]["dev"]
    assert {d.split(">")[0] for d in dev} >= {"pytest", "httpx", "uvicorn"}
    # PyPI's "apigen" is another project: the list must not pull it in.
    assert not any(d.startswith("apigen") for d in dev)
    answers = yaml.safe_load((pristine / ".copier-answers.yml").read_text("utf-8"))
    assert answers["_src_path"] == "~/.apigen/templates/new"
    assert answers["_commit"] == template_version()
    assert answers["package"] == "demo_service" and answers["starter_contract"] is True


def test_the_ci_workflow(pristine: Path) -> None:
    workflow = yaml.safe_load((pristine / ".github/workflows/contract.yml").read_text("utf-8"))
    assert list(workflow[True]) == ["pull_request"]  # YAML 1.1 reads the key `on` as true
    job = workflow["jobs"]["contract"]
    assert job["env"]["SPEC"] == "openapi.yaml"
    assert job["env"]["BASE"] == "${{ github.base_ref }}"
    steps = job["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[0]["with"]["fetch-depth"] == 0
    assert steps[1]["uses"].startswith("actions/setup-python@")
    script = "\n".join(step.get("run", "") for step in steps)
    order = [
        "make install",
        'apigen validate "$SPEC"',
        'apigen diff "git:origin/$BASE:$SPEC" "$SPEC" --format github --fail-on breaking',
        "apigen generate --check",
        "make test",
    ]
    positions = [script.index(command) for command in order]
    assert positions == sorted(positions), script


def test_the_pre_commit_hooks(pristine: Path) -> None:
    config = yaml.safe_load((pristine / ".pre-commit-config.yaml").read_text("utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    assert hooks["apigen-validate"]["entry"] == "apigen validate openapi.yaml"
    assert hooks["apigen-generate-check"]["entry"] == "apigen generate --check"
    assert hooks["apigen-validate"]["files"] == r"^openapi\.yaml$"
    shipped = ROOT / ".pre-commit-hooks.yaml"  # apigen's own hook definitions, when present
    if shipped.is_file():
        ids = {hook["id"] for hook in yaml.safe_load(shipped.read_text("utf-8"))}
        assert set(hooks) <= ids, f"hook ids differ from {shipped.name}: {sorted(ids)}"


@pytest.mark.slow
def test_two_runs_make_identical_projects(pristine: Path, tmp_path: Path) -> None:
    again = create_project(tmp_path / "demo", name="demo", spec=None)
    first, second = tree(pristine), tree(again.dest)
    differ = sorted(p for p in first.keys() | second.keys() if first.get(p) != second.get(p))
    assert not differ, f"files that differ between two runs: {differ}"
    assert again.files == tuple(tree(pristine))


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "notes.txt").write_text("mine")
    line = _one_line_error(new("demo", cwd=tmp_path), 2)
    assert "not empty" in line
    assert [p.name for p in (tmp_path / "demo").iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo"]


@pytest.mark.parametrize(
    "name", ["", "-rf", "a b", "x/../y", "../up", 'pets";rm -rf ~;"', "ünïcode", "dot."]
)
def test_names_that_cannot_be_a_project_are_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="project name"):
        create_project(tmp_path / "p", name=name, spec=None, generate=False)
    assert list(tmp_path.iterdir()) == []


def test_bad_input_on_the_command_line(tmp_path: Path) -> None:
    assert "project name" in _one_line_error(new("a b", cwd=tmp_path), 2)
    missing = _one_line_error(new("p", "--spec", "missing.yaml", cwd=tmp_path), 2)
    assert "missing.yaml" in missing
    (tmp_path / "v9.yaml").write_text("openapi: 9.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    unsupported = _one_line_error(new("p", "--spec", "v9.yaml", cwd=tmp_path), 1)
    assert "v9.yaml" in unsupported and "unsupported-version" in unsupported
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v9.yaml"]


def test_package_names_come_from_the_naming_module() -> None:
    answers = project_answers("Pet-Shop.v2", "flask")
    assert (answers["package"], answers["client_package"]) == (
        "pet_shop_v2_service",
        "pet_shop_v2_client",
    )
    assert project_answers("2fa", "fastapi")["package"] == "n2fa_service"
    with pytest.raises(UsageError, match="framework"):
        project_answers("p", "django")


def test_a_given_spec_is_copied_as_it_is(tmp_path: Path) -> None:
    result = new("shop", "--spec", str(EXAMPLES / "petstore.yaml"), "--no-generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "shop"
    assert (project / "petstore.yaml").read_bytes() == (EXAMPLES / "petstore.yaml").read_bytes()
    assert not (project / "openapi.yaml").exists()
    settings = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    assert settings["tool"]["apigen"]["spec"] == "petstore.yaml"
    assert "SPEC := petstore.yaml\n" in (project / "Makefile").read_text("utf-8")
    hooks = yaml.safe_load((project / ".pre-commit-config.yaml").read_text("utf-8"))
    assert hooks["repos"][0]["hooks"][0]["files"] == r"^petstore\.yaml$"
    # Without generation there is nothing generated yet; `apigen generate` is the next step.
    assert not (project / "server").exists()
    assert "make generate" in result.stdout


def test_a_multi_file_spec_is_copied_as_one_bundled_file(tmp_path: Path) -> None:
    source = EXAMPLES / "multifile" / "openapi.yaml"
    result = new("orders", "--spec", str(source), "--no-generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "bundled" in result.stdout
    project = tmp_path / "orders"
    files = {p for p in tree(project) if p.endswith((".yaml", ".yml", ".json"))}
    assert "openapi.yaml" in files
    refs = list(_refs(yaml.safe_load((project / "openapi.yaml").read_text("utf-8"))))
    assert refs and all(ref.startswith("#/") for ref in refs), refs
    valid = apigen("validate", "openapi.yaml", cwd=project)
    assert valid.returncode == 0, valid.stdout + valid.stderr


def test_a_flask_project(tmp_path: Path) -> None:
    result = new("shop", "--framework", "flask", "--no-generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "shop"
    settings = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    assert settings["tool"]["apigen"]["server"] == "flask"
    assert "flask>=3.0" in settings["project"]["optional-dependencies"]["dev"]
    assert "-m flask --app $(PACKAGE).app run" in (project / "Makefile").read_text("utf-8")
    # Flask answers an invalid request with 400: the starter contract declares that status.
    spec = yaml.safe_load((project / "openapi.yaml").read_text("utf-8"))
    assert set(spec["paths"]["/items"]["post"]["responses"]) == {"201", "400", "401"}


def test_a_given_spec_named_like_the_starter_replaces_it(tmp_path: Path) -> None:
    given = tmp_path / "in" / "openapi.yaml"
    given.parent.mkdir()
    given.write_bytes((EXAMPLES / "swagger2.yaml").read_bytes())
    result = new("inv", "--spec", str(given), "--no-generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "inv"
    assert (project / "openapi.yaml").read_bytes() == given.read_bytes()
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text("utf-8"))
    assert answers["starter_contract"] is False
    assert "APIGEN_AUTH_API_KEY" not in (project / "Makefile").read_text("utf-8")


def test_a_spec_file_name_unfit_for_a_makefile_is_renamed(tmp_path: Path) -> None:
    given = tmp_path / "my api $(touch pwned).json"
    given.write_text('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}')
    result = new("odd", "--spec", str(given), "--no-generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "copied as openapi.json" in result.stdout
    project = tmp_path / "odd"
    assert (project / "openapi.json").read_bytes() == given.read_bytes()
    assert "SPEC := openapi.json\n" in (project / "Makefile").read_text("utf-8")


def test_warnings_name_the_contract_in_the_project(tmp_path: Path) -> None:
    """The project is generated in a temporary folder renamed at the end: warnings must name
    the contract where it ends up, not in that folder."""
    given = tmp_path / "odd.yaml"
    given.write_text(
        'openapi: 3.1.0\ninfo: {title: t, version: "1"}\nservers: {url: x}\npaths: {}\n'
    )
    result = new("odd", "--spec", str(given), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: odd/odd.yaml:3:1: " in result.stderr
    assert ".new/" not in result.stderr
