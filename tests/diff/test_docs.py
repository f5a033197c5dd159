"""``docs/rules.md`` is generated from the registry and must match it."""

from __future__ import annotations

import re

from apigen.diff.docs import REGENERATE, render_docs
from apigen.diff.registry import all_rules

from .clirun import REPO

RULES_MD = REPO / "docs" / "rules.md"


def test_rules_md_is_current() -> None:
    committed = RULES_MD.read_text(encoding="utf-8") if RULES_MD.is_file() else ""
    assert committed == render_docs(), (
        f"docs/rules.md is out of date with the rule registry; regenerate it with: {REGENERATE}"
    )


def test_every_rule_has_one_row_with_its_level_and_direction() -> None:
    text = render_docs()
    rows = {
        m.group(1): (m.group(2), m.group(3))
        for m in re.finditer(r"^\| `([^`]+)` \| (\w+) \| ([\w-]+) \|", text, re.M)
    }
    rules = all_rules()
    assert len(rows) == len(rules)
    for r in rules:
        assert rows[r.id] == (r.level.label, r.direction)


def test_one_table_per_kind() -> None:
    text = render_docs()
    headings = re.findall(r"^## (.+)$", text, re.M)
    kinds = {r.kind for r in all_rules()}
    assert len(headings) == len(kinds)
    assert "Schemas" in headings and "Operations" in headings
