"""The formatter pass: black's style, deterministic, only on Python files."""

from __future__ import annotations

import pytest

from apigen.errors import ApigenError
from apigen.render.format import format_tree

UGLY = "def f( a,b ):\n  return {  'a':a,'b' :b }\n"
PRETTY = 'def f(a, b):\n    return {"a": a, "b": b}\n'


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_formats_python_only(formatter: str) -> None:
    out = format_tree({"pkg/m.py": UGLY, "README.md": "keep  this  "}, formatter)  # type: ignore[arg-type]
    assert out == {"pkg/m.py": PRETTY, "README.md": "keep  this  "}


def test_none_is_identity() -> None:
    assert format_tree({"m.py": UGLY}, "none") == {"m.py": UGLY}


def test_syntax_error_is_reported_not_swallowed() -> None:
    with pytest.raises(ApigenError, match="formatter ruff failed"):
        format_tree({"m.py": "def (:\n"}, "ruff")
