"""The server scaffold: the once-files copier renders from templates/fastapi and templates/flask.

Everything here runs the real copier on the real templates.  The files are the developer's
from the first generation on, so they must be right the first time: importable, type-clean,
free of spec text in Python, deterministic, and updatable with ``copier update``.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from apigen.errors import ApigenError, UsageError
from apigen.ir.naming import snake_name
from apigen.render import scaffold
from apigen.render.scaffold import Framework, render_scaffold, template_version
from apigen.render.templates import templates_dir

FRAMEWORKS: tuple[Framework, ...] = ("fastapi", "flask")
REPO_ROOT = Path(__file__).resolve().parents[2]

# What the developer owns from the first generation on (besides the answers file).
OWNED = {
    ".copier-answers.yml",
    ".dockerignore",
    ".gitignore",
    "Dockerfile",
    "README.md",
    "pyproject.toml",
    "pets/__init__.py",
    "pets/app.py",
    "pets/handlers/__init__.py",
    "pets/security.py",
}
# Files that have no reason to differ between the frameworks.
SHARED = (
    ".copier-answers.yml",
    ".dockerignore",
    ".gitignore",
    "pets/__init__.py",
    "pets/handlers/__init__.py",
    "pets/security.py",
)


def _render(framework: Framework, **overrides: Any) -> dict[str, str]:
    args: dict[str, Any] = {
        "package": "pets",
        "project_name": "pets-service",
        "title": "Pet Store",
        "description": "Pets for everyone.",
        "version": "1.2.0",
    }
    args.update(overrides)
    return render_scaffold(framework, **args)


@pytest.fixture(scope="module", params=FRAMEWORKS)
def rendered(request: pytest.FixtureRequest) -> tuple[Framework, dict[str, str]]:
    framework: Framework = request.param
    return framework, _render(framework)


def _write(files: dict[str, str], root: Path) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    return root


# --------------------------------------------------------------------------- the files


def test_files_per_framework(rendered: tuple[Framework, dict[str, str]]) -> None:
    _, files = rendered
    assert set(files) == OWNED
    assert not any(rel.endswith(".jinja") for rel in files)


def test_owned_files_identical_across_frameworks() -> None:
    fastapi, flask = _render("fastapi"), _render("flask")
    for rel in SHARED:
        if rel == ".copier-answers.yml":
            continue  # differs only in _src_path, checked below
        assert fastapi[rel] == flask[rel], rel
    src = {
        fw: yaml.safe_load(files[".copier-answers.yml"])["_src_path"]
        for fw, files in (("fastapi", fastapi), ("flask", flask))
    }
    assert src == {"fastapi": "~/.apigen/templates/fastapi", "flask": "~/.apigen/templates/flask"}


def test_deterministic_and_machine_independent() -> None:
    for framework in FRAMEWORKS:
        first, second = _render(framework), _render(framework)
        assert first == second
        blob = "\n".join(first.values())
        for local in (str(REPO_ROOT), str(templates_dir()), str(Path.home()), "/tmp"):
            assert local not in blob, f"{framework}: output mentions {local}"


def test_answers_file_records_template_and_answers(
    rendered: tuple[Framework, dict[str, str]],
) -> None:
    framework, files = rendered
    answers = yaml.safe_load(files[".copier-answers.yml"])
    assert answers == {
        "_commit": template_version(framework),
        "_src_path": f"~/.apigen/templates/{framework}",
        "api_version": "1.2.0",
        "description": "Pets for everyone.",
        "package": "pets",
        "port": 8000,
        "project_name": "pets-service",
        "python_version": "3.12",
        "title": "Pet Store",
    }
    assert template_version(framework).startswith("v")
    custom = _render(framework, template_src="gh:acme/apigen-template")
    assert yaml.safe_load(custom[".copier-answers.yml"])["_src_path"] == "gh:acme/apigen-template"


def test_pyproject(rendered: tuple[Framework, dict[str, str]]) -> None:
    framework, files = rendered
    doc = tomllib.loads(files["pyproject.toml"])
    project = doc["project"]
    assert project["name"] == "pets-service"
    assert project["description"] == "Service for the API Pet Store"
    deps = {_requirement_name(d): d for d in project["dependencies"]}
    wanted = {
        "fastapi": {
            "fastapi",
            "uvicorn[standard]",
            "python-multipart",
            "pydantic",
            "typing-extensions",
        },
        "flask": {"flask", "gunicorn", "pydantic", "typing-extensions"},
    }[framework]
    assert set(deps) == wanted
    assert deps["pydantic"] == "pydantic>=2.11"
    dev = {_requirement_name(d) for d in project["optional-dependencies"]["dev"]}
    assert dev == {"pytest", "httpx", "mypy"}
    assert doc["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["pets"]


def _requirement_name(requirement: str) -> str:
    for i, char in enumerate(requirement):
        if char in "<>=!~ ;":
            return requirement[:i]
    return requirement


def test_readme_tells_how_to_run_and_where_code_goes(
    rendered: tuple[Framework, dict[str, str]],
) -> None:
    framework, files = rendered
    readme = files["README.md"]
    run = {
        "fastapi": ["uvicorn pets.app:app --reload", "uvicorn pets.app:app --host 0.0.0.0"],
        "flask": [
            "flask --app pets.app run",
            "gunicorn --bind 0.0.0.0:8000 --workers 4 pets.app:app",
        ],
    }[framework]
    for needle in [
        *run,
        'pip install -e ".[dev]"',
        "APIGEN_MOCK=1",
        f"apigen generate server path/to/openapi.yaml --framework {framework} -o . "
        "--package-name pets",
        "`pets/handlers/<tag>.py`",
        "`pets/security.py`",
        "`pets/_generated/`",
        "**do not edit**",
        f"python -m apigen.render.scaffold export {framework}",
        "copier update --defaults",
        f"~/.apigen/templates/{framework}",
    ]:
        assert needle in readme, needle
    assert readme.count("```") % 2 == 0


def test_dockerfile_sanity(rendered: tuple[Framework, dict[str, str]]) -> None:
    framework, files = rendered
    instructions = _dockerfile_instructions(files["Dockerfile"])
    verbs = [verb for verb, _ in instructions]
    assert verbs[0] == "FROM" and instructions[0][1] == "python:3.12-slim"
    user = [arg for verb, arg in instructions if verb == "USER"]
    assert user and user[-1] not in {"root", "0"} and not user[-1].startswith("0:")
    # The install runs before the switch to the unprivileged user; the server after it.
    assert verbs.index("RUN") < verbs.index("USER") < verbs.index("CMD")
    assert verbs[-1] == "CMD"
    cmd = json.loads(instructions[-1][1])
    assert "pets.app:app" in cmd
    if framework == "fastapi":
        assert cmd[:2] == ["uvicorn", "pets.app:app"]
        assert cmd[cmd.index("--host") + 1] == "0.0.0.0" and cmd[cmd.index("--port") + 1] == "8000"
    else:
        assert cmd[0] == "gunicorn" and cmd[cmd.index("--bind") + 1] == "0.0.0.0:8000"
    assert ("EXPOSE", "8000") in instructions
    assert any(verb == "COPY" and "pets/" in arg for verb, arg in instructions)
    ignored = files[".dockerignore"].splitlines()
    assert {".git", ".venv"} <= set(ignored)
    assert "_generated" not in files[".gitignore"].replace("<package>/_generated/", "")


def _dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for line in text.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.rstrip("\\").strip() + " "
        if not line.endswith("\\"):
            verb, _, args = pending.strip().partition(" ")
            out.append((verb.upper(), args.strip()))
            pending = ""
    assert not pending, "dangling line continuation"
    return out


# --------------------------------------------------------------------------- Python files


@pytest.fixture()
def project(tmp_path: Path) -> Iterator[Path]:
    """A folder on sys.path; modules imported from it are forgotten afterwards."""
    before = set(sys.modules)
    sys.path.insert(0, str(tmp_path))
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        for name in set(sys.modules) - before:
            if name == "pets" or name.startswith("pets."):
                del sys.modules[name]


def _with_runtime_and_app(files: dict[str, str], root: Path, framework: Framework) -> None:
    """The scaffold plus the parts the generator adds: the runtime and a minimal create_app."""
    _write(files, root)
    shutil.copytree(templates_dir() / "server" / "runtime", root / "pets/_generated/_runtime")
    (root / "pets/_generated/__init__.py").write_text("")
    framework_app = {
        "fastapi": "from fastapi import FastAPI\n\n\ndef create_app() -> FastAPI:\n"
        "    return FastAPI()\n",
        "flask": "from flask import Flask\n\n\ndef create_app() -> Flask:\n"
        "    return Flask(__name__)\n",
    }[framework]
    (root / "pets/_generated/app.py").write_text(framework_app)


def test_entry_point_and_security_import(
    rendered: tuple[Framework, dict[str, str]], project: Path
) -> None:
    framework, files = rendered
    _with_runtime_and_app(files, project, framework)
    import pets.app
    import pets.security
    from pets._generated._runtime.security import Principal, SecurityHooks

    expected = {"fastapi": "FastAPI", "flask": "Flask"}[framework]
    assert type(pets.app.app).__name__ == expected
    assert type(pets.app.create_app()).__name__ == expected
    assert pets.app.__all__ == ["app", "create_app"]

    hooks = pets.security.Security()
    assert isinstance(hooks, SecurityHooks)
    assert hooks.api_key(_scheme(), "secret") is None
    assert hooks.basic(_scheme(), "user", "password") is None
    assert hooks.bearer(_scheme(), "token") is None
    assert hooks.has_scopes(Principal("u", frozenset({"a"})), ("a",))
    assert not hooks.has_scopes(Principal("u", frozenset({"a"})), ("a", "b"))
    # The runtime's mock mode accepts credentials for hooks the developer has not written,
    # which it recognises by identity: the scaffold must leave them inherited.
    for hook in ("api_key", "basic", "bearer", "has_scopes"):
        assert getattr(pets.security.Security, hook) is getattr(SecurityHooks, hook)


def _scheme() -> Any:
    from pets._generated._runtime.spec import SchemeSpec

    return SchemeSpec("auth", "apiKey", location="header", wire_name="X-Key")


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_owned_python_passes_mypy_strict(framework: Framework, tmp_path: Path) -> None:
    _with_runtime_and_app(_render(framework), tmp_path, framework)
    owned = [rel for rel in OWNED if rel.endswith(".py")]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--follow-imports=silent",  # report on the scaffold, not on the runtime copy
            "--no-incremental",
            "--cache-dir=/dev/null",
            *owned,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --------------------------------------------------------------------------- hostile input

HOSTILE = [
    pytest.param(
        "Pets \"API\" 'v2' \"\"\" ''' \\ \\n \\x00", "quotes and backslashes", id="quotes"
    ),
    pytest.param(
        "Pets {{ 7*7 }} {% raw %} {# c #}", "{{ config }} {%- if 1 %}x{% endif %}", id="jinja"
    ),
    pytest.param(
        "Pets\nimport os\r\nos.system('x')",
        '"""\nimport os\nos.system("rm -rf /")\n"""\n```\n## Run\nnot a section\n```',
        id="newlines",
    ),
    pytest.param(
        '"]\n[tool.evil]\nx = 1\ndescription = "',
        "key: value\n- item\n&a *a !!python/object:os.system\n---\n...",
        id="toml-yaml",
    ),
    pytest.param(
        "Haustiere 宠物 🐾 \u2028\u2029 \x7f \ud800 \u202e",
        "<script>alert(1)</script>\n\n<!-- open comment\n| a | b |",
        id="unicode-html",
    ),
]


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(("title", "description"), HOSTILE)
def test_hostile_prose_stays_prose(framework: Framework, title: str, description: str) -> None:
    files = _render(framework, title=title, description=description, version=title)
    clean_title = scaffold._one_line(title)
    clean_description = scaffold._prose(description)

    for rel, text in files.items():
        if rel.endswith(".py"):
            compile(text, rel, "exec")
            ast.parse(text)
            # Spec prose never reaches Python source, not even docstrings.
            assert "Pets" not in text and "Haustiere" not in text, rel
    doc = tomllib.loads(files["pyproject.toml"])
    assert doc["project"]["description"] == f"Service for the API {clean_title}"
    assert set(doc) == {"build-system", "project", "tool"}
    assert set(doc["tool"]) == {"hatch", "mypy"}

    answers = yaml.safe_load(files[".copier-answers.yml"])
    assert answers["title"] == clean_title
    assert answers["description"] == clean_description
    assert answers["api_version"] == clean_title

    readme = files["README.md"].splitlines()
    heading = clean_title.replace("&", "&amp;").replace("<", "&lt;")
    assert readme[0] == f"# {heading}"
    quoted = [line for line in readme if line.startswith(">")]
    assert [q[2:] if q.startswith("> ") else q[1:] for q in quoted] == [
        line if line.strip() else "" for line in clean_description.splitlines()
    ]
    # The description is contained in its block quote: the README's own sections survive.
    assert readme.count("## Install") == 1 and readme.count("## Run") == 1
    outside = [line for line in readme if not line.startswith(">")]
    assert sum(line.startswith("```") for line in outside) % 2 == 0
    assert "{{ 7*7 }}" not in title or "{{ 7*7 }}" in files["README.md"]
    assert "49" not in files["README.md"]
    for rel in ("Dockerfile", ".gitignore", ".dockerignore"):
        assert clean_title not in files[rel]


def test_prose_cleaning() -> None:
    assert scaffold._prose(" a\r\nb\rc\x00d\ud800e\u2028f\t ") == "a\nb\nc\ufffdd\ufffde\u2028f"
    assert scaffold._one_line("a \n\t b\u2028c") == "a b c"


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("raw", ["Ü-Pets API!", "class", "2FA service", "宠物"])
def test_sanitised_package_names_render(raw: str) -> None:
    package = snake_name(raw)
    files = _render("fastapi", package=package)
    assert f"{package}/app.py" in files
    assert f"from {package}._generated.app import create_app" in files[f"{package}/app.py"]
    assert tomllib.loads(files["pyproject.toml"])["tool"]["hatch"]["build"]["targets"]["wheel"][
        "packages"
    ] == [package]


@pytest.mark.parametrize(
    "overrides",
    [
        {"package": "pets-api"},
        {"package": "class"},
        {"package": "1pets"},
        {"package": "../evil"},
        {"package": "pets\nimport os"},
        {"package": "p{{x}}"},
        {"package": "宠物"},
        {"package": ""},
        {"project_name": "pets service"},
        {"project_name": "-pets"},
        {"project_name": 'pets"\n[x]'},
        {"python_version": "3.12; rm"},
        {"port": 0},
        {"port": 70000},
    ],
)
def test_unsafe_names_refused(overrides: dict[str, Any]) -> None:
    with pytest.raises(UsageError) as info:
        _render("fastapi", **overrides)
    assert "\n" not in str(info.value.format_message())


def test_unknown_framework() -> None:
    with pytest.raises(UsageError, match="unknown framework"):
        render_scaffold(
            "django",  # type: ignore[arg-type]
            package="pets",
            project_name="pets",
            title="t",
            description=None,
            version="1",
        )


def test_copier_validators_back_up_the_checks() -> None:
    """Even past apigen's own checks, the template refuses a non-identifier package."""
    data = {"package": "not valid", "title": "t", "template_src": "x", "template_ref": "v0"}
    with pytest.raises(ApigenError, match="package") as info:
        scaffold._run_copier(scaffold.template_path("fastapi"), data)
    assert "\n" not in info.value.format_message()


# --------------------------------------------------------------------------- purity


def test_generated_folders_are_never_copied(tmp_path: Path) -> None:
    template = tmp_path / "fastapi"
    shutil.copytree(scaffold.template_path("fastapi"), template)
    for stray in (
        "generated/app.py.jinja",
        "project/generated/x.py",
        "project/pets/__pycache__/a.pyc",
    ):
        (template / stray).parent.mkdir(parents=True, exist_ok=True)
        (template / stray).write_text("stray")
    data = {"package": "pets", "template_src": "x", "template_ref": "v0"}
    files = scaffold._run_copier(template, data)
    assert not [rel for rel in files if "generated" in rel or "__pycache__" in rel]
    assert "README.md" in files and "copier.yml" not in files


def test_nothing_written_outside_a_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp, cwd = tmp_path / "temp", tmp_path / "cwd"
    temp.mkdir()
    cwd.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    monkeypatch.chdir(cwd)
    _render("flask")
    assert list(temp.iterdir()) == [] and list(cwd.iterdir()) == []


def test_renders_from_the_installed_layout(tmp_path: Path) -> None:
    """A wheel puts the templates inside the package (apigen/templates): same output."""
    site = tmp_path / "site"
    shutil.copytree(
        REPO_ROOT / "apigen", site / "apigen", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(REPO_ROOT / "templates", site / "apigen" / "templates")
    probe = (
        "import json, apigen.render.scaffold as s, apigen.render.templates as t\n"
        "print(json.dumps([str(t.templates_dir()), s.render_scaffold('flask', package='pets',"
        " project_name='pets-service', title='Pet Store', description='Pets for everyone.',"
        " version='1.2.0')]))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,  # not the checkout, whose apigen/ would win
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    where, files = json.loads(proc.stdout)
    assert Path(where) == site / "apigen" / "templates"
    assert files == _render("flask")


# --------------------------------------------------------------------------- copier update

_GIT_ENV = {
    "GIT_AUTHOR_NAME": "dev",
    "GIT_AUTHOR_EMAIL": "dev@example.com",
    "GIT_COMMITTER_NAME": "dev",
    "GIT_COMMITTER_EMAIL": "dev@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{argv}: {proc.stdout}{proc.stderr}"
    return proc.stdout


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
@pytest.mark.slow
def test_copier_update_merges_a_new_template_version_and_keeps_edits(tmp_path: Path) -> None:
    """The README's recipe, step by step, with HOME in a temporary folder (offline)."""
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, **_GIT_ENV, "HOME": str(home)}
    env.pop("COPIER_SETTINGS_PATH", None)
    # Keep a template repository, as the README says, before upgrading apigen.
    out = _run([sys.executable, "-m", "apigen.render.scaffold", "export", "fastapi"], tmp_path, env)
    repo = home / ".apigen/templates/fastapi"
    assert out.strip() == f"{repo}: apigen fastapi template {template_version('fastapi')}"

    project = _write(_render("fastapi"), tmp_path / "project")
    git = ["git", "-C", str(project)]
    _run([*git, "init", "-q"], tmp_path, env)
    _run([*git, "add", "-A"], tmp_path, env)
    _run([*git, "commit", "-qm", "generated"], tmp_path, env)
    readme, security = project / "README.md", project / "pets/security.py"
    readme.write_text(readme.read_text() + "\nOur deployment notes.\n")
    security.write_text(security.read_text() + "\nTOKENS = {'t': 'ops'}\n")
    _run([*git, "commit", "-qam", "our edits"], tmp_path, env)

    # A later apigen ships template v9.0.0 with a new Dockerfile line; its export adds it.
    _new_template_version(repo, env)

    _run([sys.executable, "-m", "copier", "update", "--defaults", "--quiet"], project, env)
    assert "# template v9" in (project / "Dockerfile").read_text()
    assert readme.read_text().endswith("\nOur deployment notes.\n")
    assert "v9.0.0" in readme.read_text()
    assert security.read_text().endswith("\nTOKENS = {'t': 'ops'}\n")
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v9.0.0"
    assert answers["_src_path"] == "~/.apigen/templates/fastapi"
    assert answers["title"] == "Pet Store"
    status = _run([*git, "status", "--porcelain"], tmp_path, env)
    assert not any(line.startswith(("UU", "AA")) for line in status.splitlines())
    assert "<<<<<<<" not in "".join(
        p.read_text() for p in project.rglob("*") if p.is_file() and ".git" not in p.parts
    )


def _new_template_version(repo: Path, env: dict[str, str]) -> None:
    dockerfile = repo / "project/Dockerfile.jinja"
    dockerfile.write_text(dockerfile.read_text().replace("FROM ", "# template v9\nFROM ", 1))
    config = repo / "copier.yml"
    current = template_version("fastapi")
    config.write_text(config.read_text().replace(f'"{current}"', '"v9.0.0"'))
    _run(["git", "-C", str(repo), "commit", "-qam", "v9"], repo, env)
    _run(["git", "-C", str(repo), "tag", "v9.0.0"], repo, env)


@needs_git
def test_export_is_idempotent_and_refuses_a_changed_version(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    tag = scaffold.export_template("flask", repo)
    assert tag == template_version("flask")
    assert (repo / "copier.yml").is_file() and (repo / "project/Dockerfile.jinja").is_file()
    assert not (repo / "README.md").exists() and not (repo / "generated").exists()
    head = _run(["git", "-C", str(repo), "rev-parse", "HEAD"], tmp_path, dict(os.environ))
    assert scaffold.export_template("flask", repo) == tag
    assert _run(["git", "-C", str(repo), "rev-parse", "HEAD"], tmp_path, dict(os.environ)) == head
    # Someone changed the template without bumping its version: refused, with one line.
    env = {**os.environ, **_GIT_ENV}
    (repo / "project/.gitignore").write_text("changed\n")
    _run(["git", "-C", str(repo), "commit", "-qam", "changed"], tmp_path, env)
    _run(["git", "-C", str(repo), "tag", "-f", tag], tmp_path, env)
    with pytest.raises(ApigenError, match="bump template_ref") as info:
        scaffold.export_template("flask", repo)
    assert "\n" not in info.value.format_message()


def test_export_command_reports_errors_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert scaffold.main(["export", "flask", str(blocker / "repo")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


# --------------------------------------------------------------------------- copier without copier


def _copier_data(framework: Framework, title: str, description: str | None) -> dict[str, Any]:
    data = scaffold._answers("pets", "pets-service", title, description, "2.0", "3.12", 8000)
    data["template_src"] = scaffold.DEFAULT_TEMPLATE_SRC.format(framework=framework)
    data["template_ref"] = template_version(framework)
    return data


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(
    ("title", "description"), [pytest.param("Pet Store", None, id="plain"), *HOSTILE]
)
def test_the_plain_rendering_is_what_copier_makes(
    framework: Framework, title: str, description: str
) -> None:
    """render_scaffold renders the template itself (copier costs ~0.8 s); copier is the oracle."""
    source = scaffold.template_path(framework)
    plain = scaffold._render_plain(source, _copier_data(framework, title, description))
    assert plain is not None
    by_copier = scaffold._run_copier(source, _copier_data(framework, title, description))
    assert list(plain.items()) == list(by_copier.items())


def test_the_plain_rendering_leaves_other_templates_to_copier(tmp_path: Path) -> None:
    template = tmp_path / "fastapi"
    shutil.copytree(scaffold.template_path("fastapi"), template)
    for stray in ("project/generated/x.py", "project/{{ package }}/__pycache__/a.pyc"):
        (template / stray).parent.mkdir(parents=True, exist_ok=True)
        (template / stray).write_text("stray")
    data = _copier_data("fastapi", "t", None)
    plain = scaffold._render_plain(template, dict(data))
    assert plain is not None and "pets/app.py" in plain
    assert not [rel for rel in plain if "generated" in rel or "__pycache__" in rel]
    assert scaffold._render_plain(template, {**data, "package": "not valid"}) is None
    config = template / "copier.yml"
    config.write_text(config.read_text() + "\n_tasks:\n  - echo hi\n")
    assert scaffold._render_plain(template, dict(data)) is None
