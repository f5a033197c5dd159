"""Parameter values and bodies as they go on the wire, per OpenAPI's ``style``/``explode``.

The generated tests carry requests already serialised (``("status", "available,reserved")``
rather than a list and a style), so a reader sees the exact request.  The table is the one
in the OpenAPI specification (Parameter Object, style values): ``simple``, ``label``,
``matrix`` in paths; ``form``, ``spaceDelimited``, ``pipeDelimited``, ``deepObject`` in
queries; ``simple`` in headers; ``form`` in cookies.  A parameter described with
``content`` is sent as that media type (JSON text).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from apigen.ir.model import Body, MediaType, Parameter
from apigen.render.tests_view import BodyView

__all__ = [
    "BYTES_CONTENT",
    "cookie_pairs",
    "encode_body",
    "form_pairs",
    "media_kind",
    "path_value",
    "pick_media",
    "query_pairs",
    "scalar_text",
    "text_value",
]

#: The bytes of a generated binary body.
BYTES_CONTENT = "apigen contract test\n"

Pairs = list[tuple[str, str]]


def scalar_text(value: Any) -> str:
    """A primitive as parameter text (``true``, ``5``, ``2.5``); anything else as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def _items(value: Any) -> list[tuple[str, str]] | None:
    """An object's (key, text) pairs; None when ``value`` is not an object."""
    if not isinstance(value, dict):
        return None
    return [(str(k), scalar_text(v)) for k, v in value.items()]


def _encode(text: str) -> str:
    return quote(text, safe="")


def path_value(p: Parameter, value: Any) -> str:
    """The text that replaces ``{name}`` in the path, percent-encoded."""
    if p.media_type:
        return quote(json.dumps(value, separators=(",", ":")), safe="")
    enc = _encode
    pairs = _items(value)
    name = enc(p.wire_name)
    if isinstance(value, list):
        texts = [enc(scalar_text(v)) for v in value]
        if p.style == "label":
            return "." + ("." if p.explode else ",").join(texts)
        if p.style == "matrix":
            if p.explode:
                return "".join(f";{name}={t}" for t in texts)
            return f";{name}=" + ",".join(texts)
        return ",".join(texts)
    if pairs is not None:
        if p.explode:
            joined = [f"{enc(k)}={enc(v)}" for k, v in pairs]
            sep = {"label": ".", "matrix": ";"}.get(p.style, ",")
            prefix = {"label": ".", "matrix": ";"}.get(p.style, "")
            return prefix + sep.join(joined)
        flat = ",".join(f"{enc(k)},{enc(v)}" for k, v in pairs)
        return {"label": "." + flat, "matrix": f";{name}={flat}"}.get(p.style, flat)
    text = enc(scalar_text(value))
    return {"label": "." + text, "matrix": f";{name}={text}"}.get(p.style, text)


def query_pairs(p: Parameter, value: Any) -> Pairs:
    """Query (or cookie) pairs, not yet percent-encoded (the HTTP client does that)."""
    name = p.wire_name
    if p.media_type:
        return [(name, json.dumps(value, separators=(",", ":"), ensure_ascii=False))]
    if isinstance(value, list):
        texts = [scalar_text(v) for v in value]
        if p.style == "spaceDelimited":
            return [(name, " ".join(texts))]
        if p.style == "pipeDelimited":
            return [(name, "|".join(texts))]
        if p.explode:
            return [(name, t) for t in texts]
        return [(name, ",".join(texts))]
    pairs = _items(value)
    if pairs is not None:
        if p.style == "deepObject":
            return [(f"{name}[{k}]", v) for k, v in pairs]
        if p.explode:
            return pairs
        return [(name, ",".join(f"{k},{v}" for k, v in pairs))]
    return [(name, scalar_text(value))]


def text_value(p: Parameter, value: Any) -> str:
    """A header value (``simple`` style)."""
    if p.media_type:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if isinstance(value, list):
        return ",".join(scalar_text(v) for v in value)
    pairs = _items(value)
    if pairs is not None:
        if p.explode:
            return ",".join(f"{k}={v}" for k, v in pairs)
        return ",".join(f"{k},{v}" for k, v in pairs)
    return scalar_text(value)


def cookie_pairs(p: Parameter, value: Any) -> Pairs:
    """A cookie (``form`` style; exploded arrays and objects cannot be cookies, so joined)."""
    if isinstance(value, (list, dict)):
        return [(p.wire_name, text_value(p, value))]
    return [(p.wire_name, scalar_text(value))]


def form_pairs(value: Any) -> Pairs:
    """An object as ``application/x-www-form-urlencoded`` fields (``form``, exploded)."""
    pairs: Pairs = []
    if not isinstance(value, dict):
        return pairs
    for key, item in value.items():
        if isinstance(item, list) and all(not isinstance(i, (dict, list)) for i in item):
            pairs += [(str(key), scalar_text(i)) for i in item]
        else:
            pairs.append((str(key), scalar_text(item)))
    return pairs


def media_kind(media_type: str) -> str | None:
    """How a body of this media type is sent, or None when apigen cannot build one (XML)."""
    mt = media_type.split(";", 1)[0].strip().lower()
    if mt == "application/json" or mt.endswith("+json") or mt.endswith("/json"):
        return "json"
    if mt == "application/x-www-form-urlencoded":
        return "form"
    if mt.startswith("multipart/"):
        return "multipart"
    if mt.startswith("text/") and "xml" not in mt:
        return "text"
    if mt in ("application/octet-stream", "*/*") or mt.split("/")[0] in ("image", "audio", "video"):
        return "bytes"
    return None


def pick_media(body: Body) -> MediaType | None:
    """JSON first, then forms, text and bytes; None when only unbuildable media (XML)."""
    order = {"json": 0, "form": 1, "multipart": 2, "text": 3, "bytes": 4}
    usable = [
        (order[k], i, m) for i, m in enumerate(body.content) if (k := media_kind(m.media_type))
    ]
    return min(usable, key=lambda t: (t[0], t[1]))[2] if usable else None


def encode_body(media: MediaType, kind: str, value: Any) -> BodyView:
    if kind == "json":
        return BodyView("json", media.media_type, value=value)
    if kind == "form":
        return BodyView("form", media.media_type, pairs=tuple(form_pairs(value)), value=value)
    if kind == "multipart":
        return BodyView("multipart", media.media_type, parts=_parts(media, value), value=value)
    if kind == "text":
        text = value if isinstance(value, str) else scalar_text(value)
        return BodyView("text", media.media_type, text=text, value=value)
    return BodyView("bytes", media.media_type, text=BYTES_CONTENT)


def _parts(media: MediaType, value: Any) -> tuple[tuple[str, str | None, str, str | None], ...]:
    if not isinstance(value, dict):
        return ()
    types = {e.property_name: e.content_type for e in media.encoding}
    parts: list[tuple[str, str | None, str, str | None]] = []
    for name, item in value.items():
        content_type = types.get(name)
        if isinstance(item, (dict, list)) and not _scalars(item):
            parts.append((name, None, scalar_text(item), content_type or "application/json"))
        elif isinstance(item, list):
            parts += [(name, None, scalar_text(i), content_type) for i in item]
        elif content_type and not content_type.startswith("text/"):
            parts.append((name, f"{name}.bin", scalar_text(item), content_type))
        else:
            parts.append((name, None, scalar_text(item), content_type))
    return tuple(parts)


def _scalars(value: Any) -> bool:
    return isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value)
