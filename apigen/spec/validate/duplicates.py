"""``duplicate-key`` findings: a mapping that repeats a key, in any file of the spec.

The loader records repeated keys as it parses; the locator turns them into
pointers when it can (and the loader's line and column are kept when not).
"""

from __future__ import annotations

from apigen.errors import Diagnostic, Location, Severity
from apigen.spec.resolve import Spec, unescape_token

__all__ = ["_duplicate_keys"]

_ERROR = Severity.ERROR


def _duplicate_keys(spec: Spec) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for document in spec.documents.values():
        if not document.duplicate_keys:
            continue
        found = spec.locator(document).duplicate_keys()
        if found:
            for pointer, position in found:
                key = unescape_token(pointer.rsplit("/", 1)[-1])
                loc = Location(document.name, pointer, position.line, position.column)
                message = f"key {key!r} appears more than once in this mapping; the last one wins"
                out.append(Diagnostic("duplicate-key", _ERROR, message, loc))
        else:
            for dup in document.duplicate_keys:
                loc = Location(document.name, "", dup.line, dup.column)
                message = f"key {dup.key!r} appears more than once in a mapping; the last one wins"
                out.append(Diagnostic("duplicate-key", _ERROR, message, loc))
    return out
