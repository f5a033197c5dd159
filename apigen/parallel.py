"""Run one step in a forked child while the parent goes on with another.

A diff builds two specs.  Loading, resolving and validating one is independent
of the other, and their result (plain trees and a few records) pickles in a
few hundredths of a second, so the revision is read in a child process while
the parent builds the base: on a 2-core machine that hides most of one side's
loading time.  The IR itself is not sent back: rebuilding it from a pickle
costs more than normalising again.

The child is only an optimisation.  Whenever it cannot be used (no ``fork``
on the platform, threads running, a small input) or it fails in any way (an
exception, a crash, a result that does not unpickle), the parent calls the
function itself, so results and error messages are exactly the serial ones.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Deferred", "in_child"]

T = TypeVar("T")


class Deferred(Generic[T]):
    """A call that runs in a child process (or later, in the parent); :meth:`result` gets it.

    Use it as a context manager: leaving the block reaps a child whose result
    was never asked for (when the parent stops early on an error).
    """

    def __init__(self, func: Callable[[], T], pid: int | None, fd: int | None) -> None:
        self._func = func
        self._pid = pid
        self._fd = fd

    def result(self) -> T:
        """The child's result; the parent's own call if the child gave none."""
        payload = self._collect()
        if payload:
            try:
                value: T = pickle.loads(payload)
            except Exception:  # any unpickling trouble: compute it here
                pass
            else:
                return value
        return self._func()

    def _collect(self) -> bytes:
        if self._fd is None or self._pid is None:
            return b""
        fd, pid = self._fd, self._pid
        self._fd = self._pid = None
        try:
            with os.fdopen(fd, "rb") as pipe:
                payload = pipe.read()
        finally:
            ok = _reap(pid)
        return payload if ok else b""

    def __enter__(self) -> Deferred[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None and self._pid is not None:  # never collected: stop the child
            os.close(self._fd)
            self._fd = None
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            _reap(self._pid)
            self._pid = None


def _reap(pid: int) -> bool:
    """Wait for the child; True when it exited cleanly (or cannot be told: see below)."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # already reaped (SIGCHLD ignored): only the pickle can tell
        return True
    return os.waitstatus_to_exitcode(status) == 0


def can_fork() -> bool:
    """Forking is safe here: Linux (macOS frameworks do not survive it), one thread."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def in_child(func: Callable[[], T], *, worth_it: bool = True) -> Deferred[T]:
    """Start ``func`` in a forked child when ``worth_it`` and forking is safe.

    ``func``'s result must pickle.  Otherwise (or if the fork itself fails) the
    call is deferred and made in the parent by :meth:`Deferred.result`.
    """
    if not worth_it or not can_fork():
        return Deferred(func, None, None)
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return Deferred(func, None, None)
    if pid == 0:  # pragma: no cover - the child; its work is checked through the parent
        _run_child(func, read_fd, write_fd)
    os.close(write_fd)
    return Deferred(func, pid, read_fd)


def _run_child(func: Callable[[], object], read_fd: int, write_fd: int) -> None:
    """Compute, send the pickle, and leave without running the parent's exit handlers."""
    code = 1
    try:
        os.close(read_fd)
        payload = pickle.dumps(func(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
        code = 0
    except BaseException:  # the parent redoes the work and reports errors
        pass
    finally:
        os._exit(code)
