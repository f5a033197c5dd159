"""Whether a JSON value conforms to a Schema Object of the contract, where the models are lax.

Mock mode answers with the contract's own examples when they fit the response type.  The
generated models accept more than the contract: response enums are open, numbers may come
as numeric text (pydantic's lax mode), a property object without ``properties`` but with
``additionalProperties: false`` is a plain mapping, a required property the schema never
declares is not a field, and formats and patterns are not all checked.  Real contracts'
examples break their schemas in exactly those places (Twilio's prices as text and relative
``uri`` values, Slack's closed ``shares.private``, Box's ``shared_link`` without its
required ``accessed``), and a client or contract test rejects such an answer.

:func:`violation` walks the raw schema next to the value and names the first place they
disagree, for the keywords above: ``$ref``, ``allOf``, ``anyOf`` (one option must fit),
``oneOf`` (exactly one in answers, as validators check; one at least in requests),
``type`` with the three nullable spellings, ``enum``, ``const``, ``required``,
``properties``, ``additionalProperties``, ``patternProperties``, ``items``, string
lengths, ``pattern`` and the common formats.  It is a vetting aid, not a validator: what
it does not know it accepts.  writeOnly properties are not required in answers (they omit
them), readOnly ones not in requests.

The request side (:func:`request_body_schema`) backs the models up on input: a body the
models accept but the contract refuses (a ``oneOf`` beside an ``allOf`` whose required
members the models lost) is refused too.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from collections.abc import Mapping
from typing import Any

from .keywords import deref, is_nullable, lookup, pattern_search

__all__ = ["first_violation", "request_body_schema", "violation"]

#: (JSON pointer in the value, reason).
_Found = tuple[str, str]

_MAX_DEPTH = 200
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "object": (Mapping,),
    "array": (list,),
    "boolean": (bool,),
    "null": (type(None),),
}
_UUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def violation(
    contract: Mapping[str, Any], schema: Any, value: Any, *, request: bool = False
) -> str | None:
    """Where ``value`` breaks ``schema`` (``"/a/0: reason"``), or None when nothing is seen."""
    found = first_violation(contract, schema, value, request=request)
    return None if found is None else f"{found[0] or '/'}: {found[1]}"


def first_violation(
    contract: Mapping[str, Any], schema: Any, value: Any, *, request: bool = False
) -> tuple[str, str] | None:
    """(JSON pointer in ``value``, reason) of the first disagreement, or None.

    ``request``: the value is request data, so readOnly properties are not required (and
    writeOnly ones are), a ``nullable`` schema takes ``null`` whatever else it says, and
    formats are left to the models (which parse the ones they type: a date-time without
    an offset stays accepted, as it was).
    """
    return _Walker(contract, request).check(schema, value, "", 0)


#: Schema checks one walk may make: recursive oneOf/anyOf options can make a walk grow
#: exponentially with the nesting of a client's body; past this, nothing more is judged.
_MAX_CHECKS = 20_000


class _Walker:
    """One walk over a value: resolves local ``$ref`` pointers in ``contract``."""

    def __init__(self, contract: Mapping[str, Any], request: bool) -> None:
        self.contract = contract
        self.request = request
        self.budget = _MAX_CHECKS

    def check(self, schema: Any, value: Any, at: str, depth: int) -> _Found | None:
        if schema is False:
            return (at, "no value is allowed")
        self.budget -= 1
        if not isinstance(schema, Mapping) or depth > _MAX_DEPTH or self.budget < 0:
            return None  # past the budget nothing more is judged (the models validated it)
        if value is None and self.request and is_nullable(schema):
            return None  # 3.0's nullable beside allOf/$ref: taken as meant, on input
        for step in (self._ref, self._all_of, self._options, _type, _listed, self._structure):
            found = step(schema, value, at, depth)
            if found is not None:
                return found
        return None

    def _ref(self, schema: Mapping[str, Any], value: Any, at: str, depth: int) -> _Found | None:
        ref = schema.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        target = lookup(self.contract, ref)
        return None if target is None else self.check(target, value, at, depth + 1)

    def _all_of(self, schema: Mapping[str, Any], value: Any, at: str, depth: int) -> _Found | None:
        parts = schema.get("allOf")
        for part in parts if isinstance(parts, list) else ():
            found = self.check(part, value, at, depth + 1)
            if found is not None:
                return found
        return None

    def _options(self, schema: Mapping[str, Any], value: Any, at: str, depth: int) -> _Found | None:
        for key in ("oneOf", "anyOf"):
            options = schema.get(key)
            if not isinstance(options, list) or not options:
                continue
            if value is None and is_nullable(schema):
                continue
            first: _Found | None = None
            fits = 0
            for option in options:  # stop as soon as the answer is known: options may recurse
                found = self.check(option, value, at, depth + 1)
                if found is not None:
                    first = first or found
                    continue
                fits += 1
                if key == "anyOf" or self.request or fits > 1:
                    break
            if not fits:
                return first
            if key == "oneOf" and not self.request and fits > 1:
                return (at, "fits more than one option of a oneOf")
        return None

    def _structure(
        self, schema: Mapping[str, Any], value: Any, at: str, depth: int
    ) -> _Found | None:
        if isinstance(value, Mapping):
            return self._object(schema, value, at, depth)
        if isinstance(value, list):
            return self._array(schema, value, at, depth)
        if isinstance(value, str):
            return _string(schema, value, at, request=self.request)
        return None

    def _object(
        self, schema: Mapping[str, Any], value: Mapping[str, Any], at: str, depth: int
    ) -> _Found | None:
        props = schema.get("properties")
        props = props if isinstance(props, Mapping) else {}
        hidden = "readOnly" if self.request else "writeOnly"
        required = schema.get("required")
        for name in required if isinstance(required, list) else ():
            if not isinstance(name, str) or name in value:
                continue
            if not _flag(self.deref(props.get(name)), hidden):
                where = f"{at}/{str(name).replace('~', '~0').replace('/', '~1')}"
                return (where, "required property is missing")
        patterns = schema.get("patternProperties")
        patterns = patterns if isinstance(patterns, Mapping) else {}
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            where = f"{at}/{str(key).replace('~', '~0').replace('/', '~1')}"
            if key in props:
                found = self.check(props[key], item, where, depth + 1)
            elif any(pattern_search(str(p), str(key), client_text=self.request) for p in patterns):
                found = None
            else:
                found = self.check(extra, item, where, depth + 1)
            if found is not None:
                return found
        return None

    def _array(
        self, schema: Mapping[str, Any], value: list[Any], at: str, depth: int
    ) -> _Found | None:
        low, high = schema.get("minItems"), schema.get("maxItems")
        if isinstance(low, int) and len(value) < low:
            return (at, f"fewer than {low} items")
        if isinstance(high, int) and len(value) > high:
            return (at, f"more than {high} items")
        items = schema.get("items")
        if not isinstance(items, Mapping):
            return None
        for index, item in enumerate(value):
            found = self.check(items, item, f"{at}/{index}", depth + 1)
            if found is not None:
                return found
        return None

    def deref(self, schema: Any) -> Any:
        """``schema`` with its ``$ref`` chain followed; None where it leads nowhere."""
        return deref(self.contract, schema)


def _flag(schema: Any, keyword: str) -> bool:
    return isinstance(schema, Mapping) and schema.get(keyword) is True


def _type(schema: Mapping[str, Any], value: Any, at: str, depth: int) -> _Found | None:
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else []
    if not kinds or (value is None and is_nullable(schema)):
        return None
    if any(_is(k, value) for k in kinds):
        return None
    return (at, f"{_show(value)} is not of type {'/'.join(map(str, kinds))}")


def _is(kind: str, value: Any) -> bool:
    if kind == "integer":
        return _number(value) and (isinstance(value, int) or float(value).is_integer())
    if kind == "number":
        return _number(value)
    wanted = _JSON_TYPES.get(kind)
    if wanted is None:
        return True  # an unknown type name: not ours to judge
    return isinstance(value, wanted) and (kind == "boolean" or not isinstance(value, bool))


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _listed(schema: Mapping[str, Any], value: Any, at: str, depth: int) -> _Found | None:
    if "const" in schema and not _same(schema["const"], value):
        return (at, f"{_show(value)} is not {_show(schema['const'])}")
    enum = schema.get("enum")
    if not isinstance(enum, list) or (value is None and is_nullable(schema)):
        return None
    if any(_same(member, value) for member in enum):
        return None
    return (at, f"{_show(value)} is not one of the listed values")


def _same(a: Any, b: Any) -> bool:
    """JSON equality: ``true`` is not ``1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)


def _string(schema: Mapping[str, Any], value: str, at: str, request: bool) -> _Found | None:
    low, high = schema.get("minLength"), schema.get("maxLength")
    if isinstance(low, int) and len(value) < low:
        return (at, f"shorter than {low}")
    if isinstance(high, int) and len(value) > high:
        return (at, f"longer than {high}")
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and not pattern_search(pattern, value, client_text=request):
        return (at, f"{_show(value)} does not match {pattern!r}")
    fmt = schema.get("format")
    if not request and isinstance(fmt, str) and not _formatted(fmt, value):
        return (at, f"{_show(value)} is not a {fmt!r}")
    return None


def _formatted(fmt: str, value: str) -> bool:
    """The formats whose violations contract validators report; others pass."""
    if fmt in ("uri", "iri"):
        return _SCHEME.match(value) is not None
    if fmt == "uuid":
        return _UUID.match(value) is not None
    if fmt in ("email", "idn-email"):
        local, _, domain = value.rpartition("@")
        return bool(local) and bool(domain) and not any(c.isspace() for c in value)
    if fmt in ("ipv4", "ipv6"):
        return _ip(value, 4 if fmt == "ipv4" else 6)
    if fmt == "date":
        return _DATE.match(value) is not None and _parses(datetime.date.fromisoformat, value)
    if fmt == "date-time":
        found = _DATE_TIME.match(value)
        return (
            found is not None
            and _parses(datetime.date.fromisoformat, value[:10])
            and (int(value[11:13]) < 24 and int(value[14:16]) < 60 and int(value[17:19]) <= 60)
        )
    return True


def _ip(value: str, version: int) -> bool:
    try:
        return ipaddress.ip_address(value).version == version
    except ValueError:
        return False


def _parses(parse: Any, value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def request_body_schema(
    contract: Mapping[str, Any], path: str, method: str, media_type: str
) -> Any:
    """The schema of an operation's request body for ``media_type`` in the contract, or
    None: OpenAPI 3's ``requestBody`` (``$ref`` followed), Swagger 2.0's ``in: body``
    parameter (the operation's, else the path's)."""
    walker = _Walker(contract, True)
    item = walker.deref((contract.get("paths") or {}).get(path))
    if not isinstance(item, Mapping) or method.lower() not in _METHODS:
        return None
    operation = walker.deref(item.get(method.lower()))
    if not isinstance(operation, Mapping):
        return None
    body = walker.deref(operation.get("requestBody"))
    if isinstance(body, Mapping):
        content = body.get("content")
        media = content.get(media_type) if isinstance(content, Mapping) else None
        return media.get("schema") if isinstance(media, Mapping) else None
    for parameters in (operation.get("parameters"), item.get("parameters")):
        for parameter in parameters if isinstance(parameters, list) else ():
            parameter = walker.deref(parameter)
            if isinstance(parameter, Mapping) and parameter.get("in") == "body":
                return parameter.get("schema")
    return None
