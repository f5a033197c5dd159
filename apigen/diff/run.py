"""Library entry points for diffing: two spec files in, IRs and changes out.

:func:`diff` is the plain pipeline (build both, compare); :func:`diff_sources`
is what the CLI runs: command-line arguments (files or ``git:REF:PATH``) in, a
:class:`~apigen.diff.report.DiffReport` out, with the config applied, lines
filled in when asked, and file names fit to show.  Nothing here prints.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from apigen import api
from apigen.diff.config import DiffConfig, FailOn, apply_config
from apigen.diff.engine import compare
from apigen.diff.model import Change
from apigen.diff.report import DiffReport
from apigen.diff.sources import SpecSource, open_source
from apigen.errors import Diagnostic, Severity, SpecError, UsageError
from apigen.ir.model import Api
from apigen.parallel import Deferred, in_child
from apigen.spec.resolve import RefPolicy, Spec

__all__ = ["DiffOutcome", "diff", "diff_sources"]


def diff(
    base_path: Path, revision_path: Path, policy: RefPolicy | None = None
) -> tuple[Api, Api, list[Change]]:
    """Build both specs and compare them; changes most severe first, ``line`` unset.

    Raises :class:`~apigen.errors.SpecError` when either spec cannot be used.
    """
    old = api.build(base_path, policy, locate=False).api
    new = api.build(revision_path, policy, locate=False).api
    return old, new, compare(old, new)


@dataclass(frozen=True)
class DiffOutcome:
    report: DiffReport
    #: one-line warnings for the user: expired ignores, specs with validation errors
    notes: list[str]
    #: how many changes the config's ignore list dropped
    ignored: int


def diff_sources(
    base: str,
    revision: str,
    *,
    policy: RefPolicy | None = None,
    config: DiffConfig | None = None,
    fail_on: FailOn | None = None,
    lines: bool = True,
    today: datetime.date | None = None,
) -> DiffOutcome:
    """Compare two command-line spec arguments (paths or ``git:REF:PATH``).

    Raises :class:`UsageError` (exit 2) when the comparison cannot be made: a
    missing file, a bad git ref, or a spec that cannot be built (its first
    blocking finding is named in the one-line message).
    """
    with _collector_paused():  # the specs and IRs are freed when the call below returns
        return _diff_sources(
            base, revision, policy or RefPolicy(), config or DiffConfig(), fail_on, lines, today
        )


def _diff_sources(
    base: str,
    revision: str,
    policy: RefPolicy,
    config: DiffConfig,
    fail_on: FailOn | None,
    lines: bool,
    today: datetime.date | None,
) -> DiffOutcome:
    whole_tree = policy.allow_outside
    notes: list[str] = []
    with (
        open_source(base, "base", whole_tree=whole_tree) as old_src,
        open_source(revision, "revision", whole_tree=whole_tree) as new_src,
    ):
        # The revision is read in a child process while the base is built here.
        with in_child(
            partial(api.load_checked, new_src.path, policy, locate=False),
            worth_it=_big(new_src.path),
        ) as new_checked:
            old = _build(old_src, "base", policy, notes)
            new = _build(new_src, "revision", policy, notes, new_checked)
        changes = compare(old, new, lines=lines)
        applied = apply_config(changes, config, today)
        kept = applied.changes
    kept = [_rename(c, old_src, new_src) for c in kept]
    report = DiffReport(
        old_src.name,
        new_src.name,
        kept,
        fail_on or config.fail_on or "breaking",
        frozenset(side for side, src in (("base", old_src), ("revision", new_src)) if src.from_git),
    )
    return DiffOutcome(report, notes + applied.notes, len(applied.ignored))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while two big specs are built and compared.

    Building allocates millions of objects that all live until the diff is done,
    and each full collection walks every one of them: on Stripe's pair that was
    a third of the run.  Nothing built here forms reference cycles, so reference
    counting still frees it all.  The collector is restored once the work's own
    frame is gone, so that its first collection meets only what the caller keeps.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: Reading a spec in a child process pays from about this size of its root file.
PARALLEL_FROM = 500_000


def _big(path: Path) -> bool:
    try:
        return path.stat().st_size >= PARALLEL_FROM
    except OSError:
        return False


def _build(
    source: SpecSource,
    role: str,
    policy: RefPolicy,
    notes: list[str],
    checked: Deferred[tuple[Spec, tuple[Diagnostic, ...]]] | None = None,
) -> Api:
    """Build one side; ``checked`` is its loaded and validated spec, when already under way."""
    try:
        if checked is None:
            result = api.build(source.path, policy, locate=False)
        else:
            result = api.build_checked(*checked.result())
        dangling = [d for d in result.diagnostics if d.code == "unresolved-ref"]
        if dangling:  # generators can type these as Any; a diff would hide changes behind them
            raise SpecError([result.spec.locate(d) for d in dangling])
    except SpecError as exc:
        first = _diagnostic_text(exc.diagnostics[0], source) if exc.diagnostics else "invalid spec"
        more = len(exc.diagnostics) - 1
        extra = f" (and {more} more; run `apigen validate`)" if more > 0 else ""
        raise UsageError(f"cannot use {role} spec {source.name}: {first}{extra}") from None
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if errors:
        notes.append(
            f"{role} spec {source.name} has {len(errors)} validation "
            f"error{'s' * (len(errors) != 1)} (compared anyway; see `apigen validate`)"
        )
    return result.api


def _diagnostic_text(diagnostic: Diagnostic, source: SpecSource) -> str:
    loc = diagnostic.location
    text = replace(diagnostic, location=replace(loc, file=source.display_file(loc.file)))
    return source.display_text(text.format_text())


def _rename(change: Change, old_src: SpecSource, new_src: SpecSource) -> Change:
    if change.file is None:
        return change
    source = old_src if change.side == "base" else new_src
    name = source.display_file(change.file)
    return change if name == change.file else replace(change, file=name)
