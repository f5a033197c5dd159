"""Paths, webhooks and callbacks -> :class:`~apigen.ir.model.Operation`.

Swagger 2.0 differences are absorbed here, so nothing downstream knows them:
``in: body`` and ``in: formData`` parameters become a request body,
``consumes``/``produces`` become media types, ``collectionFormat`` becomes
``style``/``explode``.  Path-level parameters are merged into each operation
(the operation's own win, matched by name and location).
"""

from __future__ import annotations

from typing import Any

from apigen.errors import escape_pointer
from apigen.ir.model import (
    HTTP_METHODS,
    Body,
    Callback,
    Encoding,
    Example,
    Header,
    Link,
    MediaType,
    Operation,
    Parameter,
    ParameterLocation,
    Primitive,
    Response,
    SecurityRequirement,
    Source,
    TypeRef,
)
from apigen.ir.naming import NameScope, class_name, derive_operation_id, snake_name
from apigen.ir.schemas import SchemaConverter, Warn
from apigen.ir.styles import check_style
from apigen.spec.resolve import Spec, Target

__all__ = ["OperationBuilder", "security_requirements"]

_LOCATIONS: tuple[ParameterLocation, ...] = ("path", "query", "header", "cookie")
_COLLECTION_FORMATS = {  # 2.0 collectionFormat -> (style, explode)
    "csv": ("form", False),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
    "multi": ("form", True),
}


class OperationBuilder:
    def __init__(self, spec: Spec, schemas: SchemaConverter, warn: Warn) -> None:
        self.spec = spec
        self.schemas = schemas
        self.warn = warn
        self.py_names = NameScope()
        tree = spec.root.root
        self.is_v2 = spec.major == "2.0"
        self.global_security = security_requirements(tree.get("security"))
        self.consumes = _str_list(tree.get("consumes")) or ["application/json"]
        self.produces = _str_list(tree.get("produces")) or ["application/json"]

    def path_operations(self) -> tuple[Operation, ...]:
        return self._collection("paths", "path")

    def webhook_operations(self) -> tuple[Operation, ...]:
        return self._collection("webhooks", "webhook")

    def _collection(self, key: str, kind: str) -> tuple[Operation, ...]:
        items = self.spec.root.root.get(key)
        if not isinstance(items, dict):
            return ()
        found: list[Operation] = []
        for path, item in items.items():
            if path.startswith("x-"):
                continue
            target = self._deref(Target(self.spec.root, f"/{key}/{escape_pointer(path)}", item))
            found.extend(self._path_item(path, target, kind))
        return tuple(found)

    def _path_item(self, path: str, item: Target, kind: str) -> list[Operation]:
        if not isinstance(item.value, dict):
            return []
        shared = self._parameter_targets(item)
        found = []
        for method in HTTP_METHODS:
            if method in item.value:
                # Operations behind a $ref are not in the standard, but vendors publish them.
                op = self._deref(_child(item, method))
                if isinstance(op.value, dict):
                    found.append(self._operation(method, path, op, shared, kind))
        return found

    # ------------------------------------------------------------------ operation

    def _operation(
        self, method: str, path: str, op: Target, shared: list[Target], kind: str
    ) -> Operation:
        raw: dict[str, Any] = op.value
        op_id = raw.get("operationId")
        derived = not (isinstance(op_id, str) and op_id.strip())
        ident = derive_operation_id(method, path) if derived else str(op_id)
        hint = class_name(ident)
        merged = {(t.value.get("name"), t.value.get("in")): t for t in shared}
        for t in self._parameter_targets(op):
            merged[(t.value.get("name"), t.value.get("in"))] = t
        params = [t for t in merged.values() if t.value.get("in") in _LOCATIONS]
        scope = NameScope({"self", "body", "timeout", "headers", "retries"})
        body = self._body(op, raw, list(merged.values()), hint)
        return Operation(
            id=ident,
            py_name=self.py_names.claim(snake_name(ident)),
            method=method,
            path=path,
            source=_source(op),
            kind=kind,  # type: ignore[arg-type]
            tags=tuple(t for t in _str_list(raw.get("tags"))),
            summary=_text(raw.get("summary")),
            description=_text(raw.get("description")),
            parameters=tuple(self._parameter(t, hint, scope) for t in params),
            body=body,
            responses=self._responses(op, raw, hint),
            security=(
                security_requirements(raw["security"])
                if "security" in raw
                else self.global_security
            ),
            deprecated=raw.get("deprecated") is True,
            callbacks=self._callbacks(op, raw),
            derived_id=derived,
            extensions=tuple((k, v) for k, v in raw.items() if k.startswith("x-")),
        )

    def _parameter_targets(self, holder: Target) -> list[Target]:
        found = []
        for i, _ in enumerate(_list(holder.value.get("parameters"))):
            t = self._deref(_child(holder, "parameters", i))
            if isinstance(t.value, dict) and isinstance(t.value.get("name"), str):
                found.append(t)
        return found

    def _parameter(self, t: Target, hint: str, scope: NameScope) -> Parameter:
        p: dict[str, Any] = t.value
        location: ParameterLocation = p["in"]
        name: str = p["name"]
        media_type = None
        style, explode = self._style(t, location)
        if self.is_v2:
            schema_t = t  # 2.0 parameters carry type/format/items themselves
        else:
            schema_t = _child(t, "schema") if "schema" in p else t
            content = p.get("content")
            if "schema" not in p and isinstance(content, dict) and content:
                media_type = next(iter(content))
                media = self._deref(_child(t, "content", media_type))
                schema_t = (
                    _child(media, "schema")
                    if isinstance(media.value, dict) and "schema" in media.value
                    else Target(t.document, t.pointer, {})
                )
        type_ = self.schemas.convert_target(schema_t, hint + class_name(name))
        schema = self._deref(schema_t).value
        schema = schema if isinstance(schema, dict) else {}
        if "default" in (siblings := self.schemas.ref_siblings(_dict(schema_t.value))):
            schema = siblings  # 3.1: a default beside the schema's $ref is the parameter's
        examples = [p["example"]] if "example" in p else []
        if isinstance(p.get("examples"), dict):
            examples += [e.get("value") for e in p["examples"].values() if isinstance(e, dict)]
        return Parameter(
            wire_name=name,
            py_name=scope.claim(snake_name(name)),
            location=location,
            type=type_,
            required=location == "path" or p.get("required") is True,
            style=style,
            explode=bool(explode),
            source=_source(t),
            description=_text(p.get("description")),
            deprecated=p.get("deprecated") is True,
            has_default="default" in schema,
            default=schema.get("default"),
            allow_empty_value=p.get("allowEmptyValue") is True,
            allow_reserved=p.get("allowReserved") is True,
            media_type=media_type,
            examples=tuple(examples),
        )

    def _style(self, t: Target, location: ParameterLocation) -> tuple[str, bool]:
        """The parameter's style and explode, made valid for its location (see ir/styles)."""
        p: dict[str, Any] = t.value
        if not self.is_v2:
            checked = check_style(location, p.get("style"), p.get("explode"))
            if checked.problem:
                self.warn("invalid-style", checked.problem, _source(_child(t, checked.keyword)))
            return checked.style, checked.explode
        fmt = p.get("collectionFormat", "csv")
        known = _COLLECTION_FORMATS.get(fmt) if isinstance(fmt, str) else None
        style, explode = known or ("form", False)
        if location in ("path", "header") and style == "form":
            style = "simple"
        checked = check_style(location, style, explode)
        problem = checked.problem
        if known is None:
            shown = repr(fmt[:40]) if isinstance(fmt, str) else f"of type {type(fmt).__name__}"
            problem = f"collectionFormat {shown} has no OpenAPI 3 style; sent comma-separated"
        if problem:
            self.warn("invalid-style", problem, _source(_child(t, "collectionFormat")))
        return checked.style, checked.explode

    # ------------------------------------------------------------------ bodies

    def _body(
        self, op: Target, raw: dict[str, Any], params: list[Target], hint: str
    ) -> Body | None:
        if not self.is_v2:
            if "requestBody" not in raw:
                return None
            rb = self._deref(_child(op, "requestBody"))
            if not isinstance(rb.value, dict):
                return None
            return Body(
                content=self._content(rb, hint + "Request"),
                required=rb.value.get("required") is True,
                source=_source(rb),
                description=_text(rb.value.get("description")),
            )
        consumes = _str_list(raw.get("consumes")) or self.consumes
        body = next((t for t in params if t.value.get("in") == "body"), None)
        if body is not None:
            type_ = self.schemas.convert_target(
                _child(body, "schema")
                if "schema" in body.value
                else Target(body.document, body.pointer, {}),
                hint + "Request",
            )
            content = tuple(MediaType(m, type_, _source(body)) for m in consumes)
            return Body(
                content,
                body.value.get("required") is True,
                _source(body),
                _text(body.value.get("description")),
            )
        form = [t for t in params if t.value.get("in") == "formData"]
        if not form:
            return None
        return self._form_body(op, form, consumes, hint)

    def _form_body(self, op: Target, form: list[Target], consumes: list[str], hint: str) -> Body:
        """2.0 formData parameters become one object schema, sent as a form."""
        has_file = any(t.value.get("type") == "file" for t in form)
        media = (
            "multipart/form-data"
            if has_file or "multipart/form-data" in consumes
            else "application/x-www-form-urlencoded"
        )
        synthetic = {
            "type": "object",
            "properties": {
                t.value["name"]: {
                    k: v for k, v in t.value.items() if k not in ("name", "in", "required")
                }
                for t in form
            },
            "required": [t.value["name"] for t in form if t.value.get("required") is True],
        }
        target = Target(op.document, op.pointer + "/parameters", synthetic)
        type_ = self.schemas.convert_target(target, hint + "Form")
        required = any(t.value.get("required") is True for t in form)
        return Body((MediaType(media, type_, _source(target)),), required, _source(target))

    def _content(self, holder: Target, hint: str) -> tuple[MediaType, ...]:
        content = holder.value.get("content")
        if not isinstance(content, dict):
            return ()
        found = []
        for media_type in content:
            media = self._deref(_child(holder, "content", media_type))
            if not isinstance(media.value, dict):
                continue
            found.append(self._media(media_type, media, hint))
        return tuple(found)

    def _media(self, media_type: str, media: Target, hint: str) -> MediaType:
        value: dict[str, Any] = media.value
        type_: TypeRef
        if "schema" in value:
            type_ = self.schemas.convert_target(_child(media, "schema"), hint)
        elif _is_binary_media(media_type):
            type_ = Primitive("string", "binary")
        else:
            type_ = self.schemas.convert_target(Target(media.document, media.pointer, {}), hint)
        encoding = tuple(
            self._encoding(name, _child(media, "encoding", name))
            for name, e in _dict(value.get("encoding")).items()
            if isinstance(e, dict)
        )
        return MediaType(media_type, type_, _source(media), self._examples(media), encoding)

    def _encoding(self, name: str, e: Target) -> Encoding:
        """One ``encoding`` entry.  Unset style and explode stay unset (the renderers apply
        the defaults); a style a form field cannot have is replaced as for a query parameter,
        with a warning."""
        style, explode = e.value.get("style"), e.value.get("explode")
        explode = explode if isinstance(explode, bool) else None
        checked = check_style("query", style, explode, "form or multipart field")
        if style is not None and checked.problem:
            self.warn("invalid-style", checked.problem, _source(_child(e, checked.keyword)))
            style, explode = checked.style, checked.explode
        return Encoding(name, _text(e.value.get("contentType")), _text(style), explode)

    def _examples(self, holder: Target) -> tuple[Example, ...]:
        value = holder.value
        found: list[Example] = []
        if "example" in value:
            found.append(Example("example", value["example"]))
        examples = value.get("examples")
        if isinstance(examples, dict):
            for name in examples:
                ex = self._deref(_child(holder, "examples", name)).value
                if isinstance(ex, dict) and "value" in ex:
                    found.append(Example(str(name), ex["value"], _text(ex.get("summary"))))
        return tuple(found)

    # ------------------------------------------------------------------ responses

    def _responses(self, op: Target, raw: dict[str, Any], hint: str) -> tuple[Response, ...]:
        responses = raw.get("responses")
        if not isinstance(responses, dict):
            return ()
        produces = _str_list(raw.get("produces")) or self.produces
        found = []
        for status in responses:
            if status.startswith("x-"):
                continue
            r = self._deref(_child(op, "responses", status))
            if not isinstance(r.value, dict):
                continue
            code = status.upper() if status.lower().endswith("xx") else status
            r_hint = hint + ("Response" if code.startswith("2") else class_name(code) + "Response")
            found.append(
                Response(
                    status=code,
                    source=_source(r),
                    description=_text(r.value.get("description")),
                    content=(
                        self._v2_content(r, produces, r_hint)
                        if self.is_v2
                        else self._content(r, r_hint)
                    ),
                    headers=self._headers(r, r_hint),
                    links=self._links(r),
                )
            )
        return tuple(found)

    def _v2_content(self, r: Target, produces: list[str], hint: str) -> tuple[MediaType, ...]:
        if "schema" not in r.value:
            return ()
        type_ = self.schemas.convert_target(_child(r, "schema"), hint)
        examples = r.value.get("examples") if isinstance(r.value.get("examples"), dict) else {}
        return tuple(
            MediaType(
                m, type_, _source(r), (Example("example", examples[m]),) if m in examples else ()
            )
            for m in produces
        )

    def _headers(self, r: Target, hint: str) -> tuple[Header, ...]:
        headers = r.value.get("headers")
        if not isinstance(headers, dict):
            return ()
        scope = NameScope()
        found = []
        for name in headers:
            h = self._deref(_child(r, "headers", name))
            if not isinstance(h.value, dict):
                continue
            schema_t = _child(h, "schema") if "schema" in h.value else h
            found.append(
                Header(
                    name=name,
                    py_name=scope.claim(snake_name(name)),
                    type=self.schemas.convert_target(schema_t, hint + class_name(name)),
                    required=h.value.get("required") is True,
                    source=_source(h),
                    description=_text(h.value.get("description")),
                    deprecated=h.value.get("deprecated") is True,
                )
            )
        return tuple(found)

    def _links(self, r: Target) -> tuple[Link, ...]:
        links = r.value.get("links")
        if not isinstance(links, dict):
            return ()
        found = []
        for name in links:
            link = self._deref(_child(r, "links", name))
            v = link.value
            if not isinstance(v, dict):
                continue
            params = _dict(v.get("parameters"))
            found.append(
                Link(
                    name=name,
                    source=_source(link),
                    operation_id=_text(v.get("operationId")),
                    operation_ref=_text(v.get("operationRef")),
                    parameters=tuple((str(k), val) for k, val in params.items()),
                    request_body=v.get("requestBody"),
                    description=_text(v.get("description")),
                )
            )
        return tuple(found)

    def _callbacks(self, op: Target, raw: dict[str, Any]) -> tuple[Callback, ...]:
        callbacks = raw.get("callbacks")
        if self.is_v2 or not isinstance(callbacks, dict):
            return ()
        found = []
        for name in callbacks:
            cb = self._deref(_child(op, "callbacks", name))
            if not isinstance(cb.value, dict):
                continue
            for expression in cb.value:
                if expression.startswith("x-"):
                    continue
                item = self._deref(_child(cb, expression))
                ops = self._path_item(expression, item, "callback")
                found.append(Callback(name, expression, tuple(ops), _source(item)))
        return tuple(found)

    def _deref(self, target: Target) -> Target:
        return self.spec.follow(target)


def security_requirements(raw: Any) -> tuple[SecurityRequirement, ...]:
    """A ``security`` list -> requirements; scope lists keep their order."""
    if not isinstance(raw, list):
        return ()
    found = []
    for alternative in raw:
        if not isinstance(alternative, dict):
            continue
        schemes = tuple(
            (str(name), tuple(str(s) for s in scopes) if isinstance(scopes, list) else ())
            for name, scopes in alternative.items()
        )
        found.append(SecurityRequirement(schemes))
    return tuple(found)


def _is_binary_media(media_type: str) -> bool:
    major = media_type.split("/", 1)[0]
    return media_type == "application/octet-stream" or major in ("image", "audio", "video")


def _child(target: Target, *tokens: str | int) -> Target:
    value = target.value
    pointer = target.pointer
    for token in tokens:
        value = value[token] if isinstance(value, (dict, list)) else None  # type: ignore[index]
        pointer += "/" + escape_pointer(str(token))
    return Target(target.document, pointer, value)


def _source(target: Target) -> Source:
    return Source(target.document.name, target.pointer)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str_list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
