"""Run each real contract's generated suite against its generated mock service (a script).

Not a CI test (it takes minutes): ``.venv/bin/python -m tests.server.mock_corpus [SPEC...]
[--framework fastapi|flask] [--json FILE]`` from the repository root.  For every spec in
``../shared/specs/real`` (or the ones named, relative to ``../shared/specs``:
``real/box.json``, ``big/stripe-2023-09-12.yaml``) and each framework it generates the service with
``--mock`` and the contract suite, runs the suite in-process (``--app``) with a credential for
every scheme, and prints one line per run: passed, failed, errors and the failing tests.  The
totals line says how many specs passed per framework.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from apigen import api
from apigen.errors import ApigenError
from apigen.spec.resolve import RefPolicy

from ..contract.test_generated_servers import credentials
from ..contract.tools import run_suite
from ..corpus.specs import OUTSIDE_REFS, UNSUPPORTED, real_specs, spec_path

FRAMEWORKS = ("fastapi", "flask")


@dataclass
class Outcome:
    """One spec on one framework: the suite's counts and the names of its failing tests."""

    spec: str
    framework: str
    passed: int = 0
    failed: int = 0
    errors: int = 0
    failing: list[str] = field(default_factory=list)
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not (self.failed or self.errors or self.problem)


def count(summary: str, word: str) -> int:
    found = re.search(rf"(\d+) {word}", summary)
    return int(found.group(1)) if found else 0


def run_one(spec: str, framework: str, work: Path) -> Outcome:
    """Generate the mock service and the suite for SPEC in WORK and run the suite against it."""
    outcome = Outcome(spec, framework)
    path = spec_path(spec)
    policy = RefPolicy(allow_outside=spec in OUTSIDE_REFS)
    try:
        service = api.generate_server(
            path, work / "service", framework=framework, mock=True, formatter="none",
            policy=policy,
        )  # fmt: skip
        api.generate_tests(path, work / "suite", policy=policy, formatter="none")
    except ApigenError as error:
        outcome.problem = f"generation failed: {error}"
        return outcome
    suite = work / "suite"
    result = run_suite(
        suite, "--app", f"{service.package}.app:app", *credentials(suite),
        env={"PYTHONPATH": str(work / "service")}, timeout=900,
    )  # fmt: skip
    tail = result.stdout.strip().splitlines()[-1:] or [""]
    outcome.passed, outcome.failed = count(tail[0], "passed"), count(tail[0], "failed")
    outcome.errors = count(tail[0], "error")
    outcome.failing = sorted(set(re.findall(r"^(?:FAILED|ERROR) \S+::(\w+)", result.stdout, re.M)))
    if result.returncode not in (0, 1):
        outcome.problem = (
            f"pytest exit {result.returncode}: {(result.stdout + result.stderr)[-400:]}"
        )
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", help="e.g. real/slack-web.json (default: all)")
    parser.add_argument("--framework", choices=FRAMEWORKS, action="append")
    parser.add_argument("--json", type=Path, help="write the outcomes here too")
    options = parser.parse_args(argv)
    specs = options.specs or [s for s in real_specs() if s not in UNSUPPORTED]
    outcomes: list[Outcome] = []
    for spec in specs:
        for framework in options.framework or FRAMEWORKS:
            with tempfile.TemporaryDirectory() as work:
                outcome = run_one(spec, framework, Path(work))
            outcomes.append(outcome)
            status = "ok  " if outcome.ok else "FAIL"
            print(f"{status} {spec} [{framework}] passed={outcome.passed} failed={outcome.failed}"
                  f" errors={outcome.errors} {outcome.problem}", flush=True)  # fmt: skip
            for name in outcome.failing[:15]:
                print(f"       {name}", flush=True)
    for framework in options.framework or FRAMEWORKS:
        mine = [o for o in outcomes if o.framework == framework]
        print(f"{framework}: {sum(o.ok for o in mine)}/{len(mine)} specs pass")
    if options.json:
        options.json.write_text(json.dumps([asdict(o) for o in outcomes], indent=1))
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
