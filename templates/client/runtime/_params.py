"""Serialising OpenAPI parameters (path, query, header, cookie) onto the wire.

Each parameter carries the ``style``/``explode`` pair from the spec. The output follows the
style-examples table of OpenAPI 3.1.1 (which fixed 3.1.0's ``label``/``explode: false`` row to
match RFC 6570) including its percent-encoding: values are encoded so that the delimiters the
style adds (``,`` ``;`` ``.`` ``=`` ``&``) stay unambiguous, and characters outside RFC 3986 such
as ``|``, ``[`` and ``]`` are always encoded. ``None`` means "not sent": a None parameter, array
item or object member is left out rather than rendered as an empty value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from ._serialize import dumps_compact, to_jsonable

Style = Literal[
    "simple", "label", "matrix", "form", "spaceDelimited", "pipeDelimited", "deepObject"
]
Location = Literal["path", "query", "header", "cookie"]

_DEFAULT_STYLE: dict[Location, Style] = {
    "path": "simple",
    "query": "form",
    "header": "simple",
    "cookie": "form",
}
_ALLOWED_STYLES: dict[Location, frozenset[str]] = {
    "path": frozenset({"simple", "label", "matrix"}),
    "query": frozenset({"form", "spaceDelimited", "pipeDelimited", "deepObject"}),
    "header": frozenset({"simple"}),
    "cookie": frozenset({"form"}),
}
# RFC 3986 reserved characters a value may keep when the spec sets allowReserved. "#" is never
# kept (it would end the URL), nor "?" in a path (it would start the query).
_RESERVED_QUERY = ":/?[]@!$&'()*+,;="
_RESERVED_PATH = ":/[]@!$&'()*+,;="
# RFC 6265 cookie-octets, minus "%" so that encoded values stay decodable.
_COOKIE_SAFE = "".join(
    chr(c) for c in range(0x21, 0x7F) if chr(c) not in '",;\\%' and not chr(c).isalnum()
)
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_PCT_TRIPLET = re.compile(r"(%[0-9A-Fa-f]{2})")

Encoder = Callable[[str], str]


@dataclass(frozen=True)
class Param:
    """One operation parameter as the generated code knows it from the spec.

    ``style`` and ``explode`` default to the spec's defaults for the location the parameter is
    serialised into (``simple``/false for path and header, ``form``/true for query and cookie), so
    generated code only spells them out when the spec does. ``content_type`` is set for
    parameters described with ``content`` instead of ``schema``; JSON media types are sent as
    compact JSON text.
    """

    name: str
    value: object
    style: Style | None = None
    explode: bool | None = None
    allow_reserved: bool = False
    content_type: str | None = None

    def resolved_style(self, location: Location) -> Style:
        """The style to use, checked against those the spec allows for ``location``."""
        style = self.style or _DEFAULT_STYLE[location]
        if style not in _ALLOWED_STYLES[location]:
            raise ValueError(
                f"style {style!r} is not valid for {location} parameter {self.name!r}; "
                f"use one of {sorted(_ALLOWED_STYLES[location])}"
            )
        return style

    def resolved_explode(self, style: Style) -> bool:
        """``explode`` as given, else the spec default: true for form, false otherwise."""
        if self.explode is not None:
            return self.explode
        return style in ("form", "deepObject")


def _strict(text: str) -> str:
    """Percent-encode everything but RFC 3986 unreserved characters."""
    return quote(text, safe="")


def _keeping(reserved: str) -> Encoder:
    """An encoder that leaves ``reserved`` characters and existing ``%XX`` triplets alone."""

    def encode(text: str) -> str:
        parts = _PCT_TRIPLET.split(text)
        return "".join(
            part if _PCT_TRIPLET.fullmatch(part) else quote(part, safe=reserved) for part in parts
        )

    return encode


def _cookie_encode(text: str) -> str:
    """Encode only what a cookie value may not contain, so tokens like ``a=b`` survive."""
    return quote(text, safe=_COOKIE_SAFE)


def _scalar(value: object) -> str:
    """Render one jsonable leaf as text: booleans as ``true``/``false`` like JSON does."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    # Nested arrays and objects have no standard styled form; JSON is the least surprising.
    return dumps_compact(value)


def _prepared(param: Param) -> object:
    """The parameter value as jsonable data (None when it must not be sent)."""
    if param.value is None:
        return None
    data = to_jsonable(param.value, exclude_none=True)
    if param.content_type is not None:
        if "json" in param.content_type.lower():
            return dumps_compact(data)
        return _scalar(data)
    return data


def _items(value: list[object], encode: Encoder) -> list[str]:
    """Encoded array items, skipping None (undefined values are not sent)."""
    return [encode(_scalar(item)) for item in value if item is not None]


def _pairs(value: Mapping[str, object], encode: Encoder) -> list[tuple[str, str]]:
    """Encoded object members, skipping None-valued ones."""
    return [(encode(key), encode(_scalar(item))) for key, item in value.items() if item is not None]


def _path_value(param: Param, encode: Encoder) -> str:
    """Expand one path parameter in the simple, label or matrix style (RFC 6570)."""
    style = param.resolved_style("path")
    explode = param.resolved_explode(style)
    value = _prepared(param)
    if value is None:
        raise ValueError(f"path parameter {param.name!r} is required but was None")
    name = _strict(param.name)
    prefix = {"simple": "", "label": ".", "matrix": ";"}[style]
    if isinstance(value, list):
        items = _items(value, encode)
        if style == "matrix":
            if explode:
                return "".join(f";{name}={item}" if item else f";{name}" for item in items)
            return f";{name}={','.join(items)}" if items else f";{name}"
        return prefix + ("." if explode and style == "label" else ",").join(items)
    if isinstance(value, dict):
        pairs = _pairs(value, encode)
        if explode:
            joiner = {"simple": ",", "label": ".", "matrix": ";"}[style]
            rendered = [
                f"{key}={item}" if item or style != "matrix" else key for key, item in pairs
            ]
            return prefix + joiner.join(rendered)
        flat = ",".join(f"{key},{item}" for key, item in pairs)
        if style == "matrix":
            return f";{name}={flat}" if flat else f";{name}"
        return prefix + flat
    text = encode(_scalar(value))
    if style == "matrix":
        return f";{name}={text}" if text else f";{name}"
    return prefix + text


def _deep_object(prefix: str, value: Mapping[str, object], encode: Encoder) -> list[str]:
    """``name[key]=value`` pairs; nested objects nest brackets, arrays repeat the key."""
    out: list[str] = []
    for key, item in value.items():
        full = f"{prefix}%5B{encode(key)}%5D"
        if isinstance(item, dict):
            out.extend(_deep_object(full, item, encode))
        elif isinstance(item, list):
            out.extend(f"{full}={text}" for text in _items(item, encode))
        elif item is not None:
            out.append(f"{full}={encode(_scalar(item))}")
    return out


def _query_pieces(param: Param) -> list[str]:
    """Expand one query parameter into ``key=value`` pieces (joined with ``&`` by the caller)."""
    style = param.resolved_style("query")
    explode = param.resolved_explode(style)
    value = _prepared(param)
    if value is None:
        return []
    encode = _keeping(_RESERVED_QUERY) if param.allow_reserved else _strict
    name = _strict(param.name)
    if style == "deepObject" and isinstance(value, dict):
        return _deep_object(name, value, encode)
    if style == "deepObject":
        style, explode = "form", True  # only objects have a deepObject form
    separator = {"form": ",", "spaceDelimited": "%20", "pipeDelimited": "%7C"}[style]
    if isinstance(value, list):
        items = _items(value, encode)
        if explode:
            return [f"{name}={item}" for item in items]
        return [f"{name}={separator.join(items)}"]
    if isinstance(value, dict):
        pairs = _pairs(value, encode)
        if explode:
            return [f"{key}={item}" for key, item in pairs]
        return [f"{name}=" + separator.join(f"{key}{separator}{item}" for key, item in pairs)]
    return [f"{name}={encode(_scalar(value))}"]


def render_path(template: str, params: Sequence[Param]) -> str:
    """Substitute every ``{name}`` of a path template with its serialised, encoded parameter.

    A placeholder without a parameter is an error rather than a literal ``{name}`` on the wire.
    """
    by_name = {param.name: param for param in params}

    def substitute(match: re.Match[str]) -> str:
        param = by_name.get(match.group(1))
        if param is None:
            raise ValueError(f"no value for path parameter {match.group(1)!r} of {template!r}")
        encode = _keeping(_RESERVED_PATH) if param.allow_reserved else _strict
        return _path_value(param, encode)

    return _PLACEHOLDER.sub(substitute, template)


def encode_query(params: Sequence[Param]) -> str:
    """Build a percent-encoded query string (without ``?``) from query parameters, in order."""
    return "&".join(piece for param in params for piece in _query_pieces(param))


def serialize_header(param: Param) -> str | None:
    """The header value for one header parameter (simple style, not percent-encoded)."""
    style = param.resolved_style("header")
    explode = param.resolved_explode(style)
    value = _prepared(param)
    if value is None:
        return None
    if isinstance(value, list):
        return ",".join(_items(value, _identity))
    if isinstance(value, dict):
        pairs = _pairs(value, _identity)
        if explode:
            return ",".join(f"{key}={item}" for key, item in pairs)
        return ",".join(f"{key},{item}" for key, item in pairs)
    return _scalar(value)


def serialize_headers(params: Sequence[Param]) -> list[tuple[str, str]]:
    """``(name, value)`` pairs for header parameters, skipping those whose value is None."""
    out: list[tuple[str, str]] = []
    for param in params:
        value = serialize_header(param)
        if value is not None:
            out.append((param.name, value))
    return out


def serialize_cookies(params: Sequence[Param]) -> list[tuple[str, str]]:
    """``(name, value)`` cookie pairs in the form style; exploded values give several pairs."""
    out: list[tuple[str, str]] = []
    for param in params:
        style = param.resolved_style("cookie")
        explode = param.resolved_explode(style)
        value = _prepared(param)
        if value is None:
            continue
        if isinstance(value, list):
            items = _items(value, _cookie_encode)
            if explode:
                out.extend((param.name, item) for item in items)
            else:
                out.append((param.name, ",".join(items)))
        elif isinstance(value, dict):
            pairs = _pairs(value, _cookie_encode)
            if explode:
                out.extend(pairs)
            else:
                out.append((param.name, ",".join(f"{key},{item}" for key, item in pairs)))
        else:
            out.append((param.name, _cookie_encode(_scalar(value))))
    return out


def cookie_header(pairs: Sequence[tuple[str, str]]) -> str:
    """Join cookie pairs into one ``Cookie`` header value (RFC 6265 uses ``; ``)."""
    return "; ".join(f"{name}={value}" for name, value in pairs)


def _identity(text: str) -> str:
    return text
