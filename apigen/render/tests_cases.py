"""The cases of one operation: examples, generated values, invalid requests, no credentials.

- ``example``: parameter, media and schema examples where the spec has them (generated values
  for the rest); one case per named body example, up to three.
- ``generated``: required parameters and the body from deterministic generated values.
- ``negative`` (each must be rejected with a 4xx): a required query/header/cookie parameter
  left out; an integer, number or boolean parameter given text; a JSON body without one of
  its required properties, and one with a property of the wrong type.
- ``security``: an operation that needs credentials, called without any, must get 401/403.

Every value is checked against the contract's own schema (jsonschema-rs, request
direction) before it is written: positive values must be valid, negative ones invalid.
A case that fails its check is left out, with a note in the generated module saying why;
that is how the suite stays free of false alarms when a spec's example is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from apigen.ir.model import (
    AliasRef,
    Api,
    Body,
    EnumRef,
    Model,
    ModelRef,
    Nullable,
    Operation,
    Parameter,
    Primitive,
    TypeRef,
)
from apigen.ir.naming import NameScope, snake_name
from apigen.render.tests_check import ContractCheck
from apigen.render.tests_values import Unbuildable, ValueMaker
from apigen.render.tests_view import (
    BodyView,
    CaseView,
    Marker,
    OperationView,
    RequestView,
    StepView,
)
from apigen.render.tests_wire import (
    cookie_pairs,
    encode_body,
    media_kind,
    path_value,
    pick_media,
    query_pairs,
    scalar_text,
    text_value,
)

__all__ = ["Built", "CaseBuilder", "Values", "model_of"]

#: Header parameters OpenAPI says to ignore (the HTTP layer owns them).
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
MAX_EXAMPLES = 3
MAX_NEGATIVES = 3


class Values:
    """Parameter values in order (parameters hold lists, so they cannot key a dict)."""

    def __init__(self, pairs: list[tuple[Parameter, Any]] | None = None) -> None:
        self.pairs: list[tuple[Parameter, Any]] = list(pairs or [])

    def __iter__(self) -> Iterator[Parameter]:
        return iter([p for p, _ in self.pairs])

    def items(self) -> list[tuple[Parameter, Any]]:
        return list(self.pairs)

    def set(self, param: Parameter, value: Any) -> None:
        """Replace the value of ``param`` in place, or add it at the end."""
        if any(p is param for p, _ in self.pairs):
            self.pairs = [(p, value if p is param else v) for p, v in self.pairs]
        else:
            self.pairs.append((param, value))

    def without(self, param: Parameter) -> Values:
        return Values([(p, v) for p, v in self.pairs if p is not param])

    def replaced(self, param: Parameter, value: Any) -> Values:
        changed = Values(self.pairs)
        changed.set(param, value)
        return changed


@dataclass(frozen=True)
class Built:
    """A valid request's values; ``used_example`` when any came from the spec's examples."""

    params: Values
    body: BodyView | None
    used_example: bool = False


class CaseBuilder:
    """Builds the cases of each operation (and the requests flows start from)."""

    def __init__(self, api: Api, check: ContractCheck) -> None:
        self.api = api
        self.check = check
        self.api_key_params = {
            (s.location or "header", (s.parameter_name or "").lower())
            for s in api.security_schemes
            if s.kind == "apiKey"
        }

    # ------------------------------------------------------------------ entry point

    def operation(self, op: Operation, tests: NameScope, constant: str) -> OperationView:
        notes: list[str] = []
        cases: list[CaseView] = []
        base = self.values(op, f"{op.id}:generated", notes)
        cases += self._examples(op, tests, constant, notes)
        if base is not None:
            params, body = base.params, base.body
            cases.append(
                self._case(
                    op,
                    tests,
                    constant,
                    "generated",
                    "generated",
                    "Schema-valid generated values",
                    self.request(op, params, body),
                )
            )
            cases += self._negatives(op, tests, constant, params, body, notes)
            cases += self._security(op, tests, constant, params, body)
        return OperationView(
            constant=constant,
            operation_id=op.id,
            method=op.method.upper(),
            path=op.path,
            summary=op.summary,
            statuses=tuple(r.status for r in op.responses),
            cases=tuple(cases),
            notes=tuple(dict.fromkeys(notes)),  # the example and generated cases meet the same
        )

    # ------------------------------------------------------------------ values

    def parameters(self, op: Operation) -> list[Parameter]:
        """Parameters the tests send (not those the HTTP layer or a security scheme owns)."""
        return [
            p
            for p in op.parameters
            if not (p.location == "header" and p.wire_name.lower() in _IGNORED_HEADERS)
            and (p.location, p.wire_name.lower()) not in self.api_key_params
        ]

    def values(
        self, op: Operation, seed: str, notes: list[str], *, examples: bool = False
    ) -> Built | None:
        """Values for the required parameters (and, with ``examples``, exemplified optional
        ones) and a body; None when no valid request could be built (see ``notes``)."""
        maker = ValueMaker(self.api, seed, examples=examples)
        params = Values()
        for p in self.parameters(op):
            example = self._parameter_example(p, notes) if examples else _NONE
            if example is not _NONE:
                maker.used_example = True
                params.set(p, example)
            elif p.required:
                value = self._valid(_maker_of(p.type), maker, self.check.parameter(p))
                if value is _NONE:
                    notes.append(f"no valid value found for {p.location} parameter {p.wire_name!r}")
                    return None
                params.set(p, value)
        body: BodyView | None = None
        if op.body is not None and op.body.content:
            built = self.body(op.body, maker, notes)
            if built is None and op.body.required:
                return None
            body = built
        conflict = self._content_type_conflict(op, body)
        if conflict:
            notes.append(conflict)
            return None
        return Built(params, body, maker.used_example)

    def _content_type_conflict(self, op: Operation, body: BodyView | None) -> str:
        """Why no request can be valid: a Swagger 2.0 ``Content-Type`` header parameter
        that names another media type than the body's ("" when there is no conflict).

        Docker's ``/build`` consumes ``application/octet-stream`` yet declares a
        ``Content-type`` parameter of enum ``application/x-tar``; a server may enforce both,
        so any request would be refused, and that is the contract's fault (OpenAPI 3
        ignores such parameters).
        """
        if body is None or not self.api.openapi_version.startswith("2"):
            return ""
        for p in op.parameters:
            if p.location == "header" and p.wire_name.lower() == "content-type":
                allowed = _named_values(self.api, p)
                if allowed and body.media_type not in allowed:
                    return (
                        f"the contract contradicts itself: the body is {body.media_type}, but "
                        f"header parameter {p.wire_name!r} allows only {', '.join(allowed)}"
                    )
        return ""

    def _parameter_example(self, p: Parameter, notes: list[str]) -> Any:
        if not p.examples:
            return _NONE
        value = p.examples[0]
        if self.check.valid(self.check.parameter(p), value) is False:
            notes.append(
                f"the example of {p.location} parameter {p.wire_name!r} does not match its schema"
            )
            return _NONE
        if p.location in ("header", "cookie") and not scalar_text(value).isascii():
            return _NONE
        return value

    def _valid(self, make: Callable[[ValueMaker], Any], maker: ValueMaker, where: Any) -> Any:
        """A value from ``make`` that the schema accepts (three tries with fresh seeds)."""
        for attempt in range(3):
            try:
                value = make(maker)
            except Unbuildable:
                return _NONE
            if self.check.valid(where, value) is not False:
                return value
            maker = ValueMaker(self.api, f"{maker.rng.random()}:{attempt}", examples=False)
        return _NONE

    def body(self, body: Body, maker: ValueMaker, notes: list[str]) -> BodyView | None:
        media = pick_media(body)
        if media is None:
            kinds = ", ".join(m.media_type for m in body.content)
            notes.append(f"no body is generated for {kinds}")
            return None
        kind = media_kind(media.media_type)
        value = self._valid(_maker_of(media.type), maker, self.check.media(media))
        if value is _NONE:
            notes.append(f"no valid {media.media_type} body could be generated")
            return None
        return encode_body(media, kind or "bytes", value)

    # ------------------------------------------------------------------ requests

    def request(
        self, op: Operation, params: Values, body: BodyView | None, *, auth: bool = True
    ) -> RequestView:
        path = op.path
        query: list[tuple[str, str]] = []
        headers: list[tuple[str, str]] = []
        cookies: list[tuple[str, str]] = []
        for p, value in params.items():
            if p.location == "path":
                path = path.replace("{" + p.wire_name + "}", path_value(p, value))
            elif p.location == "query":
                query += query_pairs(p, value)
            elif p.location == "header":
                headers.append((p.wire_name, text_value(p, value)))
            else:
                cookies += cookie_pairs(p, value)
        return RequestView(
            path=path if path != op.path else None,
            query=tuple(query),
            headers=tuple(headers),
            cookies=tuple(cookies),
            body=body,
            auth=auth,
        )

    def _case(
        self,
        op: Operation,
        tests: NameScope,
        constant: str,
        slug: str,
        marker: Marker,
        doc: str,
        request: RequestView,
        label: str | None = None,
        check: str = "expect_conforms",
    ) -> CaseView:
        step = StepView(
            constant=constant,
            label=label or slug,
            request=request,
            check=check,  # type: ignore[arg-type]
            allow_404=check == "expect_rejected" and "{" in op.path,
        )
        name = tests.claim(f"test_{op.py_name.strip('_')}_{snake_name(slug)}")
        return CaseView(name, marker, f"{_title(op)}: {doc}.", (step,))

    # ------------------------------------------------------------------ examples

    def _examples(
        self, op: Operation, tests: NameScope, constant: str, notes: list[str]
    ) -> list[CaseView]:
        built = self.values(op, f"{op.id}:example", notes, examples=True)
        if built is None:
            return []
        params, body = built.params, built.body
        named = self._body_examples(op, notes)
        if not (named or built.used_example):
            return []
        if not named:
            return [
                self._case(
                    op,
                    tests,
                    constant,
                    "example",
                    "example",
                    "The contract's examples",
                    self.request(op, params, body),
                )
            ]
        cases = []
        for name, view in named[:MAX_EXAMPLES]:
            slug = "example" if len(named) == 1 else f"example {name}"
            which = "" if name == "example" else f" (body example {name!r})"
            cases.append(
                self._case(
                    op,
                    tests,
                    constant,
                    slug,
                    "example",
                    "The contract's examples" + which,
                    self.request(op, params, view),
                )
            )
        return cases

    def _body_examples(self, op: Operation, notes: list[str]) -> list[tuple[str, BodyView]]:
        if op.body is None:
            return []
        media = pick_media(op.body)
        if media is None:
            return []
        found = []
        for example in media.examples:
            if self.check.valid(self.check.media(media), example.value) is False:
                notes.append(f"body example {example.name!r} does not match its schema")
                continue
            found.append(
                (
                    example.name,
                    encode_body(media, media_kind(media.media_type) or "bytes", example.value),
                )
            )
        return found

    # ------------------------------------------------------------------ negatives

    def _negatives(
        self,
        op: Operation,
        tests: NameScope,
        constant: str,
        params: Values,
        body: BodyView | None,
        notes: list[str],
    ) -> list[CaseView]:
        cases = []
        missing = [p for p in params if p.required and p.location != "path"]
        for p in missing[:MAX_NEGATIVES]:
            rest = params.without(p)
            cases.append(
                self._negative(
                    op,
                    tests,
                    constant,
                    f"missing {p.location} {p.wire_name}",
                    f"Leaves out the required {p.location} parameter {p.wire_name!r}",
                    self.request(op, rest, body),
                )
            )
        typed = [
            (p, bad)
            for p in self.parameters(op)
            if (bad := _wrong_type(self.api, p.type, False)) is not None
        ]
        for p, bad in typed[:MAX_NEGATIVES]:
            if self.check.valid(self.check.parameter(p), bad) is True:
                continue
            changed = params.replaced(p, bad)
            cases.append(
                self._negative(
                    op,
                    tests,
                    constant,
                    f"{p.location} {p.wire_name} wrong type",
                    f"Sends text where {p.location} parameter {p.wire_name!r} is typed",
                    self.request(op, changed, body),
                )
            )
        if body is not None and body.kind == "json" and op.body is not None:
            cases += self._bad_bodies(op, tests, constant, params, body)
        return cases

    def _negative(
        self,
        op: Operation,
        tests: NameScope,
        constant: str,
        slug: str,
        doc: str,
        request: RequestView,
    ) -> CaseView:
        return self._case(
            op,
            tests,
            constant,
            slug,
            "negative",
            doc + "; must be rejected with a 4xx",
            request,
            check="expect_rejected",
        )

    def _bad_bodies(
        self,
        op: Operation,
        tests: NameScope,
        constant: str,
        params: Values,
        body: BodyView,
    ) -> list[CaseView]:
        assert op.body is not None
        media = pick_media(op.body)
        model = model_of(self.api, media.type) if media is not None else None
        if media is None or model is None or not isinstance(body.value, dict):
            return []
        where = self.check.media(media)
        cases = []
        required = next(
            (
                f
                for f in model.fields
                if f.required and not f.read_only and f.wire_name in body.value
            ),
            None,
        )
        if required is not None:
            value = {k: v for k, v in body.value.items() if k != required.wire_name}
            if self.check.valid(where, value) is not True:
                cases.append(
                    self._negative(
                        op,
                        tests,
                        constant,
                        f"body without {required.wire_name}",
                        f"The body leaves out the required property {required.wire_name!r}",
                        self.request(op, params, BodyView(body.kind, body.media_type, value=value)),
                    )
                )
        for f in model.fields:
            bad = _wrong_type(self.api, f.type, True) if f.wire_name in body.value else None
            if bad is None:
                continue
            value = {**body.value, f.wire_name: bad}
            if self.check.valid(where, value) is True:
                continue
            cases.append(
                self._negative(
                    op,
                    tests,
                    constant,
                    f"body {f.wire_name} wrong type",
                    f"The body's property {f.wire_name!r} has the wrong type",
                    self.request(op, params, BodyView(body.kind, body.media_type, value=value)),
                )
            )
            break
        return cases

    # ------------------------------------------------------------------ security

    def _security(
        self,
        op: Operation,
        tests: NameScope,
        constant: str,
        params: Values,
        body: BodyView | None,
    ) -> list[CaseView]:
        if not op.security or any(not r.schemes for r in op.security):
            return []  # public, or one alternative is anonymous
        kinds = {s.name: s.kind for s in self.api.security_schemes}
        if any(
            kinds.get(name) in (None, "mutualTLS") for r in op.security for name, _ in r.schemes
        ):
            return []
        return [
            self._case(
                op,
                tests,
                constant,
                "without credentials",
                "security",
                "Sent without credentials; must get 401 or 403",
                self.request(op, params, body, auth=False),
                check="expect_unauthorised",
            )
        ]


def _maker_of(t: TypeRef) -> Callable[[ValueMaker], Any]:
    return lambda maker: maker.value(t)


class _Missing:
    def __repr__(self) -> str:
        return "<none>"


_NONE: Any = _Missing()


def _title(op: Operation) -> str:
    return f"{op.id} ({op.method.upper()} {op.path})"


def _resolve(api: Api, t: TypeRef) -> TypeRef:
    for _ in range(16):
        if isinstance(t, Nullable):
            t = t.inner
        elif isinstance(t, AliasRef):
            t = api.alias(t.name).type
        else:
            break
    return t


def _named_values(api: Api, p: Parameter) -> list[str]:
    """The text values a parameter's enum lists (its default when it has no enum)."""
    t = _resolve(api, p.type)
    values = [v.value for v in api.enum(t.name).values] if isinstance(t, EnumRef) else []
    if not values and p.has_default:
        values = [p.default]
    return [v for v in values if isinstance(v, str)]


def model_of(api: Api, t: TypeRef) -> Model | None:
    t = _resolve(api, t)
    return api.model(t.name) if isinstance(t, ModelRef) else None


def _wrong_type(api: Api, t: TypeRef, json: bool) -> Any:
    """A value of the wrong JSON type for a scalar type; None when there is none to give.

    In a parameter everything is text, so only numbers and booleans can be given the wrong
    type; in a JSON body a string can be given a number, or an array when it has a format:
    frameworks read a number as a timestamp or a decimal (pydantic takes 12345 for a
    ``date-time``), and that leniency is not the contract violation the case is after.
    """
    t = _resolve(api, t)
    kind = t.kind if isinstance(t, Primitive) else None
    if isinstance(t, EnumRef):
        enum_kind = api.enum(t.name).kind
        kind = enum_kind if enum_kind in ("integer", "number", "boolean", "string") else None
    if kind in ("integer", "number"):
        return "not-a-number"
    if kind == "boolean":
        return "not-a-boolean"
    if kind == "string" and json:
        return [] if isinstance(t, Primitive) and t.format else 12345
    return None
