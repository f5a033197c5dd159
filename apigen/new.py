"""``apigen new NAME``: a contract-first service project, ready to run and to test.

The project is the copier template ``templates/new`` (the contract, ``pyproject.toml`` with
``[tool.apigen]``, a Makefile, pre-commit hooks, a GitHub Actions workflow, a README),
rendered with answers checked here, followed by ``apigen generate``, which writes
``server/``, ``client/`` and ``contract-tests/`` as the project's own settings say.
Generating through the project's ``[tool.apigen]`` proves the settings the developer will
use are the ones that made the code.

Nothing is half-written: the project is made in a temporary folder beside ``dest`` and
renamed into place only when everything succeeded, so a bad spec or a failing generator
leaves no trace.  The result is deterministic: two runs with the same arguments give
byte-identical trees (no dates, no local paths; the answers file names apigen's stable
template location, as :mod:`apigen.render.scaffold` does for the server scaffold).

``copier update`` brings later template versions into a project; it reads them from a git
repository of the template, which :func:`export_template` keeps (``python -m apigen.new
export``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from apigen.errors import ApigenError, Diagnostic, UsageError
from apigen.ir.naming import snake_name
from apigen.render.templates import templates_dir

if TYPE_CHECKING:
    from apigen.spec.resolve import Spec

__all__ = [
    "DEFAULT_TEMPLATE_SRC",
    "Framework",
    "NewResult",
    "create_project",
    "export_template",
    "project_answers",
    "template_path",
    "template_version",
]

Framework = Literal["fastapi", "flask"]
#: Where ``copier update`` looks for the template; copier expands the ``~`` on each machine.
DEFAULT_TEMPLATE_SRC = "~/.apigen/templates/new"
STARTER_SPEC = "openapi.yaml"

_PROJECT_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?\Z")
# A contract file name that can be written into a Makefile, TOML and YAML unquoted.
_SPEC_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.(yaml|yml|json)\Z")


@dataclass(frozen=True)
class NewResult:
    """The project made: where, its files (POSIX paths, sorted), what to do next."""

    dest: Path
    files: tuple[str, ...]
    next_steps: tuple[str, ...]
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class _Contract:
    """The contract the project starts from, as it will be written into the project."""

    name: str
    content: bytes
    notes: tuple[str, ...] = ()


def template_path() -> Path:
    """The copier template of ``apigen new``, installed or in a checkout."""
    return templates_dir() / "new"


def template_version() -> str:
    """The template's version tag (``template_ref`` in its ``copier.yml``), e.g. ``v0.1.0``."""
    import yaml

    config = yaml.safe_load((template_path() / "copier.yml").read_text("utf-8"))
    ref = config["template_ref"]["default"]
    if not isinstance(ref, str):
        raise ApigenError("new/copier.yml: template_ref has no default version")
    return ref


def project_answers(name: str, framework: str, spec: str | None = None) -> dict[str, Any]:
    """The copier answers of a project, every one checked (bad input is refused, not fixed).

    ``spec`` is the file name of a given contract; without one the project gets the starter
    contract.  The package names come from :func:`apigen.ir.naming.snake_name`, the only
    maker of identifiers: ``pet-shop`` gives ``pet_shop_service`` and ``pet_shop_client``.
    """
    if not _PROJECT_NAME.match(name):
        raise UsageError(
            f"project name {name!r} is not valid: use letters, digits, '.', '_' and '-', "
            "starting and ending with a letter or digit"
        )
    if framework not in get_args(Framework):
        raise UsageError(f"unknown framework {framework!r} (expected fastapi or flask)")
    if spec is not None and not _SPEC_NAME.match(spec):
        raise UsageError(f"contract file name {spec!r} is not a plain .yaml/.yml/.json name")
    stem = snake_name(name).rstrip("_")
    return {
        "name": name,
        "framework": framework,
        "spec": spec or STARTER_SPEC,
        "starter_contract": spec is None,
        "package": f"{stem}_service",
        "client_package": f"{stem}_client",
        "python_version": "3.12",
        "port": 8000,
    }


def create_project(
    dest: Path,
    *,
    name: str,
    spec: Path | None,
    framework: str = "fastapi",
    generate: bool = True,
) -> NewResult:
    """Make the project ``name`` in ``dest`` (absent or empty), from ``spec`` or the starter.

    ``spec`` is copied under its own file name (a multi-file spec as one bundled file);
    ``generate=False`` leaves out ``apigen generate`` (the template only).
    """
    contract = _read_contract(spec) if spec is not None else None
    answers = project_answers(name, framework, contract.name if contract else None)
    _check_dest(dest)
    work = _work_folder(dest)
    try:
        _render(work, answers)
        if contract is not None:
            (work / contract.name).write_bytes(contract.content)
        warnings = _relocated(_generate(work), work, dest) if generate else ()
        _move_into_place(work, dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    notes = contract.notes if contract else ()
    return NewResult(dest, _listing(dest), (*notes, *_next_steps(dest, generate)), warnings)


def _work_folder(dest: Path) -> Path:
    """A new folder beside ``dest`` (same file system, so the final rename is atomic)."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".new", dir=dest.parent))
        mask = os.umask(0o022)
        os.umask(mask)
        work.chmod(0o777 & ~mask)  # mkdtemp's folder is private; the project is not
    except OSError as exc:
        raise ApigenError(f"cannot create {dest}: {exc.strerror or exc}") from None
    return work


def _check_dest(dest: Path) -> None:
    if dest.is_symlink():
        raise UsageError(f"{dest} is a symbolic link: choose a new folder (--directory)")
    if dest.is_dir():
        if any(dest.iterdir()):
            raise UsageError(f"{dest} is not empty: choose a new folder (--directory)")
    elif dest.exists():
        raise UsageError(f"{dest} exists and is not a folder")


def _read_contract(spec: Path) -> _Contract:
    """The given contract as one file: the file itself, or a multi-file spec bundled.

    It is loaded and checked first (with the default ``$ref`` sandbox), so a spec that
    cannot be generated from fails before anything is made, with messages naming the user's
    file.  A name that cannot be written plainly into the Makefile and the TOML/YAML files
    becomes ``openapi.yaml``/``openapi.json``, with a note.
    """
    from apigen.api import load_checked

    if not spec.is_file():
        raise UsageError(f"{spec}: no such file")
    loaded, _ = load_checked(spec)
    name, notes = spec.name, []
    if not _SPEC_NAME.match(name):
        name = "openapi.json" if loaded.root.format == "json" else STARTER_SPEC
        notes.append(f"note: {spec.name} is copied as {name} (a plain name for the Makefile)")
    if len(loaded.documents) == 1:
        return _Contract(name, spec.read_bytes(), tuple(notes))
    notes.append(
        f"note: {spec.name} refers to {len(loaded.documents) - 1} other file(s): it is copied "
        f"as one bundled file, {name}"
    )
    return _Contract(name, _bundled_text(loaded, name).encode("utf-8"), tuple(notes))


def _bundled_text(spec: Spec, name: str) -> str:
    """A multi-file spec as one document, in the format its file name says."""
    from apigen.spec.bundle import bundle

    tree = bundle(spec)
    if name.endswith(".json"):
        return json.dumps(tree, indent=2, ensure_ascii=False, default=str) + "\n"
    import yaml

    return str(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=100))


def _render(target: Path, answers: dict[str, Any]) -> None:
    """Run copier on the template into ``target``: nothing executes, every answer is given."""
    import copier  # about 0.3 s to import: only when a project is made
    from copier.errors import CopierError

    data = {
        **answers,
        "template_src": DEFAULT_TEMPLATE_SRC,
        "template_ref": template_version(),
    }
    try:
        copier.run_copy(
            str(template_path()),
            target,
            data=data,
            vcs_ref=None,
            defaults=True,
            overwrite=True,
            quiet=True,
            unsafe=False,
            skip_tasks=True,
            cleanup_on_error=False,
        )
    except (ValueError, OSError, CopierError) as exc:
        text = str(exc).strip()
        raise ApigenError(f"new: {text.splitlines()[0] if text else type(exc).__name__}") from None


def _generate(root: Path) -> tuple[Diagnostic, ...]:
    """``apigen generate`` in the new project: its own ``[tool.apigen]`` says what and where."""
    from apigen.api import generate_all
    from apigen.config import load_generate_options

    options = load_generate_options({}, config=root / "pyproject.toml")
    return generate_all(options).warnings


def _relocated(warnings: tuple[Diagnostic, ...], work: Path, dest: Path) -> tuple[Diagnostic, ...]:
    """The warnings with files in the work folder named where they will be: the work
    folder is renamed to ``dest``, so its own name would point nowhere."""

    def moved(file: str) -> str:
        try:
            return str(dest / Path(file).absolute().relative_to(work.absolute()))
        except ValueError:
            return file

    return tuple(
        replace(d, location=replace(d.location, file=moved(d.location.file))) for d in warnings
    )


def _move_into_place(work: Path, dest: Path) -> None:
    """Rename the finished project to ``dest`` (an empty ``dest`` is replaced)."""
    try:
        if dest.is_dir():
            dest.rmdir()  # checked empty; fails (and we clean up) if something appeared since
        os.replace(work, dest)
    except OSError as exc:
        raise ApigenError(f"cannot create {dest}: {exc.strerror or exc}") from None


def _listing(root: Path) -> tuple[str, ...]:
    return tuple(sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()))


def _next_steps(dest: Path, generated: bool) -> tuple[str, ...]:
    steps = [f"cd {dest}", "make install    # .venv with the tools (see README.md for apigen)"]
    if not generated:
        steps.append("make generate   # server/, client/ and contract-tests/")
    steps += [
        "make test       # the contract tests against the service, started on 127.0.0.1",
        "make run        # the service (MOCK=1: unimplemented operations answer from the contract)",
    ]
    return tuple(steps)


def export_template(repo: Path | None = None) -> str:
    """Add the installed template's version to a git repository of it; return the tag.

    ``copier update`` re-renders the version a project was made from and the new one, both
    read as tags of this repository (``~/.apigen/templates/new`` unless told otherwise).
    """
    from apigen.render.scaffold import export_template_folder

    repo = (repo or Path(DEFAULT_TEMPLATE_SRC)).expanduser()
    tag = template_version()
    return export_template_folder(
        template_path(), repo, tag=tag, message=f"apigen new template {tag}"
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m apigen.new export [REPO]``: one line out, no traceback."""
    parser = argparse.ArgumentParser(
        prog="python -m apigen.new",
        description="Keep a git repository of apigen's project template for `copier update`.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="add the installed template version")
    export.add_argument("repo", nargs="?", type=Path, help=f"default: {DEFAULT_TEMPLATE_SRC}")
    args = parser.parse_args(argv)
    try:
        tag = export_template(args.repo)
    except ApigenError as exc:
        print(f"error: {exc.format_message()}", file=sys.stderr)
        return exc.exit_code
    print(f"{args.repo or DEFAULT_TEMPLATE_SRC}: apigen new template {tag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
