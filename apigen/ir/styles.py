"""``style``/``explode`` checked against what OpenAPI defines for where a value is sent.

Generated code types a style as one of the seven OpenAPI names and each serialiser accepts
only the styles of its location, so a style the spec forbids (``bogus``, ``deepObject`` on a
path, ``matrix`` in a query, 2.0's ``tsv``) must not reach the IR: it would give a client that
fails ``mypy --strict`` or raises on its first call.  The IR takes the location's default style
instead and the caller warns, naming the pointer of the ``style`` keyword.

Two combinations the style tables leave undefined ("n/a") are made explicit the way every
serialiser already sends them, so no wire format changes: ``spaceDelimited``/``pipeDelimited``
with ``explode: true`` are plain exploded ``form`` (one ``name=item`` per value), and
``deepObject`` with an explicit ``explode: false`` stays ``deepObject``, exploded.
"""

from __future__ import annotations

from dataclasses import dataclass

from apigen.ir.model import ParameterLocation

__all__ = ["ALLOWED_STYLES", "DEFAULT_STYLE", "Checked", "check_style"]

DEFAULT_STYLE: dict[ParameterLocation, str] = {
    "path": "simple",
    "query": "form",
    "header": "simple",
    "cookie": "form",
}
ALLOWED_STYLES: dict[ParameterLocation, tuple[str, ...]] = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}
_DELIMITED = ("spaceDelimited", "pipeDelimited")


@dataclass(frozen=True, slots=True)
class Checked:
    """The style and explode to use, and why they differ from the spec's (None if they don't)."""

    style: str
    explode: bool
    problem: str | None = None
    #: the keyword at fault, for the warning's pointer
    keyword: str = "style"


def default_explode(style: str) -> bool:
    """OpenAPI's default: ``explode`` is true for ``form`` and false for every other style."""
    return style == "form"


def check_style(
    location: ParameterLocation, style: object, explode: object, what: str = ""
) -> Checked:
    """``style``/``explode`` as written in the spec (absent: None) -> what the IR keeps.

    ``what`` names the value in messages (default: a ``location`` parameter).  Form and
    multipart ``encoding`` entries are checked as ``query`` (OpenAPI defines their styles as
    the query parameter's).
    """
    given = explode if isinstance(explode, bool) else None
    if style is None:
        chosen = DEFAULT_STYLE[location]
        return Checked(chosen, default_explode(chosen) if given is None else given)
    if not isinstance(style, str) or style not in ALLOWED_STYLES[location]:
        chosen = DEFAULT_STYLE[location]
        return Checked(
            chosen,
            default_explode(chosen) if given is None else given,
            f"style {_shown(style)} is not allowed for a {what or location + ' parameter'}; "
            f"using the default {chosen!r} (allowed: {', '.join(ALLOWED_STYLES[location])})",
        )
    if style in _DELIMITED and given is True:
        return Checked(
            "form",
            True,
            f"style {style!r} has no exploded form; sent as exploded 'form' (one pair per value)",
            "explode",
        )
    if style == "deepObject" and given is False:
        return Checked(
            style, True, "style 'deepObject' has no non-exploded form; sent exploded", "explode"
        )
    return Checked(style, default_explode(style) if given is None else given)


def _shown(value: object) -> str:
    """The offending value for a message: strings quoted, anything else by its JSON type."""
    if isinstance(value, str):
        return repr(value[:40])
    return f"of type {type(value).__name__}"
