"""Reading one spec in a forked child: same results as the serial path, failures included."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import apigen.diff.run as diff_run
from apigen.diff.report import Format
from apigen.diff.run import diff_sources
from apigen.errors import UsageError
from apigen.parallel import can_fork, in_child

from .clirun import REPO, V1, V2

PARENT = os.getpid()

needs_fork = pytest.mark.skipif(not can_fork(), reason="fork is not used on this platform")


def _in_child() -> bool:
    return os.getpid() != PARENT


def _pid() -> int:
    return os.getpid()


def _fails_in_child() -> str:
    if _in_child():
        raise RuntimeError("only in the child")
    return "made by the parent"


def _crashes_in_child() -> str:
    if _in_child():
        os._exit(3)
    return "made by the parent"


def _unpicklable() -> object:
    return lambda: None  # a lambda does not pickle: the child cannot send it


@needs_fork
def test_the_call_runs_in_a_child() -> None:
    with in_child(_pid) as deferred:
        assert deferred.result() != os.getpid()


def test_without_a_child_the_parent_calls() -> None:
    with in_child(_pid, worth_it=False) as deferred:
        assert deferred.result() == os.getpid()


@needs_fork
@pytest.mark.parametrize("func", [_fails_in_child, _crashes_in_child])
def test_a_failing_child_is_replaced_by_the_parent(func: Callable[[], str]) -> None:
    with in_child(func) as deferred:
        assert deferred.result() == "made by the parent"


@needs_fork
def test_a_result_that_does_not_pickle_is_made_by_the_parent() -> None:
    with in_child(_unpicklable) as deferred:
        assert callable(deferred.result())


def _sleeps_in_child() -> int:
    if _in_child():
        time.sleep(60)
    return 0


@needs_fork
def test_a_child_never_asked_is_stopped_and_reaped() -> None:
    started = time.monotonic()
    with in_child(_sleeps_in_child) as deferred:
        pid = deferred._pid
        assert pid is not None
    assert time.monotonic() - started < 30  # not waited for
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _report(base: str, revision: str, fmt: Format) -> str:
    return diff_sources(base, revision).report.render(fmt)


@needs_fork
@pytest.mark.parametrize("fmt", ["json", "text", "markdown"])
def test_diff_in_parallel_equals_serial(fmt: Format, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    serial = _report(V1, V2, fmt)
    monkeypatch.setattr(diff_run, "PARALLEL_FROM", 0)
    assert _report(V1, V2, fmt) == serial


@needs_fork
@pytest.mark.parametrize("broken_side", ["base", "revision"])
def test_diff_in_parallel_reports_an_unusable_spec_as_serial(
    broken_side: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: [\n")
    good = str(REPO / V1)
    base, revision = (str(broken), good) if broken_side == "base" else (good, str(broken))
    with pytest.raises(UsageError) as serial:
        diff_sources(base, revision)
    monkeypatch.setattr(diff_run, "PARALLEL_FROM", 0)
    with pytest.raises(UsageError) as parallel:
        diff_sources(base, revision)
    assert str(parallel.value) == str(serial.value)
    assert broken_side in str(parallel.value)


@needs_fork
def test_children_reaped_by_the_system_still_count() -> None:
    """With SIGCHLD ignored the kernel reaps children itself: waitpid cannot tell a status."""
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        with in_child(_pid) as deferred:
            assert deferred.result() != os.getpid()
        with in_child(_crashes_in_child) as deferred:
            assert deferred.result() == "made by the parent"  # nothing sent: made here
    finally:
        signal.signal(signal.SIGCHLD, previous)
