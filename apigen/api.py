"""Library entry points; the CLI is a thin layer over these.

Each function runs the pipeline stages it needs and returns plain results:
nothing here prints or exits, so the same calls serve tests and other tools.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field
from pathlib import Path

from apigen.errors import ApigenError, Diagnostic, Severity, SpecError, UsageError
from apigen.ir.model import Api
from apigen.ir.normalise import normalise
from apigen.parallel import in_child
from apigen.render.client import (
    ClientOptions,
    default_package_name,
    preformatted,
    render_client_code,
    render_client_models,
)
from apigen.render.format import Formatter, format_tree
from apigen.render.write import Plan, write_tree
from apigen.spec.resolve import RefPolicy, Spec, load_spec
from apigen.spec.validate import validate as validate_spec

__all__ = [
    "BuildResult",
    "GenerateResult",
    "ServerResult",
    "ValidationReport",
    "build",
    "build_checked",
    "generate_client",
    "generate_server",
    "generate_tests",
    "load_checked",
    "validate",
]


@dataclass(frozen=True)
class ValidationReport:
    """What ``apigen validate`` reports: every finding, errors and warnings apart."""

    file: str
    version: str | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.WARNING)

    @property
    def blocking(self) -> tuple[Diagnostic, ...]:
        """Findings that make generation impossible."""
        return tuple(d for d in self.diagnostics if d.blocking)

    def is_valid(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)


def validate(path: Path, policy: RefPolicy | None = None) -> ValidationReport:
    """Load, resolve and validate a spec; never raises for problems in the document."""
    try:
        spec = load_spec(path, policy)
    except SpecError as exc:
        return ValidationReport(_name(exc, path), None, tuple(exc.diagnostics))
    return ValidationReport(spec.root.name, spec.version, tuple(validate_spec(spec)))


@dataclass(frozen=True)
class BuildResult:
    """The IR with everything said on the way (validation findings and typing warnings)."""

    spec: Spec
    api: Api
    diagnostics: tuple[Diagnostic, ...] = field(default=())


def build(path: Path, policy: RefPolicy | None = None, *, locate: bool = True) -> BuildResult:
    """Load, validate and normalise; raises :class:`SpecError` on blocking findings.

    Non-blocking errors (a spec that is not strictly valid but can be
    generated from) come back as diagnostics for the caller to show as warnings.
    ``locate=False`` leaves their lines unset (cheaper, for callers that only count).
    """
    return build_checked(*load_checked(path, policy, locate=locate))


def load_checked(
    path: Path, policy: RefPolicy | None = None, *, locate: bool = True
) -> tuple[Spec, tuple[Diagnostic, ...]]:
    """The first half of :func:`build`: load, resolve and validate (no IR yet).

    Raises :class:`SpecError` on blocking findings.  Its result pickles cheaply,
    which lets ``apigen diff`` read one spec in a child process.
    """
    spec = load_spec(path, policy)
    findings = validate_spec(spec, locate=locate)
    if not locate:
        findings = [spec.locate(d) if d.blocking else d for d in findings]
    blocking = [d for d in findings if d.blocking]
    if blocking:
        raise SpecError(blocking)
    return spec, tuple(findings)


def build_checked(spec: Spec, findings: tuple[Diagnostic, ...]) -> BuildResult:
    """The second half of :func:`build`: normalise a spec :func:`load_checked` returned."""
    api, warnings = normalise(spec)
    return BuildResult(spec, api, findings + tuple(warnings))


def _name(exc: SpecError, path: Path) -> str:
    return exc.diagnostics[0].location.file if exc.diagnostics else str(path)


@dataclass(frozen=True)
class GenerateResult:
    """What a generator did (or, with ``check``/``dry_run``, would do), and what it noticed."""

    plan: Plan
    warnings: tuple[Diagnostic, ...]
    package: str


def generate_client(
    path: Path,
    out_dir: Path,
    *,
    package: str | None = None,
    project_name: str | None = None,
    package_version: str = "0.1.0",
    formatter: Formatter = "ruff",
    policy: RefPolicy | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> GenerateResult:
    """Render the client in memory, format it, then write it (the only disk access).

    Non-blocking spec errors come back as warnings: generation from specs that are
    not strictly valid works, as users of every peer generator expect.
    """
    built = build(path, policy)
    name = package or default_package_name(built.api)
    if not name.isidentifier():
        raise UsageError(f"--package-name {name!r} is not a Python identifier")
    options = ClientOptions(name, project_name or name.replace("_", "-"), package_version)
    files, typing_warnings = _client_files(built.api, options, formatter)
    plan = write_tree(out_dir, files, force=force, dry_run=dry_run)
    located = tuple(built.spec.locate(d) for d in typing_warnings)
    return GenerateResult(plan, built.diagnostics + located, name)


def _client_files(
    api: Api, options: ClientOptions, formatter: Formatter
) -> tuple[dict[str, str], list[Diagnostic]]:
    """The formatted client, as :func:`render_client` and a formatter pass would make it.

    On a big spec the models are rendered in a forked child while this process renders and
    formats the rest (``in_child`` falls back to rendering them here).  Files already in the
    formatter's layout skip it (:func:`preformatted`).
    """
    package = options.package
    big = len(api.models) + len(api.enums) + len(api.aliases) >= 1000
    with in_child(lambda: render_client_models(api, package), worth_it=big) as models_job:
        code_warnings: list[Diagnostic] = []
        code = render_client_code(api, options, code_warnings)
        files = format_tree(code, formatter, done=preformatted(code, package, formatter))
        models, model_warnings = models_job.result()
    files.update(format_tree(models, formatter, done=preformatted(models, package, formatter)))
    return files, model_warnings + code_warnings


def generate_tests(
    path: Path,
    out_dir: Path,
    *,
    formatter: Formatter = "ruff",
    policy: RefPolicy | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> GenerateResult:
    """Render the pytest contract suite in memory, format it, then write it (or plan it)."""
    from apigen.render.tests import render_suite

    built = build(path, policy)
    files = format_tree(render_suite(built.spec, built.api), formatter)
    plan = write_tree(out_dir, files, force=force, dry_run=dry_run)
    return GenerateResult(plan, built.diagnostics, "")


@dataclass(frozen=True)
class ServerResult:
    """What ``generate server`` did (or would do), and what the developer should look at.

    ``orphans``: handler methods whose operation left the contract (``file:line: ...``);
    ``notes``: handler modules that could not be patched, and why.
    """

    plan: Plan
    warnings: tuple[Diagnostic, ...]
    package: str
    orphans: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def generate_server(
    path: Path,
    out_dir: Path,
    *,
    framework: str,
    package: str | None = None,
    project_name: str | None = None,
    mock: bool = False,
    formatter: Formatter = "ruff",
    policy: RefPolicy | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> ServerResult:
    """Generate (or plan, with ``dry_run``) a FastAPI or Flask service project.

    ``_generated/`` is rewritten; the scaffold is made on the first run only; handler
    modules are created when missing and otherwise only get stubs for new operations.
    """
    from apigen.render import server
    from apigen.render.handlers import plan_handlers, previous_interface
    from apigen.render.scaffold import render_scaffold
    from apigen.render.write import MANIFEST
    from apigen.spec.bundle import bundle_json

    chosen = server.framework_of(framework)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} is not a folder")
    built = build(path, policy)
    name = package or server.default_package_name(built.api)
    if not (name.isidentifier() and name.isascii()) or keyword.iskeyword(name):
        raise UsageError(f"--package-name {name!r} is not a Python identifier")
    project = project_name or name.replace("_", "-")
    options = server.ServerOptions(name, project, chosen, mock)
    typing_warnings: list[Diagnostic] = []
    render = server.render_server(built.api, bundle_json(built.spec), options, typing_warnings)
    if not (out_dir / MANIFEST).is_file():  # the scaffold is the developer's after the first run
        render.scaffold = render_scaffold(
            options.framework,
            package=name,
            project_name=project,
            title=built.api.title,
            description=built.api.description,
            version=built.api.version,
        )
    server.apply_formatting(render, lambda files: format_tree(files, formatter))
    once = dict(render.scaffold)
    interface = out_dir / name / "_generated" / "interface.py"
    previous = previous_interface(
        interface.read_text(encoding="utf-8", errors="replace") if interface.is_file() else None
    )
    handlers = plan_handlers(out_dir, name, render.handlers, previous)
    once.update(handlers.create)
    try:
        plan = write_tree(
            out_dir,
            {**render.generated, **render.verbatim},
            once,
            force=force,
            dry_run=dry_run,
            patches=handlers.patches,
        )
    except OSError as exc:
        raise ApigenError(f"cannot write {out_dir}: {exc.strerror or exc}") from None
    located = tuple(built.spec.locate(d) for d in typing_warnings)
    return ServerResult(
        plan,
        built.diagnostics + located,
        name,
        tuple(o.message() for o in handlers.orphans),
        tuple(handlers.notes),
    )
