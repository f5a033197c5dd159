"""Mock mode: answer from the contract instead of the handler.

The response is the lowest declared 2xx (else the declared 101/3xx, with that status): its
declared example when there is one (media ``example``, the first of ``examples``, the
schema's ``example``) and it fits the response type (JSON text for a JSON value is
parsed), else data generated from its schema; its required headers (and a declared
``Location``) are generated too.
Generation is deterministic (no randomness: the same contract always mocks the same
bytes) and aims at schema-valid data: types, formats, enums, ``const``, bounds, lengths,
patterns (best effort), required properties, ``allOf``/``oneOf``/``anyOf``, the three
nullable spellings, with recursive ``$ref`` cycles cut short.  References, null-ability and
patterns are read as the contract check reads them (:mod:`.keywords`), since that check
vets the examples and the generated ``oneOf`` values.
"""

from __future__ import annotations

import functools
import importlib
import json
import logging
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .conformance import violation
from .keywords import deref, is_nullable, lookup, pattern_search
from .responses import RawResponse, default_status, find_response
from .spec import OperationSpec, ResponseSpec, media_kind

__all__ = ["MockData", "mock_response", "mock_status", "success_response"]

logger = logging.getLogger(__name__.rsplit(".", 1)[0])

_regex_parser: Any = importlib.import_module("re._parser")

#: Objects nested deeper than this get only their required properties.
FULL_DEPTH = 4
#: Nothing is generated below this depth (``None``).
MAX_DEPTH = 24
_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00Z",
    "duration": "P1D",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "iri": "https://example.com/",
    "uri-reference": "https://example.com/",
    "iri-reference": "https://example.com/",
    "uri-template": "https://example.com/{id}",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "byte": "c3RyaW5n",
    "binary": "",
    "password": "secret",
    "json-pointer": "/path",
    "relative-json-pointer": "0",
    "regex": ".*",
}
_MISSING = object()


def mock_response(
    op: OperationSpec,
    contract: Mapping[str, Any],
    adapters: Mapping[str, TypeAdapter[Any] | None] | None = None,
) -> RawResponse:
    """The mock answer of ``op``: its primary success response, filled from the contract.

    ``adapters`` (status -> TypeAdapter of the response type, as the core prepares them)
    check a declared example: one that does not fit its own schema is replaced by
    generated data, and the contract's author is told once, in the log.
    """
    declared = success_response(op.responses)
    status = mock_status(declared)
    if declared is None:
        return RawResponse(status)
    response = _response_object(contract, declared)
    headers = _required_headers(contract, response)
    if not declared.media:
        return RawResponse(status, headers)
    media = _choose_media(declared.media)
    adapter = (adapters or {}).get(declared.status)
    schema = _schema_of(response, media)
    example = _example(contract, response, media)
    value = _usable_example(op, declared, media, example, _ExampleCheck(contract, schema, adapter))
    if value is _MISSING:
        value = MockData(contract).value(schema)
    return RawResponse(status, headers, _encode(media, value), _concrete(media))


def success_response(responses: Sequence[ResponseSpec]) -> ResponseSpec | None:
    """The response a mock answers with: the lowest declared 2xx (exact, then ``2XX``),
    else the lowest other exact non-error status (101, 3xx), else ``default``."""
    exact = sorted((r for r in responses if r.status.isdigit()), key=lambda r: int(r.status))
    for response in exact:
        if response.status.startswith("2"):
            return response
    for response in responses:
        if response.status.upper() == "2XX":
            return response
    for response in exact:
        if int(response.status) < 400:
            return response
    return find_response(responses, default_status(responses))


def mock_status(declared: ResponseSpec | None) -> int:
    """The status sent for ``declared`` (ranges and ``default`` as their x00, or 200)."""
    if declared is None:
        return 200
    if declared.status.isdigit():
        return int(declared.status)
    head = declared.status[:1]
    return int(head) * 100 if head in "123" and declared.status.upper().endswith("XX") else 200


_reported: set[tuple[str, str]] = set()


def _usable_example(
    op: OperationSpec, declared: ResponseSpec, media: str, value: Any, fits: _ExampleCheck
) -> Any:
    """The example if it fits its schema, else JSON text for a JSON value parsed, else
    :data:`_MISSING` (generate instead; logged once per response)."""
    if value is _MISSING or media_kind(media) != "json":
        return value
    if fits(value):
        return value
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = _MISSING
        if parsed is not _MISSING and fits(parsed):
            return parsed
    key = (op.operation_id, declared.status)
    if key not in _reported:
        _reported.add(key)
        logger.warning(
            "mock: the example of %s response %s does not fit its schema; generated data "
            "is sent instead",
            op.operation_id,
            declared.status,
        )
    return _MISSING


class _ExampleCheck:
    """Whether an example fits: the response type's validator when known (JSON mode),
    else only the gross check that text is no object or array; and in both cases the
    schema itself where the models are lax (:func:`conformance.violation`).

    The flattened schema both gross checks read is built once, on first need (an answer
    usually has one example, or none, and the JSON-text retry checks a second value).
    """

    def __init__(
        self, contract: Mapping[str, Any], schema: Any, adapter: TypeAdapter[Any] | None
    ) -> None:
        self.contract = contract
        self.schema = schema
        self.adapter = adapter

    @functools.cached_property
    def flat(self) -> dict[str, Any]:
        return MockData(self.contract).flatten(self.schema)

    def __call__(self, value: Any) -> bool:
        return (
            self._models_accept(value)
            and violation(self.contract, self.schema, value) is None
            and _plausible(self.flat, value)
        )

    def _models_accept(self, value: Any) -> bool:
        if self.adapter is None:
            kind = _type_of(self.flat)
            return not (isinstance(value, str) and kind in ("object", "array"))
        try:
            self.adapter.validate_json(json.dumps(value))
        except (ValidationError, TypeError, ValueError):
            return False
        return True


def _plausible(flat: Mapping[str, Any], value: Any) -> bool:
    """False for an object example that has none of the properties its schema declares:
    a mis-nested example (DigitalOcean's ``{"action": {...}}`` for the action schema
    itself) is valid where no property is required, but useless to a client."""
    props = flat.get("properties")
    if not (isinstance(value, Mapping) and value and isinstance(props, Mapping) and props):
        return True
    return any(key in props for key in value)


def _required_headers(contract: Mapping[str, Any], response: Mapping[str, Any]) -> dict[str, str]:
    """Values for the response's required headers, generated from their schemas; and for
    a declared ``Location`` even when optional (clients and flows follow it: GitHub's)."""
    declared = response.get("headers")
    if not isinstance(declared, Mapping):
        return {}
    data = MockData(contract)
    out: dict[str, str] = {}
    for name, header in declared.items():
        header = data.deref(header)
        if not isinstance(header, Mapping):
            continue
        if header.get("required") is not True and str(name).lower() != "location":
            continue
        schema = header.get("schema", header)  # Swagger 2: the header is its own schema
        out[str(name)] = _header_text(data.value(schema), bool(header.get("explode")))
    return out


def _header_text(value: Any, explode: bool) -> str:
    """``simple`` style: arrays comma-joined, objects ``k,v,...`` (``k=v,...`` exploded)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(_header_text(v, False) for v in value)
    if isinstance(value, Mapping):
        sep = "=" if explode else ","
        return ",".join(f"{k}{sep}{_header_text(v, False)}" for k, v in value.items())
    return str(value)


def _response_object(contract: Mapping[str, Any], declared: ResponseSpec) -> Mapping[str, Any]:
    """The response object ``declared`` points at, its ``$ref`` followed (``{}``: none)."""
    if not declared.pointer.lstrip("#"):
        return {}
    node = deref(contract, lookup(contract, declared.pointer))
    return node if isinstance(node, Mapping) else {}


def _choose_media(media: Sequence[str]) -> str:
    return next((m for m in media if media_kind(m) == "json"), media[0])


def _concrete(media: str) -> str:
    if "*" not in media:
        return f"{media}; charset=utf-8" if media_kind(media) == "text" else media
    return "application/json" if media_kind(media) == "json" else "application/octet-stream"


def _media_object(response: Mapping[str, Any], media: str) -> Mapping[str, Any]:
    content = response.get("content")
    if isinstance(content, Mapping):
        found = content.get(media)
        return found if isinstance(found, Mapping) else {}
    return response  # Swagger 2: schema and examples sit on the response itself


def _schema_of(response: Mapping[str, Any], media: str) -> Any:
    return _media_object(response, media).get("schema", {})


def _example(contract: Mapping[str, Any], response: Mapping[str, Any], media: str) -> Any:
    """The declared example: media ``example``, first ``examples`` value, schema example."""
    node = _media_object(response, media)
    if "content" not in response and isinstance(response.get("examples"), Mapping):
        swagger = response["examples"]
        if media in swagger:
            return swagger[media]
    elif "example" in node:
        return node["example"]
    examples = node.get("examples") if "content" in response else None
    if isinstance(examples, Mapping):
        for entry in examples.values():
            resolved = MockData(contract).deref(entry)
            if isinstance(resolved, Mapping) and "value" in resolved:
                return resolved["value"]
    schema = MockData(contract).deref(node.get("schema"))
    if isinstance(schema, Mapping):
        if "example" in schema:
            return schema["example"]
        listed = schema.get("examples")
        if isinstance(listed, list) and listed:
            return listed[0]
    return _MISSING


def _encode(media: str, value: Any) -> bytes:
    kind = media_kind(media)
    if kind in ("text", "binary") and isinstance(value, str):
        return value.encode()
    if kind == "binary" and isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return json.dumps(value, ensure_ascii=False).encode()


class MockData:
    """Deterministic, schema-valid (best effort) values for Schema Objects of a contract."""

    def __init__(self, contract: Mapping[str, Any]) -> None:
        self.contract = contract
        self._stack: list[str] = []

    def deref(self, node: Any) -> Any:
        """Follow ``$ref`` chains (local pointers only) to the node they name; ``{}`` (the
        schema that allows anything) where a chain leads nowhere or goes round."""
        return deref(self.contract, node, {})

    def value(self, schema: Any, depth: int = 0, variant: int = 0) -> Any:
        """A value valid for ``schema`` (``variant`` varies scalars for unique items)."""
        if schema is True or schema is None:
            return "string"
        if schema is False or depth > MAX_DEPTH or not isinstance(schema, Mapping):
            return None
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self._via_ref(ref, depth, variant)
        flat = self.flatten(schema)
        return self._generate(flat, depth, variant)

    def _via_ref(self, ref: str, depth: int, variant: int) -> Any:
        seen = self._stack.count(ref)
        if seen >= 2:
            return self._cut(self.flatten({"$ref": ref}))
        self._stack.append(ref)
        try:
            flat = self.flatten({"$ref": ref})
            return self._generate(flat, max(depth, FULL_DEPTH) if seen else depth, variant)
        finally:
            self._stack.pop()

    def _cut(self, flat: dict[str, Any]) -> Any:
        """The smallest value for a schema we are recursing into for the third time."""
        if is_nullable(flat):
            return None
        kind = _type_of(flat)
        if kind == "array":
            return []
        if kind == "object":
            return {}
        return self._generate(flat, MAX_DEPTH, 0)

    # ------------------------------------------------------------------ flattening

    def flatten(self, schema: Any, seen: tuple[str, ...] = ()) -> dict[str, Any]:
        """``schema`` with its ``$ref`` followed and ``allOf`` merged into one object.

        ``x-apigen-names`` records the refs passed through, outermost last (the concrete
        schema an inherited discriminator should name).
        """
        out: dict[str, Any] = dict(schema) if isinstance(schema, Mapping) else {}
        names: list[str] = list(out.pop("x-apigen-names", []))
        ref = out.pop("$ref", None)
        if isinstance(ref, str) and ref not in seen:
            target = self.flatten(self.deref({"$ref": ref}), (*seen, ref))
            names = [*target.pop("x-apigen-names", []), *names, ref]
            # OAS 3.1 allows siblings of $ref: they apply together with the target.
            out = _merge(target, out) if out else target
        parts = out.pop("allOf", None)
        if isinstance(parts, list):
            for part in parts:
                flat = self.flatten(part, seen)
                names.extend(flat.pop("x-apigen-names", []))
                out = _merge(out, flat)
        if names:
            out["x-apigen-names"] = list(dict.fromkeys(names))
        return out

    # ------------------------------------------------------------------ generation

    def _generate(self, flat: dict[str, Any], depth: int, variant: int) -> Any:
        if "const" in flat:
            return flat["const"]
        if isinstance(flat.get("enum"), list) and flat["enum"]:
            return _pick_enum(flat["enum"], variant)
        for key in ("oneOf", "anyOf"):
            choices = flat.get(key)
            if isinstance(choices, list) and choices:
                return self._choice(flat, key, choices, depth, variant)
        kind = _type_of(flat)
        if kind == "null":
            return None
        if kind == "object":
            return self._object(flat, depth, variant)
        if kind == "array":
            return self._array(flat, depth)
        if kind == "integer":
            return _numeric(flat, variant, integer=True)
        if kind == "number":
            return _numeric(flat, variant, integer=False)
        if kind == "boolean":
            return variant % 2 == 0
        return _string(flat, variant)

    def _choice(
        self, flat: dict[str, Any], key: str, choices: list[Any], depth: int, variant: int
    ) -> Any:
        """The first non-null alternative, merged with the schema's own keywords.

        Deep down (recursion), a null alternative is taken when there is one: it ends
        the recursion with a valid value.  A ``oneOf`` value must fit exactly one option:
        when the first option's value fits several (options that overlap), the next
        options' values are tried, and the first that fits one only is taken.
        """
        kinds = [_type_of(self.flatten(c)) for c in choices]
        if "null" in kinds and depth >= FULL_DEPTH:
            return None
        order = [i for i, k in enumerate(kinds) if k != "null"] or [0]
        first = self._option(flat, choices[order[0]], depth, variant)
        if key != "oneOf" or len(choices) < 2 or self._exclusive(choices, first):
            return first
        for index in order[1:]:
            value = self._option(flat, choices[index], depth, variant)
            if self._exclusive(choices, value):
                return value
        return first

    def _exclusive(self, choices: list[Any], value: Any) -> bool:
        return sum(violation(self.contract, c, value) is None for c in choices) == 1

    def _option(self, flat: dict[str, Any], choice: Any, depth: int, variant: int) -> Any:
        """A value of one alternative, with the schema's own keywords and the tag."""
        rest = {k: v for k, v in flat.items() if k not in ("oneOf", "anyOf", "discriminator")}
        if not any(k not in _ANNOTATIONS and not k.startswith("x-") for k in rest):
            value = self.value(choice, depth, variant)
        else:
            ref = choice.get("$ref") if isinstance(choice, Mapping) else None
            if isinstance(ref, str) and self._stack.count(ref) >= 2:
                return self._cut(_merge(rest, self.flatten(choice)))
            self._stack.append(str(ref))
            try:
                value = self._generate(_merge(rest, self.flatten(choice)), depth, variant)
            finally:
                self._stack.pop()
        tag = _discriminator_tag(flat.get("discriminator"), choice, self.flatten(choice))
        if tag is not None and isinstance(value, dict):
            value[tag[0]] = tag[1]
        return value

    def _object(self, flat: dict[str, Any], depth: int, variant: int) -> dict[str, Any]:
        props = flat.get("properties") if isinstance(flat.get("properties"), Mapping) else {}
        assert isinstance(props, Mapping)
        required = [r for r in flat.get("required", []) if isinstance(r, str)]
        wanted = list(required)
        if depth < FULL_DEPTH:
            for name, sub in props.items():
                if name not in wanted and not _write_only(self.deref(sub)):
                    wanted.append(name)
        extra = flat.get("additionalProperties", True)
        out: dict[str, Any] = {}
        for name in wanted:
            sub = props.get(name, extra if isinstance(extra, Mapping) else {})
            out[name] = self.value(sub, depth + 1, variant)
        minimum = flat.get("minProperties", 0)
        if isinstance(extra, Mapping) and extra and not props and depth < FULL_DEPTH:
            minimum = max(minimum, 1)
        index = 0
        while len(out) < minimum and extra is not False:
            key = f"key{index}" if index else "key"
            index += 1
            if key not in out:
                out[key] = self.value(extra if isinstance(extra, Mapping) else {}, depth + 1)
        maximum = flat.get("maxProperties")
        if isinstance(maximum, int) and len(out) > maximum:
            keep = [k for k in out if k in required][:maximum]
            keep += [k for k in out if k not in keep][: maximum - len(keep)]
            out = {k: out[k] for k in out if k in keep}
        self._tag_discriminator(flat, out)
        return out

    def _tag_discriminator(self, flat: Mapping[str, Any], out: dict[str, Any]) -> None:
        """Give an inherited discriminator property the name of the concrete schema."""
        disc = flat.get("discriminator")
        names = flat.get("x-apigen-names") or []
        if not (isinstance(disc, Mapping) and names):
            return
        prop = disc.get("propertyName")
        if not isinstance(prop, str) or prop not in out:
            return
        ref = names[-1]
        mapping = disc.get("mapping") if isinstance(disc.get("mapping"), Mapping) else {}
        assert isinstance(mapping, Mapping)
        tag = next((k for k, v in mapping.items() if v == ref), None)
        if tag is None:
            tag = ref.rsplit("/", 1)[-1]
        sub = self.flatten((flat.get("properties") or {}).get(prop, {}))
        if _accepts_string(sub, tag):
            out[prop] = tag

    def _array(self, flat: dict[str, Any], depth: int) -> list[Any]:
        low = flat.get("minItems", 0)
        high = flat.get("maxItems")
        count = low if depth >= FULL_DEPTH else max(low, 1)
        if isinstance(high, int):
            count = min(count, high)
        prefix = flat.get("prefixItems")
        items = flat.get("items", {})
        out: list[Any] = []
        for i in range(count):
            if isinstance(prefix, list) and i < len(prefix):
                sub = prefix[i]
            elif isinstance(items, list):
                sub = items[i] if i < len(items) else {}
            else:
                sub = items
            out.append(self.value(sub, depth + 1, i if flat.get("uniqueItems") else 0))
        return out


# ----------------------------------------------------------------------------- helpers


#: Keywords that do not constrain values.
_ANNOTATIONS = frozenset(
    {"title", "description", "example", "examples", "deprecated", "readOnly", "writeOnly",
     "externalDocs", "xml", "nullable", "default", "$comment", "$schema", "$id"}
)  # fmt: skip
_SUBSCHEMAS = frozenset({"items", "additionalProperties", "propertyNames", "contains", "not"})


def _merge(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    """Both schemas at once (the ``allOf`` of two flattened schemas), best effort."""
    out = dict(a)
    for key, value in b.items():
        if key not in out:
            out[key] = value
        elif key == "properties" and isinstance(value, Mapping):
            props = dict(out[key])
            for name, sub in value.items():
                props[name] = {"allOf": [props[name], sub]} if name in props else sub
            out[key] = props
        elif key == "required" and isinstance(value, list):
            out[key] = list(dict.fromkeys([*out[key], *value]))
        elif key in ("minimum", "minLength", "minItems", "minProperties"):
            out[key] = max(out[key], value)
        elif key in ("maximum", "maxLength", "maxItems", "maxProperties"):
            out[key] = min(out[key], value)
        elif key == "type":
            out[key] = _merge_types(out[key], value)
        elif key in ("nullable", "x-nullable"):
            out[key] = out[key] is True and value is True
        elif key == "enum" and isinstance(value, list) and isinstance(out[key], list):
            common = [v for v in out[key] if v in value]
            out[key] = common or out[key]
        elif key == "additionalProperties" and (value is False or out[key] is False):
            out[key] = False
        elif key in _SUBSCHEMAS and isinstance(value, Mapping) and isinstance(out[key], Mapping):
            out[key] = {"allOf": [out[key], value]}
    return out


def _merge_types(a: Any, b: Any) -> Any:
    left = a if isinstance(a, list) else [a]
    right = b if isinstance(b, list) else [b]
    common = [t for t in left if t in right]
    if not common and "number" in left and "integer" in right:
        common = ["integer"]
    if not common and "integer" in left and "number" in right:
        common = ["integer"]
    return common if len(common) != 1 else common[0]


def _type_of(flat: Mapping[str, Any]) -> str | None:
    kind = flat.get("type")
    if isinstance(kind, list):
        concrete = [k for k in kind if k != "null"]
        return str(concrete[0]) if concrete else "null"
    if isinstance(kind, str):
        return kind
    if any(k in flat for k in ("properties", "additionalProperties", "required")):
        return "object"
    if any(k in flat for k in ("items", "prefixItems", "minItems")):
        return "array"
    if any(k in flat for k in ("minimum", "maximum", "multipleOf")):
        return "number"
    return None


def _write_only(schema: Any) -> bool:
    return isinstance(schema, Mapping) and schema.get("writeOnly") is True


def _pick_enum(values: list[Any], variant: int) -> Any:
    concrete = [v for v in values if v is not None] or values
    return concrete[variant % len(concrete)]


def _accepts_string(flat: Mapping[str, Any], value: str) -> bool:
    if "const" in flat:
        return bool(flat["const"] == value)
    enum = flat.get("enum")
    if isinstance(enum, list):
        return value in enum
    return _type_of(flat) in ("string", None)


def _discriminator_tag(disc: Any, choice: Any, flat: Mapping[str, Any]) -> tuple[str, str] | None:
    if not isinstance(disc, Mapping) or not isinstance(disc.get("propertyName"), str):
        return None
    ref = choice.get("$ref") if isinstance(choice, Mapping) else None
    if not isinstance(ref, str):
        return None
    mapping = disc.get("mapping") if isinstance(disc.get("mapping"), Mapping) else {}
    assert isinstance(mapping, Mapping)
    tag = next((k for k, v in mapping.items() if v == ref), ref.rsplit("/", 1)[-1])
    prop = disc["propertyName"]
    props = flat.get("properties") if isinstance(flat.get("properties"), Mapping) else {}
    assert isinstance(props, Mapping)
    sub = props.get(prop, {})
    if isinstance(sub, Mapping) and "$ref" not in sub and not _accepts_string(sub, tag):
        return None
    return prop, tag


def _numeric(flat: Mapping[str, Any], variant: int, integer: bool) -> int | float:
    """The first of a few plain candidates (1, 0, the bounds, their midpoint) that fits."""
    low, high = flat.get("minimum"), flat.get("maximum")
    ex_low, ex_high = flat.get("exclusiveMinimum"), flat.get("exclusiveMaximum")
    if isinstance(ex_low, (int, float)) and not isinstance(ex_low, bool):
        low, ex_low = (ex_low, True) if low is None or ex_low >= low else (low, False)
    if isinstance(ex_high, (int, float)) and not isinstance(ex_high, bool):
        high, ex_high = (ex_high, True) if high is None or ex_high <= high else (high, False)
    step = flat.get("multipleOf")
    step = step if isinstance(step, (int, float)) and step > 0 else None

    def fits(value: float) -> bool:
        if low is not None and (value < low or (ex_low is True and value == low)):
            return False
        if high is not None and (value > high or (ex_high is True and value == high)):
            return False
        return step is None or float(value / step).is_integer()

    seeds: list[float] = [1 + variant, variant]
    for bound, sign in ((low, 1), (high, -1)):
        if isinstance(bound, (int, float)):
            base = math.ceil(bound) if sign > 0 else math.floor(bound)
            seeds += [bound + sign * variant, base + sign * variant, base + sign * (variant + 1)]
    if isinstance(low, (int, float)) and isinstance(high, (int, float)):
        seeds.append((low + high) / 2)
    if step is not None:
        seeds = [k * step for s in seeds for k in (math.ceil(s / step), math.floor(s / step))]
    for seed in seeds:
        value: int | float = int(seed) if integer or float(seed).is_integer() else seed
        if integer and value != seed:
            continue
        if fits(value):
            return value
    return int(seeds[0]) if integer else seeds[0]


def _string(flat: Mapping[str, Any], variant: int) -> str:
    fmt = flat.get("format")
    base = _FORMATS.get(fmt, "string") if isinstance(fmt, str) else "string"
    if variant:
        base = _vary(base, fmt, variant)
    pattern = flat.get("pattern")
    if isinstance(pattern, str) and not pattern_search(pattern, base, client_text=False):
        base = _pattern_text(pattern, variant) or base
    low = flat.get("minLength", 0)
    high = flat.get("maxLength")
    fitted = base
    if isinstance(low, int) and len(fitted) < low:
        fitted = fitted + "x" * (low - len(fitted))
    if isinstance(high, int) and len(fitted) > high:
        fitted = fitted[:high]
    if isinstance(pattern, str) and not pattern_search(pattern, fitted, client_text=False):
        better = _fit_pattern(pattern, low, high)
        fitted = fitted if better is None else better
    return fitted


def _vary(base: str, fmt: Any, variant: int) -> str:
    if fmt == "uuid":
        return f"00000000-0000-4000-8000-{variant:012d}"
    if fmt in ("date-time", "date"):
        return base.replace("01-01", f"01-{1 + variant % 28:02d}", 1)
    if fmt == "email":
        return f"user{variant}@example.com"
    return f"{base}{variant}"


def _pattern_text(pattern: str, variant: int) -> str | None:
    """A match of ``pattern``, preferably not empty (``^(A[A-Z0-9]+)?$`` gives ``AAA``)."""
    found = [_from_pattern(pattern, extra) for extra in dict.fromkeys((variant, 0, 1))]
    return next((t for t in found if t), next((t for t in found if t is not None), None))


def _fit_pattern(pattern: str, low: Any, high: Any) -> str | None:
    """A pattern match within the length bounds: quantifiers repeat more until it fits."""
    wanted = low if isinstance(low, int) else 0
    for extra in (0, 1, 2, 4, 8, 16, 32, 64):
        text = _from_pattern(pattern, extra)
        if text is None:
            return None
        if len(text) >= wanted:
            return text if not isinstance(high, int) or len(text) <= high else None
    return None


def _from_pattern(pattern: str, extra: int = 0) -> str | None:
    """A string matching ``pattern``, from its parse tree (``None`` when we cannot).

    Each quantifier repeats its minimum plus ``extra`` times (within its maximum).  The
    tree is Python's (pydantic-core's linear engine exposes none): so Python's engine reads
    the contract's own pattern here, never a client's text; the result is checked as the
    contract check will check it (:func:`keywords.pattern_search`).
    """
    try:
        tree = _regex_parser.parse(pattern)
        out: list[str] = []
        _emit(tree, out, extra)
    except Exception:
        return None
    text = "".join(out)
    return text if pattern_search(pattern, text, client_text=False) else None


def _emit(items: Any, out: list[str], extra: int) -> None:
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if arg != ord("a") else "b")
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_class_char(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            for _ in range(min(low + extra, high)):
                _emit(sub, out, extra)
        elif name == "SUBPATTERN":
            _emit(arg[-1], out, extra)
        elif name == "ATOMIC_GROUP":
            _emit(arg, out, extra)
        elif name == "BRANCH":
            _emit(arg[1][0], out, extra)
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        else:
            raise ValueError(name)


_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": "-",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
}


def _class_char(items: Any) -> str:
    """One character of a character class (``[...]``)."""
    negated = bool(items) and str(items[0][0]) == "NEGATE"
    if not negated:
        op, arg = items[0]
        name = str(op)
        if name == "LITERAL":
            return chr(arg)
        if name == "RANGE":
            return chr(arg[0])
        if name == "CATEGORY":
            return _CATEGORY_CHARS.get(str(arg), "a")
        raise ValueError(name)
    body = "".join(_class_source(op, arg) for op, arg in items[1:])
    for candidate in "aA0_- .xz":
        if re.fullmatch(f"[{body}]", candidate) is None:
            return candidate
    raise ValueError("negated class")


def _class_source(op: Any, arg: Any) -> str:
    name = str(op)
    if name == "LITERAL":
        return re.escape(chr(arg))
    if name == "RANGE":
        return f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}"
    if name == "CATEGORY":
        return {"CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w", "CATEGORY_SPACE": r"\s"}.get(
            str(arg), ""
        )
    return ""
