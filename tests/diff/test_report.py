"""Report formats: snapshots on the example version pair, then each format's contract.

Snapshots live in ``tests/diff/snapshots/``; after an intended change to the
engine or a renderer, regenerate them with
``APIGEN_UPDATE_SNAPSHOTS=1 python -m pytest tests/diff/test_report.py`` and
review the diff.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from apigen.diff.model import Change, Level
from apigen.diff.report import DiffReport, fill_lines, operation_label
from apigen.ir.model import Api, Source

from .clirun import REPO, V1, V2, run

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("APIGEN_UPDATE_SNAPSHOTS") == "1"
SUFFIX = {"text": "txt", "markdown": "md", "json": "json", "junit": "xml", "github": "github.txt"}
CHANGE_KEYS = ["id", "level", "method", "path", "pointer", "file", "line", "message"]


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """File names in reports are relative to the cwd: run from the repository root."""
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return REPO


def report_of(capsys: pytest.CaptureFixture[str], fmt: str, *extra: str) -> str:
    result = run(capsys, "diff", V1, V2, "--format", fmt, *extra)
    assert result.code == 1, result.err  # the example pair has breaking changes
    assert result.err == ""
    return result.out


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_snapshot(fmt: str, in_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = report_of(capsys, fmt)
    snapshot = SNAPSHOTS / f"versions-v1-v2.{SUFFIX[fmt]}"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(out, encoding="utf-8")
    assert snapshot.is_file(), f"no snapshot {snapshot.name}: run with APIGEN_UPDATE_SNAPSHOTS=1"
    assert out == snapshot.read_text(encoding="utf-8"), (
        f"{fmt} output differs from {snapshot.name}; if intended, regenerate with "
        "APIGEN_UPDATE_SNAPSHOTS=1 and review the diff"
    )


def test_json_shape(in_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(report_of(capsys, "json"))
    assert list(doc) == ["base", "revision", "summary", "semver", "changes"]
    assert doc["base"] == V1
    assert doc["revision"] == V2
    assert list(doc["summary"]) == ["breaking", "warning", "info"]
    assert all(isinstance(v, int) for v in doc["summary"].values())
    assert doc["semver"] == "major"
    changes = doc["changes"]
    assert changes
    for change in changes:
        assert list(change) == CHANGE_KEYS
        assert isinstance(change["id"], str) and change["id"]
        assert change["level"] in ("breaking", "warning", "info")
        assert change["method"] is None or change["method"] in ("get", "post", "put", "delete")
        assert change["path"] is None or change["path"].startswith("/")
        assert change["pointer"] == "" or change["pointer"].startswith("/")
        assert change["file"] in (V1, V2)
        assert isinstance(change["line"], int) and change["line"] > 0
        assert isinstance(change["message"], str) and change["message"]
    counts = {level: sum(c["level"] == level for c in changes) for level in doc["summary"]}
    assert counts == doc["summary"]
    assert counts["breaking"] >= 3
    # most severe first
    order = {"breaking": 0, "warning": 1, "info": 2}
    ranks = [order[c["level"]] for c in changes]
    assert ranks == sorted(ranks)
    # the removed operation points into the base, at its line there
    removed = next(c for c in changes if c["path"] == "/books/{id}/reviews")
    assert removed["level"] == "breaking"
    assert removed["file"] == V1
    lines = (REPO / V1).read_text().splitlines()
    assert lines[removed["line"] - 1].strip() == "get:"
    required = next(c for c in changes if "memberId" in c["message"])
    assert (required["level"], required["method"], required["path"]) == (
        "breaking",
        "get",
        "/loans",
    )
    assert "memberId" in (REPO / V2).read_text().splitlines()[required["line"] - 1]


def test_junit_is_valid_xml(in_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(report_of(capsys, "json"))
    root = ET.fromstring(report_of(capsys, "junit").encode())
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    operations = {
        f"{c['method'].upper()} {c['path']}" if c["method"] else "API" for c in doc["changes"]
    }
    assert {c.get("name") for c in cases} == operations
    assert suite.get("tests") == str(len(cases))
    failing = [c for c in cases if c.find("failure") is not None]
    broken = {
        f"{c['method'].upper()} {c['path']}" for c in doc["changes"] if c["level"] == "breaking"
    }
    assert {c.get("name") for c in failing} == broken
    assert suite.get("failures") == str(len(failing))
    for case in failing:
        failure = case.find("failure")
        assert failure is not None and failure.get("type") == "breaking"
        assert failure.text and "[" in failure.text
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props == {"base": V1, "revision": V2, "semver": "major", "fail-on": "breaking"}


def test_junit_fail_on_never_has_no_failures(
    in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "diff", V1, V2, "--format", "junit", "--fail-on", "never")
    assert result.code == 0
    root = ET.fromstring(result.out)
    assert root.find(".//failure") is None
    assert root.get("failures") == "0"


def test_junit_fail_on_warning_fails_warning_operations(
    in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "diff", V1, V2, "--format", "junit", "--fail-on", "warning")
    types = {f.get("type") for f in ET.fromstring(result.out).iter("failure")}
    assert types == {"breaking", "warning"}


GH_LINE = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def parse_github(out: str) -> list[tuple[str, dict[str, str], str]]:
    commands = []
    for line in out.splitlines():
        if not line.startswith("::"):
            continue
        match = GH_LINE.match(line)
        assert match, line
        props = dict(p.split("=", 1) for p in match.group(2).split(","))
        commands.append((match.group(1), props, match.group(3)))
    return commands


def test_github_commands(in_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(report_of(capsys, "json"))
    out = report_of(capsys, "github")
    commands = parse_github(out)
    assert len(commands) == len(doc["changes"])
    kinds = {"breaking": "error", "warning": "warning", "info": "notice"}
    for (kind, props, message), change in zip(commands, doc["changes"], strict=True):
        assert kind == kinds[change["level"]]
        assert props == {"file": change["file"], "line": str(change["line"]), "title": change["id"]}
        assert message == change["message"]
    assert out.splitlines()[-1].endswith("(semver: major)")


# --------------------------------------------------------------------------- units


def change(
    level: Level = Level.BREAKING,
    id: str = "endpoint-added",
    message: str = "GET /pets: operation added",
    method: str | None = "get",
    path: str | None = "/pets",
    file: str | None = "api.yaml",
    line: int | None = 3,
    side: str = "revision",
) -> Change:
    return Change(id, level, message, method, path, "/paths/~1pets/get", file, line, side=side)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "changes,semver",
    [
        ([], "none"),
        ([change(Level.INFO, "api-description-changed")], "patch"),
        ([change(Level.INFO, "api-description-changed"), change(Level.INFO)], "minor"),
        ([change(Level.WARNING, "request-parameter-removed")], "minor"),
        ([change(Level.INFO), change(Level.BREAKING, "api-removed-without-deprecation")], "major"),
    ],
)
def test_semver(changes: list[Change], semver: str) -> None:
    assert DiffReport("a", "b", changes).semver == semver


def test_summary_and_fail_on() -> None:
    changes = [change(Level.WARNING), change(Level.INFO), change(Level.INFO)]
    report = DiffReport("a", "b", changes)
    assert report.summary == {"breaking": 0, "warning": 1, "info": 2}
    assert not report.failed
    assert DiffReport("a", "b", changes, fail_on="warning").failed
    assert not DiffReport("a", "b", [change()], fail_on="never").failed


def test_github_escaping() -> None:
    nasty = change(
        message="GET /pets: 100% sure\r\nline two, with: colons",
        file="dir,with:odd%name.yaml",
        id="endpoint-added",
    )
    out = DiffReport("a", "b", [nasty]).render("github")
    first = out.splitlines()[0]
    assert first == (
        "::error file=dir%2Cwith%3Aodd%25name.yaml,line=3,title=endpoint-added"
        "::GET /pets: 100%25 sure%0D%0Aline two, with: colons"
    )
    assert len(out.splitlines()) == 2  # the command, then the summary line


def test_github_base_side_from_git_has_no_line() -> None:
    removed = change(side="base", line=40, message="GET /pets: path removed")
    out = DiffReport("git:main:api.yaml", "api.yaml", [removed], git_sides=frozenset({"base"}))
    first = out.render("github").splitlines()[0]
    assert first.startswith("::error file=api.yaml,title=endpoint-added::")
    assert "line 40 in git:main:api.yaml" in first


def test_junit_escapes_everything() -> None:
    nasty = change(message='GET /pets: <b>&"quoted"\x00\x1b]0;', path="/pets", id="endpoint-added")
    report = DiffReport('<base&"x">', "b]]>", [nasty])
    root = ET.fromstring(report.render("junit"))
    failure = root.find(".//failure")
    assert failure is not None and failure.text is not None
    assert '<b>&"quoted"' in failure.text
    assert "\x00" not in failure.text
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["base"] == '<base&"x">'
    assert props["revision"] == "b]]>"


def test_junit_without_changes_has_one_passing_case() -> None:
    root = ET.fromstring(DiffReport("a", "b", []).render("junit"))
    cases = root.findall(".//testcase")
    assert len(cases) == 1 and cases[0].find("failure") is None


def test_markdown_sections_and_escaping() -> None:
    changes = [
        change(Level.BREAKING, "api-removed-without-deprecation", "GET /pets: *removed* [x](y)"),
        change(Level.INFO, "endpoint-deprecated", "GET /pets: operation deprecated"),
        change(Level.WARNING, "request-parameter-removed", "GET /pets: parameter 'a_b' removed"),
        change(Level.INFO, "endpoint-added", "POST /pets: operation added", method="post"),
    ]
    md = DiffReport("a", "b", sorted(changes, key=Change.sort_key)).render("markdown")
    sections = re.findall(r"^## (.+)$", md, re.M)
    assert sections == ["Breaking changes", "Deprecations", "Changes"]
    assert r"\*removed\* \[x\](y)" in md
    assert r"parameter 'a\_b' removed (warning)" in md
    assert "- `POST /pets`\n  - operation added" in md
    assert DiffReport("a", "b", []).render("markdown") == "No changes to the API contract.\n"


def test_text_colour_only_when_asked() -> None:
    report = DiffReport("a", "b", [change()])
    assert "\x1b[" not in report.render("text")
    assert "\x1b[" in report.render("text", color=True)


def test_text_colour_respects_no_color(
    in_repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "diff", V1, V2).out
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" in run(capsys, "diff", V1, V2).out


def test_operation_label_strips_prefix() -> None:
    assert operation_label(change(message="GET /pets: x: y")) == ("GET /pets", "x: y")
    hook = change(message="webhook POST /pets: operation added", method="post")
    assert operation_label(hook) == ("webhook POST /pets", "operation added")
    api_wide = change(method=None, path=None, message="scheme removed")
    assert operation_label(api_wide) == ("API", "scheme removed")


def test_fill_lines_memoises_per_place() -> None:
    calls: list[Source] = []

    def locate(source: Source) -> tuple[int, int] | None:
        calls.append(source)
        return (7, 3) if source.file == "new.yaml" else (9, 1)

    def api(name: str) -> Api:
        return Api("t", "1", "3.0.3", Source(name, ""), locate=locate)

    same = [change(file="new.yaml", line=None) for _ in range(50)]
    old_side = change(file="old.yaml", line=None, side="base")
    filled = fill_lines([*same, old_side], api("old.yaml"), api("new.yaml"))
    assert [c.line for c in filled] == [7] * 50 + [9]
    assert len(calls) == 2


def test_lines_not_computed_for_markdown(
    in_repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object) -> tuple[int, int] | None:
        raise AssertionError("markdown must not pay for line numbers")

    monkeypatch.setattr(Api, "position", boom)
    assert run(capsys, "diff", V1, V2, "--format", "markdown").code == 1
    monkeypatch.undo()
    assert run(capsys, "diff", V1, V2, "--format", "text").code == 1  # the trap is the only fault
