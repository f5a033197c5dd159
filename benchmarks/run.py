#!/usr/bin/env python3
"""Time apigen against peer tools on big real specs.

Each case runs one apigen command and the equivalent command of one or more peer tools N
times, in the same run, and reports the median wall time and the peak resident memory of
each, with the ratio apigen / peer.  Generation cases also count the generated ``.py`` lines
and time a fresh interpreter importing the generated package (client: construct its client;
server: get its ``app``).  Stdlib only.  Each peer lives in its own venv under
``benchmarks/`` (made by ``--setup``) so that peers' dependencies never mix with apigen's or
each other's; apigen runs with this interpreter.

    python benchmarks/run.py --setup          # first time: create the peer venvs, then run
    python benchmarks/run.py --runs 5 --only client-github --json out.json
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from contract import SUITE, URL, Fixture, mock_server_suite
from harness import (  # the folder above: benchmarks/ is not a package
    OUT,
    PROBE,
    PROBE_URL,
    Measured,
    count_py_lines,
    describe_failure,
    find_module,
    is_json_object,
    measure_once,
    probe_env,
    remove_output,
    substitute_out,
)

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent


@dataclass(frozen=True)
class PeerEnv:
    """A peer's own venv: the generator, plus what the code it generates imports."""

    venv: str  # folder under benchmarks/ (git-ignored: /benchmarks/.venv*/)
    requirements: tuple[str, ...]
    runtime: tuple[str, ...] = ()  # for the import probe of the generated code


#: Peers from PyPI, by name, installed by ``--setup``.  A peer's argv starts with a console
#: script of its venv.  Versions: the newest on PyPI when the case was written; bump freely.
PEER_ENVS: dict[str, PeerEnv] = {
    "openapi-spec-validator": PeerEnv(".venv-peers", ("openapi-spec-validator==0.9.0",)),
    # Its own dependencies (httpx, attrs, python-dateutil) are what its clients import.
    "openapi-python-client": PeerEnv(
        ".venv-openapi-python-client", ("openapi-python-client==0.29.1",)
    ),
    # The Java generator inside a PyPI wheel; runs on the installed `java`.  Runtime: what its
    # `python` clients (requirements.txt) and `python-fastapi` servers import.
    "openapi-generator": PeerEnv(
        ".venv-openapi-generator",
        ("openapi-generator-cli==7.26.0",),
        (
            "pydantic>=2.11",
            "urllib3>=2.1,<3",
            "python-dateutil>=2.8.2",
            "typing-extensions>=4.7.1",
            "fastapi",
        ),
    ),
}
#: Peers from the npm registry, installed by ``--setup`` into ``benchmarks/.npm-peers``.
#: optic 1.0.9 crashes on start with Node 20 here; 1.0.0 runs.
NPM_PEERS: dict[str, str] = {"optic": "@useoptic/optic@1.0.0"}
NPM_DIR = BENCH_DIR / ".npm-peers"


@dataclass(frozen=True)
class Product:
    """Generated code, and how a user loads it: the import probe of a generation case.

    ``marker`` is the file that marks the module to import (``__init__.py``: the package
    itself; ``app.py``/``main.py``: a server's app module); ``expr`` is evaluated right after
    the import, with ``m`` the module and ``URL`` a base URL nothing is sent to.
    """

    marker: str
    expr: str
    unit: str = ""  # appended to a number the expression returns, in the report


CLIENT = Product("__init__.py", "m.Client(base_url=URL)")
OAG_CLIENT = Product("__init__.py", "m.ApiClient(m.Configuration(host=URL))")
APIGEN_SERVER = Product("app.py", "len(m.app.routes)", " app.routes")  # <package>.app:app (issue 5)
OAG_SERVER = Product("main.py", "len(m.app.routes)", " app.routes")  # openapi_server.main:app


@dataclass(frozen=True)
class Tool:
    """One command of a case.  ``OUT`` in argv is a fresh output path for each run.

    ``ok_codes``: exit codes that count as a completed run (``validate`` exits 1 on findings,
    a result, not a crash).  Because Python also exits 1 on an uncaught exception,
    ``want_json`` further requires stdout to parse as a JSON object.  ``expected_failure``
    says why a failure is known: it is still run and reported, but does not fail the run.
    ``requires``: an argv that must exit 0 for the command to exist at all (a command still
    being built is reported as not available rather than as a failure).
    """

    name: str
    argv: tuple[str, ...]
    env: str = ""  # "" = apigen with this interpreter; else a key of PEER_ENVS or NPM_PEERS
    ok_codes: tuple[int, ...] = (0,)
    want_json: bool = False
    product: Product | None = None
    expected_failure: str = ""
    requires: tuple[str, ...] = ()
    #: keep the last line of stdout for the report (pytest's "N passed, M failed")
    summary_line: bool = False


@dataclass(frozen=True)
class Case:
    """One comparison: ``tools[0]`` is apigen, the rest are peers.  Skipped without inputs.

    ``fixture``: prepared before the timed runs and torn down after them (a generated suite
    and a live mock server); it fills the ``{suite}``/``{url}`` tokens of the tools' argv.
    """

    name: str
    tools: tuple[Tool, ...]
    inputs: tuple[Path, ...] = ()
    fixture: Callable[[], contextlib.AbstractContextManager[Fixture]] | None = None


def shared_specs() -> Path:
    """``../shared/specs`` beside the repo, unless ``$APIGEN_SHARED`` names another.

    ``$APIGEN_SHARED`` may point at the shared folder or straight at its ``specs``.
    """
    override = os.environ.get("APIGEN_SHARED")
    if override:
        base = Path(override).expanduser().resolve()
        return base / "specs" if (base / "specs").is_dir() else base
    return Path(__file__).resolve().parents[2] / "shared" / "specs"


def newest(specs: Path, pattern: str) -> Path:
    """The last file matching pattern by name (dated names sort by date)."""
    found = sorted(specs.glob(pattern))
    return found[-1] if found else specs / pattern


def apigen(*args: str, **kw: Any) -> Tool:
    return Tool("apigen", (sys.executable, "-m", "apigen", *args), **kw)


def check_cases(specs: Path) -> list[Case]:
    cases = []
    for name, rel in [
        ("validate-github", "big/github-octokit-23.0.2.json"),
        ("validate-stripe", "big/stripe-2023-09-12.yaml"),
    ]:
        spec = str(specs / rel)
        osv = Tool(
            "openapi-spec-validator",
            ("openapi-spec-validator", spec),
            env="openapi-spec-validator",
            ok_codes=(0, 1),
        )
        a = apigen("validate", spec, "--format", "json", ok_codes=(0, 1), want_json=True)
        cases.append(Case(name, (a, osv), (specs / rel,)))
    for name, old_rel, new_rel in [
        ("diff-stripe", "big/stripe-2023-03-27.yaml", "big/stripe-2023-09-12.yaml"),
        ("diff-github", "big/github-octokit-21.0.0.json", "big/github-octokit-23.0.2.json"),
    ]:
        old, new = str(specs / old_rel), str(specs / new_rel)
        optic = Tool("optic", ("optic", "diff", old, new, "--check"), env="optic", ok_codes=(0, 1))
        a = apigen("diff", old, new, "--format", "json", ok_codes=(0, 1), want_json=True)
        cases.append(Case(name, (a, optic), (specs / old_rel, specs / new_rel)))
    return cases


def oag(generator: str, spec: Path, product: Product, expected_failure: str = "") -> Tool:
    """openapi-generator with one generator and otherwise default options."""
    return Tool(
        f"openapi-generator {generator}",
        ("openapi-generator-cli", "generate", "-i", str(spec), "-g", generator, "-o", OUT),
        env="openapi-generator",
        product=product,
        expected_failure=expected_failure,
    )


def generate_cases(specs: Path) -> list[Case]:
    github = specs / "big/github-octokit-23.0.2.json"
    stripe = newest(specs, "big/stripe-*.yaml")
    yaml_limit = "its YAML parser refuses documents over 3 Mi code points by default"
    cases = []
    for name, spec, opc_fails, oag_fails in [
        ("client-github", github, "", ""),
        ("client-stripe", stripe, "fails on Stripe's spec with default options", yaml_limit),
    ]:
        opc = Tool(
            "openapi-python-client",
            ("openapi-python-client", "generate", "--path", str(spec), "--output-path", OUT),
            env="openapi-python-client",
            product=CLIENT,
            expected_failure=opc_fails,
        )
        a = apigen("generate", "client", str(spec), "-o", OUT, product=CLIENT)
        cases.append(Case(name, (a, opc, oag("python", spec, OAG_CLIENT, oag_fails)), (spec,)))
    for name, spec, oag_fails in [
        ("server-github", github, ""),
        ("server-stripe", stripe, yaml_limit),
    ]:
        a = apigen(
            "generate",
            "server",
            str(spec),
            "--framework",
            "fastapi",
            "-o",
            OUT,
            product=APIGEN_SERVER,
            requires=(sys.executable, "-m", "apigen", "generate", "server", "--help"),
        )
        cases.append(Case(name, (a, oag("python-fastapi", spec, OAG_SERVER, oag_fails)), (spec,)))
    return cases


def contract_cases(specs: Path) -> list[Case]:
    """Generating a contract suite (target: GitHub's under 5 s), and running one against a
    local mock server from ``generate server --mock`` (target: ~100 operations under 30 s,
    default settings).  No peer: schemathesis cannot share a venv with apigen (it pins
    jsonschema-rs below 0.61) and runs property-based tests, a different workload."""
    cases = [
        Case(name, (apigen("generate", "tests", str(spec), "-o", OUT),), (spec,))
        for name, spec in [
            ("tests-github", specs / "big/github-octokit-23.0.2.json"),
            ("tests-stripe", newest(specs, "big/stripe-*.yaml")),
        ]
    ]
    spotify = specs / "real/spotify-fixed.yml"  # 97 operations, OpenAPI 3.0
    pytest = (sys.executable, "-m", "pytest", SUITE, "-q", "-p", "no:cacheprovider")
    run = Tool(
        "apigen suite (pytest)",
        (*pytest, "--rootdir", SUITE, "--base-url", URL),
        ok_codes=(0, 1),  # 1: contract violations found; the run itself completed
        summary_line=True,
    )
    fixture = lambda: mock_server_suite(spotify, REPO_ROOT)  # noqa: E731
    cases.append(Case("tests-run-spotify", (run,), (spotify,), fixture))
    return cases


def workflow_cases(specs: Path) -> list[Case]:
    """``apigen generate`` (server, client and tests from one build) against the three
    commands one after the other: what sharing the load, validation and IR saves."""
    github = specs / "big/github-octokit-23.0.2.json"
    py, spec = shlex.quote(sys.executable), shlex.quote(str(github))
    three = (
        f'{py} -m apigen generate server {spec} --framework fastapi -o "$1/server" && '
        f'{py} -m apigen generate client {spec} -o "$1/client" && '
        f'{py} -m apigen generate tests {spec} -o "$1/contract-tests"'
    )
    return [
        Case(
            "generate-github",
            (
                apigen("generate", str(github), "-o", OUT),
                Tool("apigen, three commands", ("sh", "-c", three, "sh", OUT)),
            ),
            (github,),
        )
    ]


def build_cases(specs: Path) -> list[Case]:
    return (
        check_cases(specs) + generate_cases(specs) + contract_cases(specs) + workflow_cases(specs)
    )


@dataclass
class Output:
    """What a generator wrote (the last run's output) and how fast it imports."""

    module: str = ""
    py_files: int = 0
    py_lines: int = 0
    package_lines: int = 0
    import_cold_s: float | None = None  # first import: also writes the bytecode caches
    import_s: float | None = None  # median of later imports, each in a fresh interpreter
    import_mb: float | None = None
    detail: str = ""  # the constructed object's type, or the number of routes
    problem: str = ""


@dataclass
class Result:
    tool: Tool
    measured: Measured | None = None  # None: the command is not available
    output: Output | None = None
    note: str = ""  # the last line of stdout (Tool.summary_line), or the fixture's summary

    @property
    def failed(self) -> bool:
        """A failure that should fail the run: apigen's, or a peer's that nobody expected."""
        if self.measured is None:
            return False
        broken = not self.measured.ok or (
            self.tool.env == "" and self.output is not None and bool(self.output.problem)
        )
        return broken and not self.tool.expected_failure


def tool_bin(tool: Tool) -> Path:
    """Where a peer's console script (its argv[0]) lives."""
    if tool.env in NPM_PEERS:
        return NPM_DIR / "node_modules" / ".bin" / tool.argv[0]
    return venv_bin(tool.env) / (tool.argv[0] + (".exe" if os.name == "nt" else ""))


def venv_bin(env: str) -> Path:
    return BENCH_DIR / PEER_ENVS[env].venv / ("Scripts" if os.name == "nt" else "bin")


def tool_command(tool: Tool) -> tuple[list[str], dict[str, str] | None]:
    """The argv to run and its environment: a peer runs as if its venv were activated
    (its hooks, such as openapi-python-client's ruff pass, find their tools on PATH).

    Every tool runs with bytecode as an installed package has it (:func:`compile_apigen`);
    a ``PYTHONDONTWRITEBYTECODE`` in the caller's environment would otherwise make apigen,
    installed in editable mode, compile its sources on every run while pip-installed peers
    load theirs from the bytecode pip wrote.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not tool.env:
        return list(tool.argv), env
    script = tool_bin(tool)
    env["PATH"] = f"{script.parent}{os.pathsep}{env.get('PATH', '')}"
    return [str(script), *tool.argv[1:]], env


def compile_apigen() -> None:
    """Write apigen's bytecode, as ``pip install`` does for a regular (non-editable) install."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO_ROOT / "apigen")],
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )


def tool_python(tool: Tool) -> str:
    return sys.executable if not tool.env else str(venv_bin(tool.env) / "python")


def is_available(tool: Tool, timeout: float) -> bool:
    if not tool.requires:
        return True
    run, _, _ = measure_once(tool.requires, timeout, REPO_ROOT)
    return run.exit_code == 0


def run_tool(tool: Tool, runs: int, timeout: float, fixture: Fixture | None = None) -> Result:
    if not is_available(tool, timeout):
        return Result(tool)
    argv, env = tool_command(tool)
    if fixture is not None:
        argv = [fixture.substitutions.get(a, a) for a in argv]
        env = {**(env or os.environ), **fixture.env}
    measured = Measured(argv)
    result = Result(tool, measured)
    for n in range(runs):
        real, out = substitute_out(argv)
        try:
            run, stdout, stderr = measure_once(real, timeout, REPO_ROOT, env)
            if tool.summary_line:
                lines = stdout.decode("utf-8", "replace").strip().splitlines()
                result.note = lines[-1] if lines else ""
            problem = judge(tool, run.exit_code, stdout, stderr, out)
            if problem:
                run.completed = False
                measured.problem = problem
            measured.runs.append(run)
            if n == runs - 1 and out is not None and tool.product and not problem:
                result.output = inspect_output(tool, out, runs, timeout)
        finally:
            remove_output(out)
    return result


def judge(tool: Tool, code: int, stdout: bytes, stderr: bytes, out: Path | None) -> str:
    """Why a run does not count as completed ("" when it does)."""
    if code not in tool.ok_codes:
        return describe_failure(code, stdout, stderr)
    if tool.want_json and not is_json_object(stdout):
        return describe_failure(code, stdout, stderr, "without a JSON report")
    if out is not None and not out.exists():
        return describe_failure(code, stdout, stderr, "but wrote nothing")
    return ""


def inspect_output(tool: Tool, out: Path, runs: int, timeout: float) -> Output:
    """Count the generated lines, then import the generated code in fresh interpreters:
    once cold (compiling bytecode, as a first use after generating does), then ``runs``
    times warm."""
    assert tool.product is not None
    result = Output()
    result.py_files, result.py_lines = count_py_lines(out)
    found = find_module(out, tool.product.marker)
    if found is None:
        result.problem = f"no {tool.product.marker} to import found in the output"
        return result
    root, result.module = found
    _, result.package_lines = count_py_lines(root / result.module.split(".")[0])
    argv = [tool_python(tool), "-c", PROBE, str(root), result.module, tool.product.expr, PROBE_URL]
    timings, peaks = [], []
    for _ in range(runs + 1):
        run, stdout, stderr = measure_once(argv, timeout, root, probe_env())
        if run.exit_code != 0:
            result.problem = "import " + describe_failure(run.exit_code, stdout, stderr)
            return result
        report = json.loads(stdout)
        timings.append(float(report["seconds"]))
        peaks.append(run.peak_kb)
        result.detail = str(report["detail"])
        if result.detail.isdigit():
            result.detail += tool.product.unit
    result.import_cold_s = timings[0]
    result.import_s = statistics.median(timings[1:])
    result.import_mb = max(peaks[1:]) / 1024
    return result


def setup_peers(envs: set[str]) -> None:
    npm = sorted(NPM_PEERS[e] for e in envs if e in NPM_PEERS)
    if npm:
        NPM_DIR.mkdir(exist_ok=True)
        print(f"installing npm peers: {' '.join(npm)}", flush=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", *npm], cwd=NPM_DIR, check=True
        )
    for name in sorted(envs - set(NPM_PEERS)):
        peer = PEER_ENVS[name]
        python = venv_bin(name) / "python"
        if not python.exists():
            print(f"creating benchmarks/{peer.venv}", flush=True)
            subprocess.run([sys.executable, "-m", "venv", str(python.parent.parent)], check=True)
            subprocess.run(
                [str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True
            )
        reqs = [*peer.requirements, *peer.runtime]
        print(f"installing into benchmarks/{peer.venv}: {' '.join(reqs)}", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *reqs], check=True)


def fmt_ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b > 0 else "-"


def print_rows(header: list[str], rows: list[list[str]]) -> None:
    """An aligned table: text columns (the first two, and the last) left-aligned, numbers
    right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    text = {0, 1, len(header) - 1}
    for n, row in enumerate([header, *rows]):
        cells = [
            c.ljust(w) if i in text else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def exit_cell(r: Result) -> str:
    m = r.measured
    if m is None:
        return "n/a"
    cell = ",".join(map(str, m.exit_codes)) + ("" if m.ok else "!")
    return cell + ("(expected)" if not m.ok and r.tool.expected_failure else "")


def timing_rows(results: list[tuple[Case, list[Result]]]) -> list[list[str]]:
    rows = []
    for case, tools in results:
        base = tools[0].measured
        for i, r in enumerate(tools):
            m = r.measured
            label = case.name if i == 0 else ""
            if m is None:
                rows.append([label, r.tool.name, "-", "", "-", "", "command not available"])
                continue
            ratio_s = ratio_mb = ""
            if i > 0 and base is not None and base.ok and m.ok:  # no ratio to a failure
                ratio_s = fmt_ratio(base.median_s, m.median_s)
                ratio_mb = fmt_ratio(base.peak_mb, m.peak_mb)
            rows.append(
                [
                    label,
                    r.tool.name,
                    f"{m.median_s:.2f}",
                    ratio_s,
                    f"{m.peak_mb:.0f}",
                    ratio_mb,
                    exit_cell(r),
                ]
            )
    return rows


def output_rows(results: list[tuple[Case, list[Result]]]) -> list[list[str]]:
    rows = []
    for case, tools in results:
        for r in tools:
            o = r.output
            if r.tool.product is None or r.measured is None or o is None:
                continue
            secs = (
                (f"{o.import_s:.2f}", f"{o.import_cold_s:.2f}", f"{o.import_mb:.0f}")
                if o.import_s is not None
                and o.import_cold_s is not None
                and o.import_mb is not None
                else ("-", "-", "-")
            )
            rows.append(
                [
                    case.name,
                    r.tool.name,
                    f"{o.py_files:,}",
                    f"{o.py_lines:,}",
                    f"{o.package_lines:,}",
                    *secs,
                    "import failed" if o.problem else f"{o.module}: {o.detail}",
                ]
            )
    return rows


def print_report(results: list[tuple[Case, list[Result]]]) -> None:
    print_rows(["case", "tool", "wall s", "a/p", "peak MB", "a/p", "exit"], timing_rows(results))
    print("a/p = apigen / this peer, measured in the same run (below 1: apigen is faster/smaller)")
    if any(r.measured and not r.measured.ok for _, tools in results for r in tools):
        print("! = did not complete normally (see below): its numbers measure a failure, no ratio")
    out_rows = output_rows(results)
    if out_rows:
        print()
        print_rows(
            [
                "case",
                "tool",
                ".py files",
                ".py lines",
                "pkg lines",
                "import s",
                "cold s",
                "import MB",
                "imported",
            ],
            out_rows,
        )
        print(
            "import s: fresh interpreter, import + construct the client / get the app "
            "(median, bytecode cached); cold s: the first import, compiling"
        )
    problems = [
        (case, r, text)
        for case, tools in results
        for r in tools
        for text in (r.measured.problem if r.measured else "", r.output.problem if r.output else "")
        if text
    ]
    unavailable = [(c, r) for c, tools in results for r in tools if r.measured is None]
    if problems or unavailable:
        print()
    for case, r in unavailable:
        print(f"{case.name}: {r.tool.name}: command not available")
    for case, r, text in problems:
        expected = f" (expected: {r.tool.expected_failure})" if r.tool.expected_failure else ""
        print(f"{case.name}: {r.tool.name}: {text}{expected}")
    notes = [(case, r) for case, tools in results for r in tools if r.note]
    if notes:
        print()
    for case, r in notes:
        print(f"{case.name}: {r.tool.name}: {r.note}")


def write_json(path: Path, runs: int, results: list[tuple[Case, list[Result]]]) -> None:
    def tool_json(r: Result, base: Measured | None) -> dict[str, object]:
        m = r.measured
        data: dict[str, object] = {
            "name": r.tool.name,
            "available": m is not None,
            "expected_failure": r.tool.expected_failure or None,
        }
        if m is not None:
            data.update(asdict(m), median_s=m.median_s, peak_mb=m.peak_mb, ok=m.ok)
            if base is not None and base is not m:
                data["ratio_s"] = base.median_s / m.median_s if m.median_s else None
                data["ratio_mb"] = base.peak_mb / m.peak_mb if m.peak_mb else None
        if r.output is not None:
            data["output"] = asdict(r.output)
        if r.note:
            data["note"] = r.note
        return data

    payload = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "runs": runs,
        "cases": [
            {"name": case.name, "tools": [tool_json(r, tools[0].measured) for r in tools]}
            for case, tools in results
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"\nwrote {path}")


def run_case(case: Case, runs: int, timeout: float) -> list[Result]:
    """Each tool of the case, inside the case's fixture when it has one."""
    with case.fixture() if case.fixture else contextlib.nullcontext() as fixture:
        if fixture is not None:
            print(f"prepared {case.name}: {fixture.summary}", file=sys.stderr, flush=True)
        tools = []
        for tool in case.tools:
            print(f"running {case.name}: {tool.name} ...", file=sys.stderr, flush=True)
            tools.append(run_tool(tool, runs, timeout, fixture))
    if fixture is not None and tools:
        tools[0].note = f"{fixture.summary}; {tools[0].note}".rstrip("; ")
    return tools


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="run only this case (repeatable)"
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write raw results here")
    parser.add_argument(
        "--setup", action="store_true", help="create/update the peer venvs the cases need first"
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
    args.error = parser.error
    return args


def select_cases(args: argparse.Namespace, cases: list[Case]) -> list[Case]:
    """The cases named by ``--only`` (all without it) whose input files exist."""
    if args.only:
        unknown = set(args.only) - {c.name for c in cases}
        if unknown:
            args.error(
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
    return runnable


def missing_peers(cases: list[Case]) -> list[str]:
    peers = {t for c in cases for t in c.tools if t.env}
    return sorted({t.env for t in peers if not tool_bin(t).exists()})


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    specs = shared_specs()
    cases = build_cases(specs)
    if args.list:
        for case in cases:
            print(f"{case.name}:")
            for tool in case.tools:
                print(f"  {tool.name}: {' '.join(tool.argv)}")
        return 0
    runnable = select_cases(args, cases)
    if not runnable:
        print("no case to run", file=sys.stderr)
        return 2
    if args.setup:
        setup_peers({t.env for c in runnable for t in c.tools if t.env})
    missing = missing_peers(runnable)
    if missing:
        print(f"peer(s) not installed: {', '.join(missing)}; run with --setup", file=sys.stderr)
        return 2

    compile_apigen()
    print(
        f"python {platform.python_version()} on {platform.platform()}, "
        f"{os.cpu_count()} cpus, {args.runs} run(s) per command, specs from {specs}",
        flush=True,
    )
    results: list[tuple[Case, list[Result]]] = []
    for case in runnable:
        results.append((case, run_case(case, args.runs, args.timeout)))

    print()
    print_report(results)
    if args.json:
        write_json(args.json, args.runs, results)
    return 1 if any(r.failed for _, tools in results for r in tools) else 0


if __name__ == "__main__":
    sys.exit(main())
