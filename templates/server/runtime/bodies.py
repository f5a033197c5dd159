"""Request bodies: pick the declared media type, decode by its kind, validate.

The body annotation comes from the generated ``OperationTypes.body`` (one per media type).
JSON is validated by pydantic straight from the bytes; urlencoded and multipart fields are
gathered into a dict first, shaped by the annotation (a field typed as a list takes every
repeated value; a file field, ``bytes`` or ``UploadedFile``, gets an :class:`UploadedFile`
with the part's filename and content type; a part declared as JSON, or JSON text for an
object/array field, is decoded), then validated.  Errors name the JSON pointer of the bad
member.
"""

from __future__ import annotations

import functools
import json
import types
import typing
from collections.abc import Mapping, Sequence
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

from pydantic import BaseModel, TypeAdapter, ValidationError

from .problems import Problem, field_error
from .request import VALIDATION_CONTEXT, RawRequest, UploadedFile
from .spec import BodySpec, MediaSpec

__all__ = ["NO_BODY", "essence", "match_media", "model_hints", "parse_body", "pointer_of"]

#: ``parse_body`` found no body (and none is required): the handler gets no ``body``.
NO_BODY: Any = object()


def essence(content_type: str | None) -> str:
    """``type/subtype`` of a Content-Type, lower case, parameters dropped."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def match_media(declared: Sequence[MediaSpec], content_type: str) -> MediaSpec | None:
    """The declared media type for ``content_type``: exact, then ``type/*``, then ``*/*``."""
    wanted = essence(content_type)
    main = wanted.split("/", 1)[0]
    best: tuple[int, MediaSpec] | None = None
    for media in declared:
        pattern = essence(media.media_type)
        if pattern == wanted:
            rank = 0
        elif pattern == f"{main}/*":
            rank = 1
        elif pattern in ("*/*", "*"):
            rank = 2
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, media)
    return best[1] if best else None


def parse_body(
    body: BodySpec,
    annotations: Mapping[str, Any],
    adapters: Mapping[str, TypeAdapter[Any]],
    raw: RawRequest,
) -> tuple[Any, list[dict[str, str]]]:
    """The validated body (or :data:`NO_BODY`) and its errors; 415 raised as a Problem."""
    if not raw.body and raw.form is None:
        if body.required:
            return NO_BODY, [field_error("body", "", "request body is required")]
        return NO_BODY, []
    media = _choose(body, raw.content_type)
    adapter = adapters.get(media.media_type)
    if media.kind == "json" and not body.required and raw.body.strip() == b"null":
        return NO_BODY, []  # JSON null for an optional body: no body (GitHub's examples)
    try:
        if media.kind == "json":
            return _json(adapter, raw.body)
        if media.kind in ("form", "multipart"):
            data = _shape(annotations.get(media.media_type, Any), _fields(media, raw))
        elif media.kind == "text":
            data = raw.body.decode(_charset(raw.content_type))
        else:
            data = raw.body
    except ValueError as exc:
        return NO_BODY, [field_error("body", "", str(exc))]
    if adapter is None:
        return data, []
    try:
        return adapter.validate_python(data, context=VALIDATION_CONTEXT), []
    except ValidationError as exc:
        return NO_BODY, _errors(exc, data)


def _choose(body: BodySpec, content_type: str | None) -> MediaSpec:
    if content_type:
        found = match_media(body.media, content_type)
    else:
        found = match_media(body.media, "application/octet-stream")
    if found is None:
        accepted = ", ".join(m.media_type for m in body.media)
        got = essence(content_type) or "none"
        raise Problem(415, detail=f"Content-Type {got} is not accepted; use one of: {accepted}")
    return found


def _json(adapter: TypeAdapter[Any] | None, data: bytes) -> tuple[Any, list[dict[str, str]]]:
    if adapter is None:
        try:
            return json.loads(data), []
        except ValueError as exc:
            return NO_BODY, [field_error("body", "", f"invalid JSON: {exc}")]
    try:
        return adapter.validate_json(data, context=VALIDATION_CONTEXT), []
    except ValidationError as exc:
        try:
            parsed = json.loads(data)
        except ValueError as bad:
            return NO_BODY, [field_error("body", "", f"invalid JSON: {bad}")]
        return NO_BODY, _errors(exc, parsed)


def _errors(exc: ValidationError, data: Any) -> list[dict[str, str]]:
    out = []
    for err in exc.errors(include_url=False):
        out.append(field_error("body", pointer_of(data, err["loc"]), str(err["msg"])))
    return out


def pointer_of(data: Any, loc: Sequence[int | str]) -> str:
    """The JSON pointer of a pydantic error location within ``data``.

    pydantic puts union member tags (``Cat``, ``function-after[...]``) into locations; a
    part that names no member of the data at that point is such a tag and is skipped,
    except at the end, where it names a missing property.
    """
    tokens: list[str] = []
    node = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and str(part) in node:
            node = node[str(part)]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif not (last and isinstance(node, dict)) or part == "*":  # "*": the untagged choice
            continue
        tokens.append(str(part).replace("~", "~0").replace("/", "~1"))
    return "".join("/" + t for t in tokens)


def _charset(content_type: str | None) -> str:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return "utf-8"


# ----------------------------------------------------------------------------- forms


def _fields(media: MediaSpec, raw: RawRequest) -> list[tuple[str, str | UploadedFile]]:
    if raw.form is not None:
        return list(raw.form)
    if media.kind == "form":
        text = raw.body.decode(_charset(raw.content_type))
        return list(parse_qsl(text, keep_blank_values=True))
    return _multipart(raw)


def _multipart(raw: RawRequest) -> list[tuple[str, str | UploadedFile]]:
    """Parse a multipart body with the standard library (when the adapter did not)."""
    head = f"Content-Type: {raw.content_type}\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP).parsebytes(head + raw.body)
    if not message.is_multipart():
        raise ValueError("malformed multipart body")
    out: list[tuple[str, str | UploadedFile]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is None and part.get("content-type") is None:
            out.append((name, data.decode(part.get_content_charset() or "utf-8")))
        else:
            out.append((name, UploadedFile(filename, part.get_content_type(), data)))
    return out


def _shape(annotation: Any, fields: Sequence[tuple[str, Any]]) -> Any:
    """Form fields as a dict, each shaped for the annotation of its property."""
    hints, fallback = _field_hints(annotation)
    grouped: dict[str, list[Any]] = {}
    for name, value in fields:
        grouped.setdefault(name, []).append(value)
    return {name: _coerce(hints.get(name, fallback), values) for name, values in grouped.items()}


def _field_hints(annotation: Any) -> tuple[dict[str, Any], Any]:
    """Property wire name -> annotation, and the annotation of any other property."""
    target = _strip_optional(annotation)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return model_hints(target), Any
    args = typing.get_args(target)
    if typing.get_origin(target) in (dict, Mapping) and len(args) == 2:
        return {}, args[1]
    return {}, Any


@functools.cache
def model_hints(model: type[BaseModel]) -> dict[str, Any]:
    """A model's field annotations by wire name (and Python name), forward refs resolved.

    Generated models may name each other in strings (``from __future__ import
    annotations``, import cycles): pydantic resolves them for validation but may keep the
    ``ForwardRef`` in ``model_fields``, so the class's type hints are evaluated here.
    Wire names come from ``validation_alias`` (generated models) or ``alias``.
    """
    try:
        resolved = typing.get_type_hints(model)
    except Exception:
        resolved = {}
    hints: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        hint = info.annotation
        if hint is None or isinstance(hint, (str, typing.ForwardRef)):
            hint = resolved.get(name, Any)
        for wire in (info.validation_alias, info.alias):
            if isinstance(wire, str):
                hints.setdefault(wire, hint)
        hints.setdefault(name, hint)
    return hints


def _strip_optional(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return _strip_optional(args[0])
    if typing.get_origin(hint) is typing.Annotated:
        return _strip_optional(typing.get_args(hint)[0])
    return hint


def _coerce(hint: Any, values: list[Any]) -> Any:
    """Pick one value or all, and convert between files and text as the hint wants."""
    target = _strip_optional(hint)
    target = _list_option(target, values) or target
    origin = typing.get_origin(target)
    if origin in (list, tuple, set, frozenset, Sequence):
        args = typing.get_args(target)
        inner = args[0] if args else Any
        if len(values) == 1 and _json_array(values[0], inner):
            return _loads(_text(values[0]))
        return [_convert(inner, v) for v in values]
    return _convert(target, values[0])


_SEQUENCES = (list, tuple, set, frozenset, Sequence)


def _list_option(target: Any, values: list[Any]) -> Any:
    """The list option of a union (Stripe's ``array | ""``) when the values are its items:
    several values, or one the other options refuse (``a`` for ``list[str] | Literal[""]``).
    None when the target is no such union."""
    if typing.get_origin(target) not in (typing.Union, types.UnionType):
        return None
    options = [_strip_optional(a) for a in typing.get_args(target) if a is not type(None)]
    lists = [o for o in options if typing.get_origin(o) in _SEQUENCES]
    others = tuple(o for o in options if o not in lists)
    if not lists:
        return None
    if len(values) > 1 or not others or not _accepts(others, _text(values[0])):
        return lists[0]
    return None


def _accepts(options: tuple[Any, ...], value: str) -> bool:
    try:
        _union_adapter(options).validate_python(value, context=VALIDATION_CONTEXT)
    except ValidationError:
        return False
    return True


@functools.cache
def _union_adapter(options: tuple[Any, ...]) -> TypeAdapter[Any]:
    annotation: Any = typing.Union[options] if len(options) > 1 else options[0]  # noqa: UP007
    return TypeAdapter(annotation)


def _json_array(value: Any, inner: Any) -> bool:
    """One part holding the whole array as JSON: declared so (the part's Content-Type),
    or JSON-looking text where the items cannot be plain strings."""
    if isinstance(value, UploadedFile):
        return _is_json(value.content_type)
    item = _strip_optional(inner)
    return isinstance(value, str) and value.lstrip()[:1] == "[" and item not in (str, Any)


def _text(value: str | UploadedFile) -> str:
    return value.text() if isinstance(value, UploadedFile) else value


def _convert(hint: Any, value: Any) -> Any:
    target = _strip_optional(hint)
    if isinstance(value, UploadedFile):
        if target is str:
            return value.text()
        if _wants_structure(target) and _is_json(value.content_type):
            return _loads(value.text())
        return value
    if isinstance(value, str):
        if target is UploadedFile or target is bytes:
            return UploadedFile(None, None, value.encode())
        if _wants_structure(target) and value.lstrip()[:1] in ("{", "["):
            return _loads(value)
    return value


def _wants_structure(hint: Any) -> bool:
    """Whether JSON text is to be decoded for ``hint``: a mapping, list or model, or a
    union with one (Stripe's ``object | ""``: ``{}`` is the object, ``""`` the text)."""
    origin = typing.get_origin(hint) or hint
    if origin in (typing.Union, types.UnionType):
        return any(_wants_structure(_strip_optional(a)) for a in typing.get_args(hint))
    return origin in (dict, list, Mapping) or (
        isinstance(hint, type) and issubclass(hint, BaseModel)
    )


def _is_json(content_type: str | None) -> bool:
    kind = essence(content_type)
    return kind == "application/json" or kind.endswith("+json")


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
