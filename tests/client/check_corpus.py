"""Generate a client from every real and big spec and check it with ``mypy --strict`` and ruff.

A script, not a test: the big specs' clients take minutes to type-check, more than CI has.
It drives the ``apigen`` command of the checkout it is run from (``python -m apigen``), so
the same script measures an older checkout too:

    .venv/bin/python -m tests.client.check_corpus --out /tmp/corpus [--only NAME ...] [-j 2]

Prints one line per spec (generation, ruff and mypy verdicts, mypy's error count, the first
error) and a summary; ``--json FILE`` writes the same as data.  Exit 0 when every spec
passes.  ruff uses the rule set the client tests use (tests/client/tools.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from ..corpus.specs import OUTSIDE_REFS, UNSUPPORTED, big_specs, real_specs, spec_path
from .tools import RUFF_ARGS

_PACKAGE = re.compile(r"package (\w+)")
_MYPY_COUNT = re.compile(r"Found (\d+) errors?")


@dataclass
class Verdict:
    spec: str
    generated: bool
    ruff: bool | None = None
    mypy: bool | None = None
    mypy_errors: int = 0
    first: str = ""
    seconds: float = 0.0


def check(rel: str, out: Path, mypy_timeout: float) -> Verdict:
    """Generate, lint and type-check one spec's client in ``out``."""
    start = time.monotonic()
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "apigen", "generate", "client", str(spec_path(rel))]
    command += ["-o", str(out)]
    if rel in OUTSIDE_REFS:
        command.append("--allow-outside-refs")
    run = subprocess.run(command, capture_output=True, text=True)
    found = _PACKAGE.search(run.stdout)
    if run.returncode != 0 or found is None:
        lines = (run.stderr or run.stdout).strip().splitlines()
        return Verdict(rel, False, first=lines[-1] if lines else f"exit {run.returncode}")
    package = found.group(1)
    verdict = Verdict(rel, True)
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *RUFF_ARGS, str(out)],
        capture_output=True,
        text=True,
    )
    verdict.ruff = lint.returncode == 0
    if not verdict.ruff:
        verdict.first = "ruff: " + lint.stdout.strip().splitlines()[0]
    env = {**os.environ, "MYPYPATH": str(out)}
    try:
        typed = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", package],
            cwd=out,
            env=env,
            capture_output=True,
            text=True,
            timeout=mypy_timeout,
        )
    except subprocess.TimeoutExpired:
        verdict.first = verdict.first or f"mypy: timed out after {mypy_timeout:.0f} s"
    else:
        verdict.mypy = typed.returncode == 0
        if not verdict.mypy:
            count = _MYPY_COUNT.search(typed.stdout)
            verdict.mypy_errors = int(count.group(1)) if count else -1
            errors = [line for line in typed.stdout.splitlines() if ": error:" in line]
            verdict.first = verdict.first or "mypy: " + (
                errors[0] if errors else typed.stdout[-300:]
            )
    verdict.seconds = round(time.monotonic() - start, 1)
    return verdict


def _line(v: Verdict) -> str:
    def mark(ok: bool | None) -> str:
        return {True: "ok", False: "FAIL", None: "-"}[ok]

    mypy = mark(v.mypy) + (f"({v.mypy_errors})" if v.mypy_errors else "")
    gen = "ok" if v.generated else "FAIL"
    verdicts = f"gen {gen:4} ruff {mark(v.ruff):4} mypy {mypy:10}"
    return f"{v.spec:60} {verdicts} {v.seconds:7.1f}s {v.first[:200]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="scratch folder for the clients")
    parser.add_argument(
        "--only", action="append", default=[], help="specs whose path contains this"
    )
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--mypy-timeout", type=float, default=1800)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    specs = [s for s in real_specs() + big_specs() if s not in UNSUPPORTED]
    if args.only:
        specs = [s for s in specs if any(o in s for o in args.only)]

    def one(rel: str) -> Verdict:
        verdict = check(rel, args.out / re.sub(r"\W", "_", rel), args.mypy_timeout)
        print(_line(verdict), flush=True)
        return verdict

    with ThreadPoolExecutor(args.jobs) as pool:
        verdicts = list(pool.map(one, specs))
    passing = [v for v in verdicts if v.generated and v.ruff and v.mypy]
    print(
        f"{len(passing)}/{len(verdicts)} specs: client generated, ruff clean, mypy --strict clean"
    )
    if args.json:
        args.json.write_text(json.dumps([asdict(v) for v in verdicts], indent=1), encoding="utf-8")
    return 0 if len(passing) == len(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
