"""A diff's result and its renderings: text, markdown, json, junit, github.

:class:`DiffReport` holds the changes (already filtered and re-levelled by the
config) with the names of the two specs, and knows the summary counts, the
semantic-version bump they call for, and whether they fail a build at a given
``fail-on`` level.  Renderers are pure functions of the report; the JSON one is
a fixed interface::

    {"base": str, "revision": str,
     "summary": {"breaking": int, "warning": int, "info": int},
     "semver": "major" | "minor" | "patch" | "none",
     "changes": [{"id", "level", "method", "path", "pointer", "file", "line", "message"}]}
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

import click

from apigen.diff.config import FailOn
from apigen.diff.model import Change, Level
from apigen.ir.model import Api, Source

__all__ = [
    "FORMATS",
    "LINE_FORMATS",
    "DiffReport",
    "Format",
    "Semver",
    "fill_lines",
    "fail_level",
]

Format = Literal["text", "markdown", "json", "junit", "github"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "json", "junit", "github")
#: Formats that show line numbers: only these pay for locating changes in their files.
LINE_FORMATS: frozenset[str] = frozenset({"text", "json", "junit", "github"})
Semver = Literal["major", "minor", "patch", "none"]

_HEADINGS = {Level.BREAKING: "Breaking changes", Level.WARNING: "Warnings", Level.INFO: "Info"}
_COLOURS = {Level.BREAKING: "red", Level.WARNING: "yellow", Level.INFO: "cyan"}
_API_WIDE = "API"


def fail_level(fail_on: FailOn) -> Level | None:
    """The least severe level that fails the build; None for ``never``."""
    return None if fail_on == "never" else Level.parse(fail_on)


def fill_lines(changes: Iterable[Change], old: Api, new: Api) -> list[Change]:
    """Set ``line`` on each change from the spec its ``side`` points into.

    The first lookup in a file builds that file's line index (about a second on
    a 10 MB spec); lookups are memoised per (side, file, pointer) because one
    shared component often yields thousands of changes at the same place.
    """
    memo: dict[tuple[str, str, str], int | None] = {}
    out: list[Change] = []
    for change in changes:
        if change.line is not None or change.file is None:
            out.append(change)
            continue
        key = (change.side, change.file, change.pointer)
        if key not in memo:
            api = old if change.side == "base" else new
            position = api.position(Source(change.file, change.pointer))
            memo[key] = position[0] if position else None
        line = memo[key]
        out.append(change if line is None else _at_line(change, line))
    return out


def _at_line(c: Change, line: int) -> Change:
    """``replace(c, line=line)`` without its per-call field introspection (69k calls on Stripe)."""
    return Change(
        c.id, c.level, c.message, c.method, c.path, c.pointer, c.file, line, c.sdk, c.side
    )


@cache
def _bumps() -> dict[str, str]:
    from apigen.diff.registry import all_rules

    return {r.id: r.bump for r in all_rules()}


@dataclass
class DiffReport:
    """What ``apigen diff`` found between ``base`` and ``revision`` (display names)."""

    base: str
    revision: str
    changes: list[Change]
    fail_on: FailOn = "breaking"
    #: sides ("base"/"revision") read from git: their files are not in the working tree
    git_sides: frozenset[str] = field(default_factory=frozenset)

    @property
    def summary(self) -> dict[str, int]:
        levels = [change.level for change in self.changes]
        # list.count compares levels as ints, in C: 69k changes on Stripe's pair
        return {level.label: levels.count(level) for level in sorted(Level, reverse=True)}

    @property
    def semver(self) -> Semver:
        """The version bump the changes call for: major, minor, patch (docs only) or none."""
        if not self.changes:
            return "none"
        if any(c.level is Level.BREAKING for c in self.changes):
            return "major"
        bumps = _bumps()
        if any(bumps.get(c.id, "minor") == "minor" for c in self.changes):
            return "minor"
        return "patch"

    @property
    def failing(self) -> list[Change]:
        """Changes at or above the ``fail_on`` level."""
        threshold = fail_level(self.fail_on)
        if threshold is None:
            return []
        return [c for c in self.changes if c.level >= threshold]

    @property
    def failed(self) -> bool:
        return bool(self.failing)

    def render(self, fmt: Format, *, color: bool = False) -> str:
        renderers: dict[str, Callable[[DiffReport], str]] = {
            "text": lambda r: render_text(r, color=color),
            "markdown": render_markdown,
            "json": render_json,
            "junit": render_junit,
            "github": render_github,
        }
        return renderers[fmt](self)

    def summary_line(self) -> str:
        s = self.summary
        return (
            f"{s['breaking']} breaking, {_plural(s['warning'], 'warning')}, {s['info']} info "
            f"(semver: {self.semver})"
        )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


# --------------------------------------------------------------------------- grouping


_KIND_PREFIX = re.compile(r"[\w-]+ ")  # "webhook ", "callback-x "


def operation_label(change: Change) -> tuple[str, str]:
    """(operation heading, message without it): ``("GET /pets", "parameter 'x' removed")``.

    The engine prefixes messages with the operation (``webhook POST x`` for
    webhooks and callbacks); grouped renderers show it once as a heading.
    """
    if change.method is None or change.path is None:
        return _API_WIDE, change.message
    label = f"{change.method.upper()} {change.path}"
    prefix = label + ": "
    message = change.message
    if message.startswith(prefix):  # the common case, checked first: 69k calls on Stripe
        return label, message[len(prefix) :]
    head, sep, rest = message.partition(prefix)
    if sep and _KIND_PREFIX.fullmatch(head):
        return head + label, rest
    return label, message


def _grouped(changes: Iterable[Change]) -> dict[str, list[tuple[Change, str]]]:
    groups: dict[str, list[tuple[Change, str]]] = {}
    for change in changes:
        label, message = operation_label(change)
        groups.setdefault(label, []).append((change, message))
    if _API_WIDE in groups:  # API-wide changes first
        groups = {_API_WIDE: groups.pop(_API_WIDE), **groups}
    return groups


def _where(change: Change) -> str | None:
    if change.file is None:
        return None
    return change.file if change.line is None else f"{change.file}:{change.line}"


# --------------------------------------------------------------------------- text


def render_text(report: DiffReport, *, color: bool = False) -> str:
    """Grouped by level, then by operation; ``file:line`` under each change."""

    def style(text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if color else text  # type: ignore[arg-type]

    lines = [f"apigen diff: {report.base} -> {report.revision}"]
    if not report.changes:
        lines += ["", "No changes."]
    for level in sorted(Level, reverse=True):
        at_level = [c for c in report.changes if c.level is level]
        if not at_level:
            continue
        lines += ["", style(f"{_HEADINGS[level]} ({len(at_level)})", fg=_COLOURS[level], bold=True)]
        for label, items in _grouped(at_level).items():
            lines.append("  " + style(label, bold=True))
            for change, message in items:
                lines.append(f"    - {message}")
                detail = change.id + (" [sdk]" if change.sdk else "")
                where = _where(change)
                if where:
                    detail += f" at {where}" + (" (base)" if change.side == "base" else "")
                lines.append("      " + style(detail, dim=True))
    lines += ["", report.summary_line()]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- markdown

#: Markdown's special characters, each escaped with a backslash (the backslash first).
_MD_SPECIAL = "\\`*_[]<>|#~"


def _md(text: str) -> str:
    text = " ".join(text.split())
    for char in _MD_SPECIAL:  # str.replace per character: 5x faster than a regex or translate
        if char in text:
            text = text.replace(char, "\\" + char)
    return text


def _code(text: str) -> str:
    text = " ".join(text.split())
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if fence != "`" or text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _is_deprecation(change: Change) -> bool:
    return change.id.endswith("-deprecated") and "removed" not in change.id


def render_markdown(report: DiffReport) -> str:
    """A changelog section for release notes: breaking changes, deprecations, other changes."""
    breaking = [c for c in report.changes if c.level is Level.BREAKING]
    rest = [c for c in report.changes if c.level is not Level.BREAKING]
    sections = [
        ("Breaking changes", breaking),
        ("Deprecations", [c for c in rest if _is_deprecation(c)]),
        ("Changes", [c for c in rest if not _is_deprecation(c)]),
    ]
    out: list[str] = []
    for title, changes in sections:
        if not changes:
            continue
        if out:
            out.append("")
        out += [f"## {title}", ""]
        for label, items in _grouped(changes).items():
            out.append(f"- {_code(label) if label != _API_WIDE else 'API-wide'}")
            for change, message in items:
                tags = []
                if change.level is Level.WARNING and title == "Changes":
                    tags.append("warning")
                if change.sdk:
                    tags.append("SDK")
                suffix = f" ({', '.join(tags)})" if tags else ""
                out.append(f"  - {_md(message)}{suffix}")
    if not out:
        out = ["No changes to the API contract."]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- json


def render_json(report: DiffReport) -> str:
    """``json.dumps(document, indent=2, ensure_ascii=False)``, byte for byte, but fast.

    With ``indent`` the standard library encodes in pure Python (a second for
    Stripe's 69,000 changes); the changes are flat objects of known keys, so each
    is written from a template with the C string encoder instead.
    """
    head = {
        "base": report.base,
        "revision": report.revision,
        "summary": report.summary,
        "semver": report.semver,
    }
    text = json.dumps(head, indent=2, ensure_ascii=False)[:-2]  # without the closing "\n}"
    if not report.changes:
        return text + ',\n  "changes": []\n}\n'
    items = ",\n".join(_json_change(c) for c in report.changes)
    return f'{text},\n  "changes": [\n{items}\n  ]\n}}\n'


_JSON_STRING = json.encoder.encode_basestring  # the C one when available, as json.dumps uses


def _level_labels() -> list[str]:
    """Each level's JSON text in a list indexed by the level (an int: no enum hashing)."""
    labels = [""] * (max(Level) + 1)
    for level in Level:
        labels[level] = _JSON_STRING(level.label)
    return labels


_LABELS = _level_labels()


def _json_value(value: object) -> str:
    if value is None:
        return "null"
    if type(value) is str:
        return _JSON_STRING(value)
    if type(value) is int:
        return int.__repr__(value)  # as json.dumps writes integers
    return json.dumps(value, ensure_ascii=False)


def _json_change(c: Change) -> str:
    """One element of ``changes`` as ``json.dumps(c.as_json(), indent=2)`` nests it."""
    return (
        f'    {{\n      "id": {_JSON_STRING(c.id)},'
        f'\n      "level": {_LABELS[c.level]},'
        f'\n      "method": {_json_value(c.method)},'
        f'\n      "path": {_json_value(c.path)},'
        f'\n      "pointer": {_JSON_STRING(c.pointer)},'
        f'\n      "file": {_json_value(c.file)},'
        f'\n      "line": {_json_value(c.line)},'
        f'\n      "message": {_JSON_STRING(c.message)}\n    }}'
    )


# --------------------------------------------------------------------------- junit

# Characters XML 1.0 cannot carry at all, escaped or not.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def render_junit(report: DiffReport) -> str:
    """One testcase per operation; a failure when it has changes at/above ``fail_on``."""
    threshold = fail_level(report.fail_on)
    groups = _grouped(report.changes)
    suite_name = _xml(f"apigen diff {report.base} -> {report.revision}")
    root = ET.Element("testsuites", name="apigen diff")
    suite = ET.SubElement(root, "testsuite", name=suite_name)
    props = ET.SubElement(suite, "properties")
    for key, value in (
        ("base", report.base),
        ("revision", report.revision),
        ("semver", report.semver),
        ("fail-on", report.fail_on),
    ):
        ET.SubElement(props, "property", name=key, value=_xml(value))
    failures = 0
    if not groups:
        ET.SubElement(suite, "testcase", classname="apigen.diff", name="no changes", time="0")
    for label, items in groups.items():
        case = ET.SubElement(suite, "testcase", classname="apigen.diff", name=_xml(label), time="0")
        bad: list[tuple[Change, str]] = []
        others: list[tuple[Change, str]] = []
        for change, message in items:
            failing = threshold is not None and change.level >= threshold
            (bad if failing else others).append((change, message))
        if bad:
            failures += 1
            worst = max(c.level for c, _ in bad)
            failure = ET.SubElement(
                case,
                "failure",
                message=_xml(
                    f"{len(bad)} {worst.label} change{'s' * (len(bad) != 1)}: {bad[0][1]}"
                ),
                type=worst.label,
            )
            failure.text = _xml("\n".join(_junit_line(c, m) for c, m in bad))
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = _xml("\n".join(_junit_line(c, m) for c, m in others))
    count = max(len(groups), 1)
    for element in (root, suite):
        element.set("tests", str(count))
        element.set("failures", str(failures))
        element.set("errors", "0")
    suite.set("skipped", "0")
    suite.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _junit_line(change: Change, message: str) -> str:
    where = _where(change)
    at = f" at {where}" + (" (base)" if change.side == "base" else "") if where else ""
    return f"{change.level.label}: [{change.id}] {message}{at}"


# --------------------------------------------------------------------------- github

_COMMANDS = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: DiffReport) -> str:
    """GitHub Actions workflow commands: one annotation per change, then a summary line.

    A change in a spec read from git (``git:REF:PATH``) is annotated on the file
    without a line: its line belongs to the old revision, not to the checkout.
    """
    lines = []
    for change in report.changes:
        props = []
        message = change.message
        if change.file is not None:
            props.append(f"file={_gh_property(change.file)}")
            if change.line is not None:
                if change.side in report.git_sides:
                    message += f" (line {change.line} in {_side_name(report, change)})"
                else:
                    props.append(f"line={change.line}")
        props.append(f"title={_gh_property(change.id)}")
        lines.append(f"::{_COMMANDS[change.level]} {','.join(props)}::{_gh_data(message)}")
    lines.append(f"apigen diff {report.base} -> {report.revision}: {report.summary_line()}")
    return "\n".join(lines) + "\n"


def _side_name(report: DiffReport, change: Change) -> str:
    return report.base if change.side == "base" else report.revision
