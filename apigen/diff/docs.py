"""The rule catalogue, generated from the registry: ``docs/rules.md`` and ``apigen rules``.

Regenerate the committed page after adding or changing a rule::

    python -m apigen.diff.docs > docs/rules.md
"""

from __future__ import annotations

import json
import sys

from apigen.diff.registry import Rule, all_rules

__all__ = ["KINDS", "render_docs", "render_rules"]

#: Kinds in catalogue order, with the heading of their table.
KINDS: dict[str, str] = {
    "api": "API-wide",
    "operation": "Operations",
    "parameter": "Parameters",
    "request-body": "Request bodies",
    "response": "Responses",
    "header": "Response headers",
    "security": "Security",
    "schema": "Schemas",
}

REGENERATE = "python -m apigen.diff.docs > docs/rules.md"

INTRO = """\
# Diff rules

<!-- Generated from apigen/diff/registry.py: do not edit by hand.
     Regenerate with: {regenerate} -->

`apigen diff BASE REVISION` pairs the operations, parameters, bodies, responses and schemas of two
versions of a contract and runs each rule below over the pairs it inspects. Every reported change
carries the id of the rule that found it; ids are stable (they follow
[oasdiff](https://github.com/oasdiff/oasdiff)'s where the meaning is the same, so ignore lists
carry over). `apigen rules` prints this list in the terminal (`--format json` for tools).

**Levels.** `breaking`: existing clients can fail (a removed operation, a parameter that became
required). `warning`: some clients may fail, depending on how they were written (a removed
optional response property, a removed parameter). `info`: compatible (an added operation, a
relaxed constraint). `apigen diff` exits 1 when a change at or above `--fail-on` (default
`breaking`) remains.

**Directions.** Whether a change breaks depends on who sends the data. In a *request* the client
writes and the server reads: tightening (a new required property, a removed enum value, a lower
maximum) breaks clients, loosening does not. In a *response* the server writes and the client
reads: loosening (a new enum value, a property that may now be missing) can break clients,
tightening does not. Schema rules are written once and listed here once per place a schema is
used, each with its own id and level: `request-property-enum-value-removed` is breaking,
`response-property-enum-value-removed` is info. Callbacks reverse the directions (the API calls
the client). `-` means the rule is not about data flow.

**SDK.** Rules marked *SDK* find changes that keep the wire contract but change code generated
from it: a new operationId renames a client method, a renamed schema renames a class, a new tag
moves an operation to another client group. Raise their level (see below) when you publish
generated SDKs. They are: {sdk_rules}.

**Semantic versioning.** Each report carries the version bump its changes call for: `major` when
any change is breaking (after your configuration), else `minor` when anything was added or
changed, else `patch` when only documentation changed (summaries, descriptions), else `none`.

**Configuration.** In `pyproject.toml` (or a file given with `--config`, with the same keys at its
top level), change a rule's level or accept specific changes:

```toml
[tool.apigen.diff]
fail-on = "breaking"                          # breaking | warning | never
levels = {{ "operation-id-changed" = "breaking", "response-optional-property-removed" = "info" }}

[[tool.apigen.diff.ignore]]
rule = "request-parameter-became-required"
operation = "GET /loans"                      # optional; path parameters may have any names
reason = "the server always rejected calls without memberId"
until = 2027-01-31                            # optional; a warning is printed once it has passed
```

Unknown rule ids in `levels` or `ignore` are errors, so a typo cannot silently disable a check.

{count} rules in {kinds} groups:
"""


def _escape_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _rules_by_kind(rules: list[Rule]) -> dict[str, list[Rule]]:
    grouped: dict[str, list[Rule]] = {kind: [] for kind in KINDS}
    for r in rules:
        grouped.setdefault(r.kind, []).append(r)
    return {kind: items for kind, items in grouped.items() if items}


def render_docs() -> str:
    """The whole of ``docs/rules.md``."""
    rules = all_rules()
    grouped = _rules_by_kind(rules)
    sdk_rules = ", ".join(f"`{r.id}`" for r in rules if r.sdk) or "none yet"
    intro = INTRO.format(
        regenerate=REGENERATE, count=len(rules), kinds=len(grouped), sdk_rules=sdk_rules
    )
    out = [intro.rstrip("\n")]
    out.append("")
    for kind in grouped:
        anchor = KINDS.get(kind, kind).lower().replace(" ", "-")
        out.append(f"- [{KINDS.get(kind, kind)}](#{anchor}) ({len(grouped[kind])})")
    for kind, items in grouped.items():
        out += ["", f"## {KINDS.get(kind, kind)}", ""]
        out += ["| Rule | Level | Direction | Description |", "|---|---|---|---|"]
        for r in items:
            description = _escape_cell(r.description) + (" *SDK*" if r.sdk else "")
            out.append(f"| `{r.id}` | {r.level.label} | {r.direction} | {description} |")
    return "\n".join(out) + "\n"


def render_rules(fmt: str = "text") -> str:
    """``apigen rules``: every rule, in ``text``, ``markdown`` or ``json``."""
    rules = all_rules()
    if fmt == "json":
        return (
            json.dumps(
                [
                    {
                        "id": r.id,
                        "level": r.level.label,
                        "direction": r.direction,
                        "kind": r.kind,
                        "sdk": r.sdk,
                        "bump": r.bump,
                        "description": r.description,
                    }
                    for r in rules
                ],
                indent=2,
            )
            + "\n"
        )
    if fmt == "markdown":
        out = [
            "| Rule | Level | Direction | Kind | SDK | Description |",
            "|---|---|---|---|---|---|",
        ]
        out += [
            f"| `{r.id}` | {r.level.label} | {r.direction} | {r.kind} | "
            f"{'yes' if r.sdk else ''} | {_escape_cell(r.description)} |"
            for r in rules
        ]
        return "\n".join(out) + "\n"
    header = ("RULE", "LEVEL", "DIRECTION", "KIND", "SDK", "DESCRIPTION")
    rows = [header] + [
        (r.id, r.level.label, r.direction, r.kind, "sdk" if r.sdk else "-", r.description)
        for r in rules
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:5], widths, strict=True))
        + "  "
        + row[5]
        for row in rows
    ]
    return "\n".join(lines) + f"\n\n{len(rules)} rules\n"


def main() -> None:
    sys.stdout.write(render_docs())


if __name__ == "__main__":
    main()
