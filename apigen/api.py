"""Library entry points; the CLI is a thin layer over these.

Each function runs the pipeline stages it needs and returns plain results:
nothing here prints or exits, so the same calls serve tests and other tools.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from apigen.config import GenerateOptions
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
from apigen.render.models import many_models
from apigen.render.write import Patch, Plan, write_tree
from apigen.spec.resolve import RefPolicy, Spec, load_spec
from apigen.spec.validate import validate as validate_spec

__all__ = [
    "BuildResult",
    "GenerateAllResult",
    "GenerateResult",
    "PartResult",
    "ServerResult",
    "ValidationReport",
    "build",
    "build_checked",
    "generate_all",
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

    Validation and normalisation both only read the loaded spec, so on a big one
    validation runs in a forked child meanwhile (GitHub's: ~0.4 s of ~2 s hidden).
    Should normalising fail, the validation's blocking findings are what is reported:
    they explain the failure, as the serial order would have.
    """
    spec = load_spec(path, policy)
    with in_child(lambda: _findings(spec, locate), worth_it=len(spec.refs) >= 2000) as checking:
        try:
            api, warnings = normalise(spec)
        except Exception:
            _raise_blocking(checking.result())
            raise
        findings = checking.result()
    _raise_blocking(findings)
    return BuildResult(spec, api, findings + _unsaid(warnings, findings))


def _unsaid(warnings: list[Diagnostic], findings: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """The IR's warnings, less those at a place validation already reported: a ``style``
    the location forbids is one fault, said once (by the validator, as ``apigen validate``
    says it), not again as what the IR made of it."""
    said = {(d.location.file, d.location.pointer) for d in findings}
    return tuple(w for w in warnings if (w.location.file, w.location.pointer) not in said)


def load_checked(
    path: Path, policy: RefPolicy | None = None, *, locate: bool = True
) -> tuple[Spec, tuple[Diagnostic, ...]]:
    """Load, resolve and validate (no IR yet): :func:`build_checked` makes the IR.

    Raises :class:`SpecError` on blocking findings.  Its result pickles cheaply,
    which lets ``apigen diff`` read one spec in a child process.
    """
    spec = load_spec(path, policy)
    findings = _findings(spec, locate)
    _raise_blocking(findings)
    return spec, findings


def _findings(spec: Spec, locate: bool) -> tuple[Diagnostic, ...]:
    """Every validation finding; blocking ones always located (they are shown as errors)."""
    findings = validate_spec(spec, locate=locate)
    if not locate:
        findings = [spec.locate(d) if d.blocking else d for d in findings]
    return tuple(findings)


def _raise_blocking(findings: tuple[Diagnostic, ...]) -> None:
    blocking = [d for d in findings if d.blocking]
    if blocking:
        raise SpecError(blocking)


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


@dataclass
class _Rendered:
    """One generated part, rendered and formatted in memory, not yet written."""

    out_dir: Path
    files: dict[str, str]
    package: str
    warnings: tuple[Diagnostic, ...] = ()
    once: dict[str, str] = field(default_factory=dict)
    patches: dict[str, Patch] = field(default_factory=dict)
    orphans: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def write(self, *, force: bool, dry_run: bool) -> Plan:
        """The only disk access of a generator; ``dry_run`` plans without writing."""
        try:
            return write_tree(
                self.out_dir,
                self.files,
                self.once,
                force=force,
                dry_run=dry_run,
                patches=self.patches,
            )
        except OSError as exc:
            raise ApigenError(f"cannot write {self.out_dir}: {exc.strerror or exc}") from None

    def result(self, plan: Plan, built: BuildResult) -> ServerResult:
        warnings = built.diagnostics + self.warnings
        return ServerResult(plan, warnings, self.package, self.orphans, self.notes)


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
    rendered = _render_client(built, out_dir, package, project_name, package_version, formatter)
    plan = rendered.write(force=force, dry_run=dry_run)
    return GenerateResult(plan, built.diagnostics + rendered.warnings, rendered.package)


def _render_client(
    built: BuildResult,
    out_dir: Path,
    package: str | None,
    project_name: str | None,
    package_version: str,
    formatter: Formatter,
) -> _Rendered:
    name = package or default_package_name(built.api)
    if not name.isidentifier():
        raise UsageError(f"--package-name {name!r} is not a Python identifier")
    options = ClientOptions(name, project_name or name.replace("_", "-"), package_version)
    files, typing_warnings = _client_files(built.api, options, formatter)
    located = tuple(built.spec.locate(d) for d in typing_warnings)
    return _Rendered(out_dir, files, name, located)


def _client_files(
    api: Api, options: ClientOptions, formatter: Formatter
) -> tuple[dict[str, str], list[Diagnostic]]:
    """The formatted client, as :func:`render_client` and a formatter pass would make it.

    On a big spec the models are rendered in a forked child while this process renders and
    formats the rest (``in_child`` falls back to rendering them here).  Files already in the
    formatter's layout skip it (:func:`preformatted`).
    """
    package = options.package
    with in_child(
        lambda: render_client_models(api, package), worth_it=many_models(api)
    ) as models_job:
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
    built = build(path, policy)
    plan = _render_tests(built, out_dir, formatter).write(force=force, dry_run=dry_run)
    return GenerateResult(plan, built.diagnostics, "")


def _render_tests(built: BuildResult, out_dir: Path, formatter: Formatter) -> _Rendered:
    from apigen.render.tests import render_suite

    return _Rendered(out_dir, format_tree(render_suite(built.spec, built.api), formatter), "")


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

    server.framework_of(framework)  # an unknown framework fails before any work
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} is not a folder")
    built = build(path, policy)
    rendered = _render_server(built, out_dir, framework, package, project_name, mock, formatter)
    return rendered.result(rendered.write(force=force, dry_run=dry_run), built)


def _render_server(
    built: BuildResult,
    out_dir: Path,
    framework: str,
    package: str | None,
    project_name: str | None,
    mock: bool,
    formatter: Formatter,
) -> _Rendered:
    from apigen.render import server
    from apigen.render.handlers import plan_handlers, previous_interface
    from apigen.render.scaffold import render_scaffold
    from apigen.render.write import MANIFEST
    from apigen.spec.bundle import bundle_json

    name = package or server.default_package_name(built.api)
    if not (name.isidentifier() and name.isascii()) or keyword.iskeyword(name):
        raise UsageError(f"--package-name {name!r} is not a Python identifier")
    project = project_name or name.replace("_", "-")
    options = server.ServerOptions(name, project, server.framework_of(framework), mock)
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
    return _Rendered(
        out_dir,
        {**render.generated, **render.verbatim},
        name,
        tuple(built.spec.locate(d) for d in typing_warnings),
        once,
        dict(handlers.patches),
        tuple(o.message() for o in handlers.orphans),
        tuple(handlers.notes),
    )


@dataclass(frozen=True)
class PartResult:
    """One part of ``apigen generate``: ``name`` is "server", "client" or "contract tests"."""

    name: str
    out_dir: Path
    plan: Plan
    package: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class GenerateAllResult:
    """What ``apigen generate`` did: one entry per part, and every warning once."""

    parts: tuple[PartResult, ...]
    warnings: tuple[Diagnostic, ...]
    api: Api  # the model the parts were made from, for callers that go on (apigen demo)

    @property
    def changed(self) -> bool:
        return any(part.plan.changed for part in self.parts)


Progress = Callable[[str], None]


def generate_all(
    options: GenerateOptions,
    *,
    force: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> GenerateAllResult:
    """Server, client and contract tests from one load, one validation and one IR.

    Every part is rendered in memory and planned before anything is written, so a
    refusal (a foreign folder, a bad package name) leaves every folder untouched.
    ``progress`` is told the name of each step as it starts.
    """
    step = progress or (lambda _name: None)
    step("load, validate and build the model")
    built = build(options.spec, options.policy)
    rendered = _render_parts(built, options, step)
    for _name, part in rendered:  # refusals surface here, before any write
        part.write(force=force, dry_run=True)
    step("write" if not dry_run else "plan")
    parts = tuple(
        PartResult(
            name,
            part.out_dir,
            part.write(force=force, dry_run=dry_run),
            part.package,
            part.orphans + part.notes,
        )
        for name, part in rendered
    )
    warnings = built.diagnostics + tuple(w for _n, part in rendered for w in part.warnings)
    return GenerateAllResult(parts, _unique(warnings), built.api)


def _render_parts(
    built: BuildResult, options: GenerateOptions, step: Progress
) -> list[tuple[str, _Rendered]]:
    """Each part in memory, in the fixed order server, client, contract tests.

    On a big contract the client (the largest part) renders in a forked child while this
    process renders the server and the tests: on two cores that hides most of its time.
    """
    big = options.client and many_models(built.api)

    def client() -> _Rendered:
        return _render_client(
            built, options.client_dir, options.client_package_name, None, "0.1.0",
            options.formatter,
        )  # fmt: skip

    rendered: list[tuple[str, _Rendered]] = []
    with in_child(client, worth_it=big) as client_job:
        if options.server != "none":
            step(f"render the {options.server} server")
            server = _render_server(
                built, options.server_dir, options.server, options.package_name, None,
                options.mock, options.formatter,
            )  # fmt: skip
            rendered.append(("server", server))
        if options.tests:
            step("render the contract tests")
            tests = _render_tests(built, options.tests_dir, options.formatter)
        if options.client:
            step("render the client")
            rendered.append(("client", client_job.result()))
        if options.tests:
            rendered.append(("contract tests", tests))
    return rendered


def _unique(diagnostics: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """Each finding once, in first-seen order (the parts share the spec's own findings)."""
    seen: set[str] = set()
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        key = diagnostic.format_text()
        if key not in seen:
            seen.add(key)
            kept.append(diagnostic)
    return tuple(kept)
