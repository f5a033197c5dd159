"""Three keywords of the served contract, read one way: ``$ref``, null-ability, ``pattern``.

Mock answers (:mod:`.mock`) and the contract check (:mod:`.conformance`) both walk the
contract's raw Schema Objects, and a mock answer is vetted by the check: when the two read a
reference, a null or a pattern differently, mock data fails the check that vets it.  So
both read them here, once.

The contract is untrusted input like any request: nothing here raises on a malformed
reference or pattern, and no pattern meets a client's text on an engine that can backtrack.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote

from pydantic_core import SchemaValidator, ValidationError, core_schema

__all__ = ["MAX_HOPS", "deref", "is_nullable", "lookup", "pattern_search", "resolve_pointer"]

#: ``$ref`` links followed in one chain; a longer chain is taken for a cycle.
MAX_HOPS = 32

_ABSENT: Any = object()


def lookup(document: Any, pointer: str, default: Any = None) -> Any:
    """The node at a local JSON pointer in ``document``, or ``default`` when none is there.

    ``pointer`` is a URI fragment (``#/a/b``: percent-encoding is undone first, RFC 6901
    section 6, since ``{``, ``}`` and spaces come encoded in refs) or a plain JSON pointer
    (``/a/b``, taken literally: a path key may hold a ``%``); ``""`` and ``"#"`` name the
    document.  Anything else (another document, a plain-name fragment) is not local.
    Tokens read ``~1`` as ``/`` then ``~0`` as ``~``; a list index is ASCII digits without
    a leading zero, within bounds (``int()`` would take ``-1``, ``' 1'``, ``'1_0'`` and
    non-ASCII digits).
    """
    text = unquote(pointer[1:]) if pointer.startswith("#") else pointer
    if text and not text.startswith("/"):
        return default
    node = document
    for token in text.split("/")[1:]:
        node = _child(node, token.replace("~1", "/").replace("~0", "~"))
        if node is _ABSENT:
            return default
    return node


def _child(node: Any, key: str) -> Any:
    if isinstance(node, Mapping):
        return node.get(key, _ABSENT)
    if isinstance(node, list) and _is_index(key) and int(key) < len(node):
        return node[int(key)]
    return _ABSENT


def _is_index(key: str) -> bool:
    return key.isascii() and key.isdigit() and (key == "0" or not key.startswith("0"))


def resolve_pointer(document: Any, pointer: str) -> Any:
    """:func:`lookup` that raises ``KeyError(pointer)`` when nothing is there."""
    node = lookup(document, pointer, _ABSENT)
    if node is _ABSENT:
        raise KeyError(pointer)
    return node


def deref(document: Any, node: Any, default: Any = None) -> Any:
    """``node`` with its ``$ref`` chain followed, or ``default`` when a link leads nowhere
    (a ``$ref`` is a URI: only a fragment, ``#/...``, is local) or the chain goes round
    (more than :data:`MAX_HOPS` links)."""
    for _ in range(MAX_HOPS + 1):
        if not (isinstance(node, Mapping) and isinstance(node.get("$ref"), str)):
            return node
        ref = node["$ref"]
        node = lookup(document, ref, _ABSENT) if ref.startswith("#") else _ABSENT
        if node is _ABSENT:
            return default
    return default


def is_nullable(schema: Mapping[str, Any]) -> bool:
    """Whether ``schema`` admits ``null`` besides its type, in any of the three spellings:
    ``nullable: true`` (3.0), ``x-nullable: true`` (the 2.0 extension the models honour
    too), a ``type`` list with ``"null"`` (3.1)."""
    kind = schema.get("type")
    return (
        schema.get("nullable") is True
        or schema.get("x-nullable") is True
        or (isinstance(kind, list) and "null" in kind)
    )


def pattern_search(pattern: str, text: str, *, client_text: bool) -> bool:
    """Whether ``pattern`` matches somewhere in ``text`` (unreadable patterns: True).

    A contract's pattern meets a client's text in the contract check, and Python's
    backtracking engine can be made to run for minutes by one crafted value (``^(a+)+$``
    against ``"a" * 40 + "!"``).  So every pattern runs on the linear-time engine pydantic
    validates with.  One that engine cannot read (look-around, back-references) is not
    judged on a client's text (``client_text``); on text the contract or the mock generator
    wrote (examples, generated data) it runs on Python's engine, which reads those.
    """
    matches = _linear(pattern)
    if matches is not None:
        return matches(text)
    if client_text:
        return True
    try:
        return re.search(pattern, text) is not None
    except (re.error, OverflowError, RecursionError):
        return True  # no engine reads it: not ours to judge


@functools.lru_cache(maxsize=1024)
def _linear(pattern: str) -> Callable[[str], bool] | None:
    """A linear-time matcher for ``pattern`` (pydantic-core's Rust regex), or None."""
    try:
        validator = SchemaValidator(core_schema.str_schema(pattern=pattern))
    except Exception:  # any refusal means: not readable by that engine
        return None

    def matches(text: str) -> bool:
        try:
            validator.validate_python(text)
        except ValidationError:
            return False
        return True

    return matches
