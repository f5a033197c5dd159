"""Measuring one command, and what a generator left behind, for ``run.py``.

Stdlib only.  Kept apart from ``run.py`` so that the case list there stays readable.

Wall time is measured around the child; peak memory is the kernel's ``ru_maxrss`` from
``os.wait4``.  On Linux that is the largest resident set of the child and of every descendant
it waited for (the JVM under openapi-generator's Python wrapper, ruff under a generator's
formatting hook): the peak of the biggest process in the tree, not the sum of processes that
ran at the same time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Stands for a fresh output folder in a generator's argv: a path that does not exist yet,
#: inside a new temporary directory, different for every run.
OUT = "{out}"

#: The base URL every probed client is constructed with (nothing is ever sent to it).
PROBE_URL = "http://127.0.0.1:9"

#: Imports one module in a fresh interpreter and evaluates one expression on it, timing both.
#: argv: root folder, module name, expression (``m`` is the module, ``URL`` the base URL),
#: base URL.  Prints one JSON object: the seconds, and the value's type (or the number).
PROBE = """\
import importlib, json, sys, time
root, module, expr, url = sys.argv[1:5]
sys.path.insert(0, root)
start = time.perf_counter()
m = importlib.import_module(module)
value = eval(expr, {"m": m, "URL": url})
seconds = time.perf_counter() - start
detail = str(value) if isinstance(value, int) else type(value).__name__
print(json.dumps({"seconds": seconds, "detail": detail}))
"""


@dataclass
class Run:
    seconds: float
    peak_kb: int
    exit_code: int
    completed: bool = True  # exit code accepted and, where required, stdout was JSON


@dataclass
class Measured:
    """The runs of one command; ``problem`` says why the last failed run failed."""

    argv: list[str]
    runs: list[Run] = field(default_factory=list)
    problem: str = ""

    @property
    def median_s(self) -> float:
        return statistics.median(r.seconds for r in self.runs) if self.runs else 0.0

    @property
    def peak_mb(self) -> float:
        return max((r.peak_kb for r in self.runs), default=0) / 1024

    @property
    def exit_codes(self) -> list[int]:
        return sorted({r.exit_code for r in self.runs})

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.completed for r in self.runs)


def measure_once(
    argv: Sequence[str], timeout: float, cwd: Path, env: Mapping[str, str] | None = None
) -> tuple[Run, bytes, bytes]:
    """Run argv once: wall time, peak RSS (KB), exit code, and its stdout and stderr.

    Output goes to temporary files, not pipes, so that a chatty child never blocks.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=None if env is None else dict(env),
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # reaped by wait4; tell Popen so it does not wait again
        out.seek(0)
        stdout = out.read()
        err.seek(0)
        stderr = err.read()
    peak = usage.ru_maxrss
    if sys.platform == "darwin":  # bytes there, kilobytes on Linux
        peak //= 1024
    return Run(elapsed, int(peak), code), stdout, stderr


# A stack frame or decoration rather than a message: Java's "at ...", Python's 'File "..."',
# rich's traceback box.
_FRAME = re.compile(r"^(at |\.\.\. \d+ more|File \"|[│╭╰❱])")
# A line that states an error: "ValueError: ...", "java.lang.RuntimeException: ...",
# "Exception in thread ...", "error: ...".
_ERROR = re.compile(r"^(?:[\w.$]*(?:Error|Exception)\b|Exception in thread|error\b|Error\b)")


def error_lines(text: str) -> tuple[str, str]:
    """The first and the last line of ``text`` that state an error, each at most 300 chars.

    A Python exception message may wrap onto following lines (rich tracebacks do); those
    are joined to it.  Without any such line, the last line that is not a stack frame.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    hits = [i for i, line in enumerate(lines) if _ERROR.match(line)]
    if not hits:
        plain = [line for line in lines if not _FRAME.match(line)]
        last = plain[-1][:300] if plain else "(no output)"
        return last, last

    def joined(i: int) -> str:
        parts = [lines[i]]
        for line in lines[i + 1 : i + 3]:
            if _FRAME.match(line) or _ERROR.match(line) or line.startswith(("[", "Caused")):
                break
            parts.append(line)
        return " ".join(parts)[:300]

    return joined(hits[0]), joined(hits[-1])


def describe_failure(code: int, stdout: bytes, stderr: bytes, why: str = "") -> str:
    """``exited N: <last error line>``, plus the first error line where it says more."""
    text = stderr.decode("utf-8", "replace") or stdout.decode("utf-8", "replace")
    first, last = error_lines(text)
    head = f"exited {code}" + (f" {why}" if why else "")
    if code < 0:
        head = f"killed by signal {-code} (timeout?)"
    return f"{head}: {last}" + (f" [first error: {first}]" if first != last else "")


def is_json_object(data: bytes) -> bool:
    try:
        return isinstance(json.loads(data), dict)
    except ValueError:
        return False


def substitute_out(argv: Sequence[str]) -> tuple[list[str], Path | None]:
    """argv with ``OUT`` replaced by a fresh output path, and that path (None if unused)."""
    if OUT not in argv:
        return list(argv), None
    out = Path(tempfile.mkdtemp(prefix="apigen-bench-")) / "out"
    return [str(out) if a == OUT else a for a in argv], out


def remove_output(out: Path | None) -> None:
    """Delete a run's output (the temporary directory around it)."""
    if out is not None:
        shutil.rmtree(out.parent, ignore_errors=True)


def count_py_lines(root: Path) -> tuple[int, int]:
    """(files, lines) of the ``.py`` files under root, lines counted as ``wc -l`` does."""
    files = lines = 0
    for path in root.rglob("*.py"):
        if path.is_file():
            files += 1
            lines += path.read_bytes().count(b"\n")
    return files, lines


_NOT_PACKAGES = {"test", "tests", "docs", "_generated", "impl"}


def find_module(out: Path, target: str) -> tuple[Path, str] | None:
    """Where the generated code to import is: (sys.path root, dotted module name).

    ``target`` is the file that marks it: ``__init__.py`` for a client package (the module
    is the package), ``app.py`` / ``main.py`` for a server's app module.  The shallowest
    match wins (``out/pkg/...`` before ``out/src/pkg/...``), skipping test and doc folders.
    """
    hits = [
        p
        for pattern in (f"*/{target}", f"*/*/{target}")
        for p in sorted(out.glob(pattern))
        if p.parent.name not in _NOT_PACKAGES and p.parent.name.isidentifier()
    ]
    if not hits:
        return None
    path = hits[0]
    package = path.parent
    module = package.name if target == "__init__.py" else f"{package.name}.{path.stem}"
    return package.parent, module


def probe_env() -> dict[str, str]:
    """The environment for import probes: bytecode caches allowed, no foreign PYTHONPATH."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPATH", None)
    return env
