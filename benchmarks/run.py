#!/usr/bin/env python3
"""Time apigen against peer tools on big real specs.

Each case runs one apigen command and the equivalent command of a peer tool N times and
reports the median wall time and the peak resident memory of each, plus their ratio.
Stdlib only.  Peers live in their own venv (``benchmarks/.venv-peers``, made by ``--setup``)
so that their dependencies never mix with apigen's; apigen runs with this interpreter.

Peak memory comes from ``os.wait4``: the kernel's ``ru_maxrss`` for the child process
(on Linux it also covers any grandchildren the child waited for).

    python benchmarks/run.py --setup          # first time: create the peer venv, then run
    python benchmarks/run.py --runs 5 --only validate-stripe --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
PEER_VENV = BENCH_DIR / ".venv-peers"

#: What ``--setup`` installs into the peer venv, by peer name.  A peer's argv starts with
#: a console script of that venv.
PEERS: dict[str, list[str]] = {
    "openapi-spec-validator": ["openapi-spec-validator==0.9.0"],
}
#: Peers from the npm registry, installed by ``--setup`` into ``benchmarks/.npm-peers``.
#: optic 1.0.9 crashes on start with Node 20 here; 1.0.0 runs.
NPM_PEERS: dict[str, str] = {"optic": "@useoptic/optic@1.0.0"}
NPM_DIR = BENCH_DIR / ".npm-peers"


def shared_specs() -> Path:
    """``../shared/specs`` beside the repo, unless ``$APIGEN_SHARED`` names another.

    ``$APIGEN_SHARED`` may point at the shared folder or straight at its ``specs``.
    """
    override = os.environ.get("APIGEN_SHARED")
    if override:
        base = Path(override).expanduser().resolve()
        return base / "specs" if (base / "specs").is_dir() else base
    return Path(__file__).resolve().parents[2] / "shared" / "specs"


@dataclass(frozen=True)
class Case:
    """One comparison.  ``inputs`` must exist for the case to run (else it is skipped).

    ``apigen_ok`` lists the exit codes that count as a completed run: ``validate`` exits 1
    when the spec has findings, which is a result, not a crash.  Because Python itself also
    exits 1 on an uncaught exception, ``apigen_json`` further requires that stdout parse as
    a JSON object (the ``--format json`` report) for the run to count.
    """

    name: str
    apigen: list[str]
    peer: str
    peer_argv: list[str]
    inputs: list[Path] = field(default_factory=list)
    apigen_ok: tuple[int, ...] = (0, 1)
    peer_ok: tuple[int, ...] = (0, 1)
    apigen_json: bool = False


def build_cases(specs: Path) -> list[Case]:
    py = sys.executable
    cases: list[Case] = []
    for name, rel in [
        ("validate-github", "big/github-octokit-23.0.2.json"),
        ("validate-stripe", "big/stripe-2023-09-12.yaml"),
    ]:
        spec = str(specs / rel)
        cases.append(
            Case(
                name=name,
                apigen=[py, "-m", "apigen", "validate", spec, "--format", "json"],
                peer="openapi-spec-validator",
                peer_argv=["openapi-spec-validator", spec],
                inputs=[specs / rel],
                apigen_json=True,
            )
        )
    for name, old_rel, new_rel in [
        ("diff-stripe", "big/stripe-2023-03-27.yaml", "big/stripe-2023-09-12.yaml"),
        ("diff-github", "big/github-octokit-21.0.0.json", "big/github-octokit-23.0.2.json"),
    ]:
        old, new = str(specs / old_rel), str(specs / new_rel)
        cases.append(
            Case(
                name=name,
                apigen=[py, "-m", "apigen", "diff", old, new, "--format", "json"],
                peer="optic",
                peer_argv=["optic", "diff", old, new, "--check"],
                inputs=[specs / old_rel, specs / new_rel],
                apigen_json=True,
            )
        )
    return cases


@dataclass
class Run:
    seconds: float
    peak_kb: int
    exit_code: int
    completed: bool = True  # exit code accepted and, where required, stdout was JSON


@dataclass
class Measured:
    argv: list[str]
    runs: list[Run]
    ok_codes: tuple[int, ...]
    problem: str = ""

    @property
    def median_s(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_kb for r in self.runs) / 1024

    @property
    def exit_codes(self) -> list[int]:
        return sorted({r.exit_code for r in self.runs})

    @property
    def ok(self) -> bool:
        return all(r.completed for r in self.runs)


def measure_once(argv: Sequence[str], timeout: float) -> tuple[Run, bytes, str]:
    """Run argv once: wall time, peak RSS (KB), exit code, its stdout, the tail of its stderr.

    Output goes to temporary files, not pipes, so that a chatty child never blocks.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=err
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
        tail = err.read()[-2000:].decode("utf-8", "replace")
    peak = usage.ru_maxrss
    if sys.platform == "darwin":  # bytes there, kilobytes on Linux
        peak //= 1024
    return Run(elapsed, int(peak), code), stdout, tail


def _is_json_object(data: bytes) -> bool:
    try:
        return isinstance(json.loads(data), dict)
    except ValueError:
        return False


def measure(
    argv: list[str], runs: int, ok_codes: tuple[int, ...], timeout: float, want_json: bool = False
) -> Measured:
    result = Measured(argv, [], ok_codes)
    for _ in range(runs):
        run, stdout, tail = measure_once(argv, timeout)
        if run.exit_code not in ok_codes:
            run.completed = False
            result.problem = f"exited {run.exit_code}: {tail.strip()[-800:]}"
        elif want_json and not _is_json_object(stdout):
            run.completed = False
            result.problem = f"exited {run.exit_code} without a JSON report: {tail.strip()[-800:]}"
        result.runs.append(run)
    return result


def peer_bin(script: str) -> Path:
    if script in NPM_PEERS:
        return NPM_DIR / "node_modules" / ".bin" / script
    sub = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return PEER_VENV / sub / (script + suffix)


def setup_peers(peers: set[str]) -> None:
    npm = sorted(NPM_PEERS[p] for p in peers if p in NPM_PEERS)
    if npm:
        NPM_DIR.mkdir(exist_ok=True)
        print(f"installing npm peers: {' '.join(npm)}", flush=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", *npm], cwd=NPM_DIR, check=True
        )
    peers = {p for p in peers if p not in NPM_PEERS}
    if not peers:
        return
    python = peer_bin("python")
    if not python.exists():
        print(f"creating {PEER_VENV.relative_to(REPO_ROOT)}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    requirements = sorted({req for peer in peers for req in PEERS[peer]})
    print(f"installing peers: {' '.join(requirements)}", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], check=True)


def fmt_ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b > 0 else "-"


def print_table(rows: list[tuple[Case, Measured, Measured]]) -> None:
    header = ["case", "apigen s", "peer s", "ratio", "apigen MB", "peer MB", "exit a/p"]
    lines = [header]
    for case, a, p in rows:
        exits = "/".join(",".join(map(str, m.exit_codes)) + ("" if m.ok else "!") for m in (a, p))
        lines.append(
            [
                f"{case.name} (vs {case.peer})",
                f"{a.median_s:.2f}",
                f"{p.median_s:.2f}",
                fmt_ratio(a.median_s, p.median_s),
                f"{a.peak_mb:.0f}",
                f"{p.peak_mb:.0f}",
                exits,
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        cells = [line[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    if not all(a.ok and p.ok for _, a, p in rows):
        print("! = the command did not complete normally; its numbers measure a failure")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="run only this case (repeatable)"
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write raw results here")
    parser.add_argument(
        "--setup", action="store_true", help=f"create/update the peer venv ({PEER_VENV.name}) first"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=900.0,
        help="seconds before one run is killed (default 900)",
    )
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    specs = shared_specs()
    cases = build_cases(specs)
    if args.list:
        for case in cases:
            print(f"{case.name}: {' '.join(case.apigen[1:])}  vs  {' '.join(case.peer_argv)}")
        return 0
    if args.only:
        unknown = set(args.only) - {c.name for c in cases}
        if unknown:
            parser.error(
                f"unknown case(s): {', '.join(sorted(unknown))}; "
                f"known: {', '.join(c.name for c in cases)}"
            )
        cases = [c for c in cases if c.name in args.only]

    runnable = []
    for case in cases:
        missing = [str(p) for p in case.inputs if not p.exists()]
        if missing:
            print(
                f"skip {case.name}: missing {', '.join(missing)} "
                "(set APIGEN_SHARED to the shared folder)",
                file=sys.stderr,
            )
        else:
            runnable.append(case)
    if not runnable:
        print("no case to run", file=sys.stderr)
        return 2

    peers = {case.peer for case in runnable}
    if args.setup:
        setup_peers(peers)
    for peer in sorted(peers):
        script = next(c.peer_argv[0] for c in runnable if c.peer == peer)
        if not peer_bin(script).exists():
            print(
                f"peer {peer!r} is not installed in {PEER_VENV}; run with --setup", file=sys.stderr
            )
            return 2

    print(
        f"python {platform.python_version()} on {platform.platform()}, "
        f"{os.cpu_count()} cpus, {args.runs} run(s) per command, specs from {specs}",
        flush=True,
    )
    rows: list[tuple[Case, Measured, Measured]] = []
    failed = False
    for case in runnable:
        print(f"running {case.name} ...", file=sys.stderr, flush=True)
        a = measure(case.apigen, args.runs, case.apigen_ok, args.timeout, case.apigen_json)
        peer_argv = [str(peer_bin(case.peer_argv[0])), *case.peer_argv[1:]]
        p = measure(peer_argv, args.runs, case.peer_ok, args.timeout)
        for who, m in (("apigen", a), (case.peer, p)):
            if not m.ok:
                failed = True
                print(f"  {who} did not complete: {m.problem}", file=sys.stderr)
        rows.append((case, a, p))

    print()
    print_table(rows)

    if args.json:
        payload = {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "runs": args.runs,
            "cases": [
                {
                    "name": case.name,
                    "peer": case.peer,
                    "apigen": {**asdict(a), "median_s": a.median_s, "peak_mb": a.peak_mb},
                    "peer_result": {**asdict(p), "median_s": p.median_s, "peak_mb": p.peak_mb},
                    "ratio": a.median_s / p.median_s if p.median_s else None,
                }
                for case, a, p in rows
            ],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
