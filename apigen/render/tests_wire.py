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

from apigen.ir.model import Parameter

__all__ = ["form_pairs", "path_value", "query_pairs", "scalar_text", "text_value"]

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
