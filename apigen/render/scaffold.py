"""The server project's scaffold: the files the developer owns, rendered once with copier.

``templates/fastapi`` and ``templates/flask`` are copier templates (``copier.yml`` plus
``project/``).  :func:`render_scaffold` hands back ``{relative path: text}``, so the caller
writes the scaffold with the same manifest-guarded writer as everything else (as ``once``
files) and dry runs stay pure.  A first copy is plain templating, which
:func:`_render_plain` does itself (copier's start-up is most of its cost); a template using
copier features it does not reproduce is rendered by copier into a temporary folder.  Tests
hold the two to the same output.

Spec text is untrusted.  Names reach copier only after :mod:`apigen.ir.naming` made them and
are checked again here; prose (title, description, API version) is cleaned of control
characters and lone surrogates, and the templates write it only into TOML/YAML strings and
Markdown, never into Python files.  The templates run nothing (no tasks, no extensions), and
copier runs with ``unsafe=False`` and every answer given, so user settings change nothing.

The answers file (``.copier-answers.yml``) is byte-identical across runs and machines: instead
of the local path of the installed template, ``_src_path`` names a git repository of apigen's
template (``~/.apigen/templates/<framework>`` unless the caller gives another) and ``_commit``
the template's version tag.  :func:`export_template` fills that repository with the installed
template, one tagged commit per template version, which is what ``copier update`` needs to
merge a newer template into a project (it re-renders the old version to find the developer's
edits).  ``python -m apigen.render.scaffold export fastapi`` runs it.
"""

from __future__ import annotations

import argparse
import keyword
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any, Literal, get_args

from apigen.errors import ApigenError, UsageError
from apigen.render.templates import templates_dir

__all__ = [
    "ANSWERS_FILE",
    "DEFAULT_TEMPLATE_SRC",
    "Framework",
    "default_repository",
    "export_template",
    "export_template_folder",
    "render_scaffold",
    "template_path",
    "template_version",
]

Framework = Literal["fastapi", "flask"]
ANSWERS_FILE = ".copier-answers.yml"
#: Where ``copier update`` looks for the template (``_src_path``) unless the caller says
#: otherwise; copier expands the ``~``, so the recorded text is the same on every machine.
DEFAULT_TEMPLATE_SRC = "~/.apigen/templates/{framework}"

_PROJECT_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?\Z")
_PYTHON_VERSION = re.compile(r"3\.[0-9]+\Z")
# What a template repository holds: copier's configuration and the files it renders.
_TEMPLATE_PARTS = ("copier.yml", "project")


def template_path(framework: Framework) -> Path:
    """The copier template folder of one framework, installed or in a checkout."""
    if framework not in get_args(Framework):
        raise UsageError(f"unknown framework {framework!r} (expected fastapi or flask)")
    return templates_dir() / framework


def render_scaffold(
    framework: Framework,
    *,
    package: str,
    project_name: str,
    title: str,
    description: str | None,
    version: str,
    python_version: str = "3.12",
    port: int = 8000,
    template_src: str | None = None,
) -> dict[str, str]:
    """The scaffold of a ``framework`` service project as ``{relative path: text}``.

    ``package`` must already be a sanitised identifier (``apigen.ir.naming.snake_name``) and
    ``project_name`` a distribution name; ``title``, ``description`` and ``version`` (the API
    contract's) are spec prose.  ``template_src`` overrides the ``_src_path`` recorded for
    ``copier update`` (a team's shared template repository, say).  Nothing is written outside
    a temporary folder, and the result is identical for identical arguments.
    """
    source = template_path(framework)
    data = _answers(package, project_name, title, description, version, python_version, port)
    # Passed even at their defaults, so a user's copier settings cannot change them.
    src = template_src or DEFAULT_TEMPLATE_SRC.format(framework=framework)
    data["template_src"] = _one_line(src)
    data["template_ref"] = template_version(framework)
    plain = _render_plain(source, data)
    return plain if plain is not None else _run_copier(source, data)


def _answers(
    package: str,
    project_name: str,
    title: str,
    description: str | None,
    version: str,
    python_version: str,
    port: int,
) -> dict[str, Any]:
    """The copier answers, each checked or cleaned; bad names are refused, not repaired."""
    if not package.isidentifier() or keyword.iskeyword(package) or not package.isascii():
        raise UsageError(f"package name {package!r} is not a Python identifier")
    if not _PROJECT_NAME.match(project_name):
        raise UsageError(f"project name {project_name!r} is not a valid distribution name")
    if not _PYTHON_VERSION.match(python_version):
        raise UsageError(f"python version {python_version!r} is not of the form 3.N")
    if isinstance(port, bool) or not 0 < port < 65536:
        raise UsageError(f"port {port!r} is not a TCP port")
    return {
        "package": package,
        "project_name": project_name,
        "title": _one_line(title) or package,
        "description": _prose(description or ""),
        "api_version": _one_line(version),
        "python_version": python_version,
        "port": port,
    }


def _prose(text: str) -> str:
    """Spec text made printable: line ends unified, controls and lone surrogates replaced.

    What is left is ordinary Unicode that TOML, YAML and Markdown can all carry; escaping for
    each format is the templates' job.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        "\ufffd" if unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t" else c for c in text
    ).strip()


def _one_line(text: str) -> str:
    """Prose for one line (a title, a version): every run of whitespace becomes a space."""
    return " ".join(_prose(text).split())


def _run_copier(source: Path, data: dict[str, Any]) -> dict[str, str]:
    """Render ``source`` with copier into a temporary folder and read the result back."""
    import copier  # about 0.3 s to import: only when a scaffold is made
    from copier.errors import CopierError

    with tempfile.TemporaryDirectory(prefix="apigen-scaffold-") as tmp:
        target = Path(tmp) / "project"
        try:
            copier.run_copy(
                str(source),
                target,
                data=data,
                vcs_ref=None,
                defaults=True,
                quiet=True,
                unsafe=False,
                skip_tasks=True,
                cleanup_on_error=False,
            )
        except (ValueError, OSError, CopierError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ApigenError(f"scaffold {source.name}: {first}") from None
        return _read_tree(target)


# ------------------------------------------------------------------ copier's copy, without copier

#: The copier settings :func:`_render_plain` reproduces; a template using any other falls back
#: to copier itself.
_PLAIN_SETTINGS = frozenset(
    {"_min_copier_version", "_subdirectory", "_answers_file", "_templates_suffix", "_exclude"}
)


def _render_plain(source: Path, data: dict[str, Any]) -> dict[str, str] | None:
    """What ``copier copy`` makes of ``source`` with ``data``, rendered here with Jinja.

    A first copy is plain templating: copier's import and machinery cost about 0.8 s of a
    generation, a third of it on a 4,000-type contract.  This does what copier does for the
    features apigen's templates use (answers from ``data`` checked by the questions'
    validators, ``.jinja`` files and templated path parts rendered in a sandbox with the
    same filters and settings, ``_exclude`` name patterns, the ``_copier_answers`` and
    ``_copier_conf.answers_file`` variables) and returns None for anything else, so copier
    handles it.  Tests check both give the same files.
    """
    import jinja2.sandbox
    import yaml

    config = yaml.safe_load((source / "copier.yml").read_text("utf-8"))
    if not isinstance(config, dict) or not set(filter(_is_setting, config)) <= _PLAIN_SETTINGS:
        return None
    questions = {k: v for k, v in config.items() if not _is_setting(k)}
    if set(questions) != set(data) or not all(_plain_question(q) for q in questions.values()):
        return None
    excluded = config.get("_exclude", [])
    if not isinstance(excluded, list) or any(_rich_pattern(p) for p in excluded):
        return None
    env = jinja2.sandbox.SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(source)),
        extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
        keep_trailing_newline=True,
    )
    try:
        return _plain_tree(env, source, config, questions, data, excluded)
    except jinja2.TemplateError:
        return None


def _is_setting(key: object) -> bool:
    return isinstance(key, str) and key.startswith("_")


def _plain_question(question: object) -> bool:
    return isinstance(question, dict) and question.get("when", True) in (True, False)


def _rich_pattern(pattern: object) -> bool:
    """A gitignore pattern beyond a bare name glob (``!``, slashes, ``**``)."""
    return not isinstance(pattern, str) or pattern.startswith("!") or "/" in pattern


def _plain_tree(
    env: Any,
    source: Path,
    config: dict[str, Any],
    questions: dict[str, Any],
    data: dict[str, Any],
    excluded: list[str],
) -> dict[str, str] | None:
    import fnmatch

    for question in questions.values():
        validator = question.get("validator")
        if validator and env.from_string(str(validator)).render(**data).strip():
            return None  # copier words the refusal
    answers_file = str(config.get("_answers_file", ".copier-answers.yml"))
    remembered = {"_src_path": str(source)}
    remembered.update((k, data[k]) for k, q in questions.items() if q.get("when", True))
    context = {
        **data,
        "_copier_answers": remembered,
        "_copier_conf": {"answers_file": answers_file},
    }
    suffix = str(config.get("_templates_suffix", ".jinja"))
    root = source / str(config.get("_subdirectory", ""))
    files: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        relative = path.relative_to(root)
        parts = [env.from_string(part).render(**context) for part in relative.parts]
        if not all(parts) or any(p == ".." or "/" in p for p in parts):
            return None
        templated = suffix and parts[-1].endswith(suffix)
        if templated:
            parts[-1] = parts[-1][: -len(suffix)]
        if any(fnmatch.fnmatchcase(part, p) for part in parts for p in excluded):
            continue
        if templated:
            text = env.get_template(path.relative_to(source).as_posix()).render(**context)
        else:
            text = path.read_bytes().decode("utf-8")
        files["/".join(parts)] = text
    return dict(sorted(files.items(), key=lambda item: Path(item[0])))


def _read_tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` as text, keyed by its POSIX path relative to ``root``."""
    files: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                files[path.relative_to(root).as_posix()] = handle.read()
    return files


def template_version(framework: Framework) -> str:
    """The template's version tag (``template_ref`` in its ``copier.yml``), e.g. ``v0.1.0``."""
    import yaml

    config = yaml.safe_load((template_path(framework) / "copier.yml").read_text("utf-8"))
    ref = config["template_ref"]["default"]
    if not isinstance(ref, str):
        raise ApigenError(f"{framework}/copier.yml: template_ref has no default version")
    return ref


def default_repository(framework: Framework) -> Path:
    """Where :func:`export_template` keeps the template unless told otherwise."""
    return Path(DEFAULT_TEMPLATE_SRC.format(framework=framework)).expanduser()


def export_template(framework: Framework, repo: Path | None = None) -> str:
    """Add the installed template's version to a git repository of it; return the version tag.

    ``copier update`` needs both the template version a project was made from and the new one,
    as tags of one git repository.  Each call commits the installed template and tags it with
    its version; exporting a version already tagged with the same content changes nothing,
    and with different content is refused (the template changed without a version bump).
    """
    repo = (repo or default_repository(framework)).expanduser()
    tag = template_version(framework)
    message = f"apigen {framework} template {tag}"
    return export_template_folder(template_path(framework), repo, tag=tag, message=message)


def export_template_folder(source: Path, repo: Path, *, tag: str, message: str) -> str:
    """Commit the copier template folder ``source`` to the git repository ``repo`` as ``tag``.

    Every template ``copier update`` reads from a git repository (the server scaffolds,
    ``apigen new``'s): a version already tagged with the same content changes nothing, one
    with other content is refused.
    """
    try:
        if not (repo / ".git").exists():
            repo.mkdir(parents=True, exist_ok=True)
            _git(repo, "init", "-q")
        _replace_tree(source, repo)
    except OSError as exc:
        raise ApigenError(f"{repo}: {exc.strerror or exc}") from None
    _git(repo, "add", "-A")
    if _git_ok(repo, "rev-parse", "-q", "--verify", f"refs/tags/{tag}"):
        if not _git_ok(repo, "diff", "--cached", "--quiet", tag):
            raise ApigenError(
                f"{repo}: template {tag} is already exported with other content; "
                f"bump template_ref in {source / 'copier.yml'}"
            )
        if _git_ok(repo, "rev-parse", "-q", "--verify", "HEAD"):
            _git(repo, "reset", "-q", "--hard", "HEAD")
        return tag
    _git(repo, "commit", "-q", "--allow-empty", "-m", message)
    _git(repo, "tag", tag)
    return tag


def _replace_tree(source: Path, repo: Path) -> None:
    """Make the repository's work tree exactly the template's copier parts."""
    for entry in repo.iterdir():
        if entry.name == ".git":
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    ignore = shutil.ignore_patterns("__pycache__", "*.py[co]")
    for part in _TEMPLATE_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, repo / part, ignore=ignore)
        else:
            shutil.copy2(source / part, repo / part)


_GIT_ENV = {
    "GIT_AUTHOR_NAME": "apigen",
    "GIT_AUTHOR_EMAIL": "apigen@localhost",
    "GIT_COMMITTER_NAME": "apigen",
    "GIT_COMMITTER_EMAIL": "apigen@localhost",
}


def _git_run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), *args],
            env={**os.environ, **_GIT_ENV},
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise ApigenError(f"cannot run git: {exc.strerror or exc}") from None


def _git(repo: Path, *args: str) -> None:
    proc = _git_run(repo, *args)
    if proc.returncode != 0:
        message = (proc.stderr.strip() or proc.stdout.strip()).splitlines()
        raise ApigenError(f"git {args[0]} in {repo}: {message[0] if message else 'failed'}")


def _git_ok(repo: Path, *args: str) -> bool:
    return _git_run(repo, *args).returncode == 0


def main(argv: list[str] | None = None) -> int:
    """``python -m apigen.render.scaffold export FRAMEWORK [REPO]``: one line out, no traceback."""
    parser = argparse.ArgumentParser(
        prog="python -m apigen.render.scaffold",
        description="Keep a git repository of apigen's server template for `copier update`.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="add the installed template version")
    export.add_argument("framework", choices=get_args(Framework))
    export.add_argument("repo", nargs="?", type=Path, help="default: ~/.apigen/templates/FRAMEWORK")
    args = parser.parse_args(argv)
    try:
        tag = export_template(args.framework, args.repo)
    except ApigenError as exc:
        print(f"error: {exc.format_message()}", file=sys.stderr)
        return exc.exit_code
    where = args.repo or default_repository(args.framework)
    print(f"{where}: apigen {args.framework} template {tag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
