"""The Jinja environment every target renders with, and the filters that keep spec text inert.

A spec is untrusted input.  Templates never paste spec text into code: every
string goes through :func:`py_literal` (a Python literal, like ``repr``) or
:func:`docstring` (text made safe inside triple quotes), and every name has
already been made by :mod:`apigen.ir.naming`; :func:`identifier` re-checks it.
"""

from __future__ import annotations

import json
import keyword
import math
import textwrap
from typing import Any

import jinja2

from apigen.render.templates import templates_dir

__all__ = ["docstring", "identifier", "make_env", "py_literal"]


def py_literal(value: Any) -> str:
    """A JSON value as Python source that evaluates to it (and to nothing else)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else 'float("-inf")'
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{py_literal(str(k))}: {py_literal(v)}" for k, v in value.items())
            + "}"
        )
    return repr(json.loads(json.dumps(value, default=str)))


def docstring(text: str | None, indent: int = 4) -> str:
    """Spec prose made safe between triple double quotes.

    Backslashes and quotes are escaped, so the text can neither end the
    docstring early nor smuggle an escape sequence; blank-line layout is kept.
    """
    if not text:
        return ""
    safe = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\r", "")
    if not safe.replace("\n", " ").replace("\t", " ").isprintable():  # the rare case
        safe = "".join(c if c.isprintable() or c in "\n\t" else _escape(c) for c in safe)
    pad = " " * indent
    width = max(40, 96 - indent)
    lines = []
    for line in safe.strip().splitlines():
        line = line.rstrip()
        # Long prose lines are wrapped (words are never split, so a long URL stays whole).
        lines += (
            textwrap.wrap(
                line,
                width,
                break_long_words=False,
                break_on_hyphens=False,
                subsequent_indent=" " * (len(line) - len(line.lstrip())),
            )
            if len(line) > width
            else [line]
        )
    # Blank lines get no indentation: whitespace-only lines are lint errors (W293) that the
    # formatter does not always clean up inside docstrings.
    result = "\n".join(pad + line if line and i else line for i, line in enumerate(lines))
    return result + " " if result.endswith('"') else result


def _escape(c: str) -> str:
    """A Python escape for one unprintable character (\\x, \\u or \\U by code point)."""
    code = ord(c)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def identifier(name: str) -> str:
    """Defence in depth: names reach templates already sanitised; refuse anything else."""
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"not a safe identifier: {name!r}")
    return name


def make_env(target: str) -> jinja2.Environment:
    """An environment for one target's template folder (``fastapi``, ``client``...)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / target)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["py"] = py_literal
    env.filters["doc"] = docstring
    env.filters["ident"] = identifier
    return env
