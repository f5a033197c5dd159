"""Stateful flows: requests that feed each other, where the contract makes them clear.

Two kinds are detected (the generated README lists what was found and what was not):

- **OpenAPI links**: for each link of a response whose target is an operation of the
  contract (``operationId``, or a local ``operationRef``), the source operation is called
  with generated values; when it answers with the link's status, the target is called with
  the link's parameters (runtime expressions such as ``$response.body#/id`` evaluated on the
  answer) and its answer is checked.  Another status skips the rest: the link says nothing.
- **create -> read -> delete**: a ``POST`` on a collection path (``/pets``) with a ``GET`` on
  its item path (``/pets/{petId}``: one more segment, one parameter).  The id comes from the
  create response's body, a top-level property named like the parameter (``petId``,
  ``pet_id``) or ``id``; failing that from the last segment of a declared ``Location``
  header.  Each step must succeed (2xx) and conform; the ``DELETE`` on the item path runs
  last when there is one, which also cleans up.
"""

from __future__ import annotations

from typing import Any, Literal

from apigen.ir.model import Api, ArrayOf, Link, Model, Operation, Parameter, Response
from apigen.ir.naming import NameScope, constant_name, snake_name
from apigen.render.tests_cases import Built, CaseBuilder, Values, model_of
from apigen.render.tests_view import (
    BodyView,
    CaseView,
    Dynamic,
    ModuleView,
    RequestView,
    StepView,
    Value,
)
from apigen.render.tests_wire import media_kind, scalar_text
from apigen.spec.resolve import unescape_token

__all__ = ["build_flows"]


class _Flows:
    def __init__(self, api: Api, builder: CaseBuilder) -> None:
        self.api = api
        self.builder = builder
        self.tests = NameScope({"api", "pytest", "annotations", "operation"})
        self.constants = NameScope({"API", "OPERATION"})
        self.declared: dict[str, tuple[str, Operation]] = {}
        self.notes: list[str] = []
        self.by_key = {(op.method, op.path): op for op in api.operations}
        self.by_id = {op.id: op for op in api.operations}

    def constant(self, op: Operation) -> str:
        key = f"{op.method} {op.path}"
        if key not in self.declared:
            self.declared[key] = (self.constants.claim(constant_name(op.py_name)), op)
        return self.declared[key][0]

    # ------------------------------------------------------------------ create -> read

    def crud(self, create: Operation) -> CaseView | None:
        prefix = create.path.rstrip("/") + "/"
        for (method, path), read in self.by_key.items():
            rest = path[len(prefix) :] if path.startswith(prefix) else ""
            if method != "get" or not _single_parameter(rest):
                continue
            return self._crud(create, read, rest[1:-1])
        return None

    def _crud(self, create: Operation, read: Operation, name: str) -> CaseView | None:
        title = f"POST {create.path} -> GET {read.path}"
        source = _id_source(self.api, create, name)
        if source is None:
            self.notes.append(
                f"{title}: not tested: the create response has no id property "
                f"({name!r} or 'id') and declares no Location header"
            )
            return None
        built = self.builder.values(create, f"flow:{create.id}", [])
        if built is None:
            self.notes.append(f"{title}: not tested: no valid create request could be generated")
            return None
        ident = Dynamic("created", source[0], source[1])
        steps = [
            StepView(
                self.constant(create),
                "flow: create",
                self.builder.request(create, built.params, built.body),
                "expect_success",
                variable="created",
            )
        ]
        later = [read] + ([d] if (d := self.by_key.get(("delete", read.path))) else [])
        for op, label in zip(later, ("flow: read", "flow: delete"), strict=False):
            request = self._follower(op, {name: ident}, built)
            if request is None:
                self.notes.append(f"{title}: not tested: no valid request for {op.id}")
                return None
            steps.append(StepView(self.constant(op), label, request, "expect_success"))
        what = (
            "body property " + repr((source[1] or "").lstrip("/"))
            if source[0] == "json"
            else "Location header"
        )
        doc = (
            f"Create -> read{' -> delete' if len(steps) == 3 else ''}: POST {create.path}, then "
            f"{' and '.join(s.upper() for s in ('get', 'delete')[: len(steps) - 1])} {read.path} "
            f"with the id from the create response ({what}); each step must succeed."
        )
        self.notes.append(f"{title}: tested (id from the {what})")
        test = self.tests.claim("test_flow_" + (snake_name(create.path) or "root"))
        return CaseView(test, "flow", doc, tuple(steps))

    def _follower(
        self, op: Operation, dynamic: dict[str, Any], before: Built
    ) -> RequestView | None:
        """A request whose path takes ``dynamic`` values (and earlier values by name)."""
        built = self.builder.values(op, f"flow:{op.id}", [])
        if built is None:
            return None
        shared = {p.wire_name: v for p, v in before.params.items() if p.location == "path"}
        return _templated(self.builder, op, built, dynamic, shared)

    # ------------------------------------------------------------------ links

    def link(self, source: Operation, response: Response, link: Link) -> CaseView | None:
        title = f"link {link.name!r} of {source.id} ({response.status})"
        target = self._target(link)
        if target is None:
            self.notes.append(f"{title}: not tested: its target operation is not in the contract")
            return None
        built = self.builder.values(source, f"link:{source.id}:{link.name}", [])
        after = self.builder.values(target, f"link:{target.id}:{link.name}", [])
        if built is None or after is None:
            self.notes.append(f"{title}: not tested: no valid request could be generated")
            return None
        dynamic: dict[str, Any] = {}
        for key, expression in link.parameters:
            param = _parameter(target, key)
            if param is None:
                self.notes.append(f"{title}: parameter {key!r} is not a parameter of {target.id}")
                continue
            dynamic[param.wire_name] = (param, expression)
        body = after.body
        if link.request_body is not None and body is not None and body.kind == "json":
            body = BodyView(
                "json", body.media_type, dynamic=Dynamic("source", "evaluate", link.request_body)
            )
        request = _linked(self.builder, target, Built(after.params, body), dynamic)
        steps = (
            StepView(
                self.constant(source),
                f"link {link.name}: source",
                self.builder.request(source, built.params, built.body),
                "require_status",
                check_argument=response.status,
                variable="source",
            ),
            StepView(self.constant(target), f"link {link.name}", request, "expect_conforms"),
        )
        doc = (
            f"Link {link.name!r}: {source.id} answers {response.status}, then {target.id} "
            "is called with the values the link names; its answer must conform."
        )
        self.notes.append(f"{title} -> {target.id}: tested")
        name = self.tests.claim(f"test_link_{source.py_name.strip('_')}_{snake_name(link.name)}")
        return CaseView(name, "flow", doc, steps)

    def _target(self, link: Link) -> Operation | None:
        if link.operation_id:
            return self.by_id.get(link.operation_id)
        ref = link.operation_ref or ""
        if not ref.startswith("#/paths/"):
            return None
        tokens = [unescape_token(t) for t in ref[len("#/paths/") :].split("/")]
        if len(tokens) != 2:
            return None
        return self.by_key.get((tokens[1].lower(), tokens[0]))


def build_flows(api: Api, builder: CaseBuilder) -> tuple[ModuleView, list[str]]:
    """The flows module (empty when nothing was detected) and notes on what was found."""
    flows = _Flows(api, builder)
    cases: list[CaseView] = []
    for op in api.operations:
        if op.method == "post" and "{" not in op.path.rstrip("/").rsplit("/", 1)[-1]:
            found = flows.crud(op)
            if found is not None:
                cases.append(found)
    for op in api.operations:
        for response in op.responses:
            for link in response.links:
                case = flows.link(op, response, link)
                if case is not None:
                    cases.append(case)
    module = ModuleView(
        "test_flows.py",
        None,
        "Stateful flows: OpenAPI links, and create -> read -> delete sequences.",
        (),
        flows=tuple(cases),
        declared=tuple(sorted(flows.declared.values(), key=lambda d: d[0])),
    )
    return module, flows.notes


def _single_parameter(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}") and segment.count("{") == 1


def _id_source(
    api: Api, create: Operation, name: str
) -> tuple[Literal["json", "location_id"], str | None] | None:
    """Where the created resource's id is: ("json", "/field") or ("location_id", None)."""
    success = next((r for r in create.responses if r.status.startswith("2")), None)
    if success is None:
        return None
    media = next((m for m in success.content if media_kind(m.media_type) == "json"), None)
    model: Model | None = model_of(api, media.type) if media is not None else None
    if model is not None and not isinstance(model, ArrayOf):
        fields = {f.wire_name for f in model.fields}
        for candidate in (name, "id", snake_name(name)):
            if candidate in fields:
                return "json", "/" + candidate.replace("~", "~0").replace("/", "~1")
    if any(h.name.lower() == "location" for h in success.headers):
        return "location_id", None
    return None


def _parameter(op: Operation, key: str) -> Parameter | None:
    """A link's parameter key (``petId`` or ``path.petId``) -> the target's parameter."""
    location, _, name = key.partition(".")
    if name and location in ("path", "query", "header", "cookie"):
        return next(
            (p for p in op.parameters if p.location == location and p.wire_name == name), None
        )
    return next((p for p in op.parameters if p.wire_name == key), None)


def _templated(
    builder: CaseBuilder,
    op: Operation,
    built: Built,
    dynamic: dict[str, Any],
    shared: dict[str, Any],
) -> RequestView:
    """A request whose path values are given by name (``api.path(OPERATION, {...})``).

    ``dynamic`` values come from earlier answers; ``shared`` ones are earlier requests' path
    values (``/orgs/{org}/repos`` then ``/orgs/{org}/repos/{repo}``: the same ``org``); the
    rest are generated.
    """
    values: dict[str, Value] = {}
    rest = Values()
    for p, value in built.params.items():
        if p.location != "path":
            rest.set(p, value)
        elif p.wire_name in dynamic:
            values[p.wire_name] = dynamic[p.wire_name]
        else:
            values[p.wire_name] = scalar_text(shared.get(p.wire_name, value))
    plain = builder.request(op, rest, built.body)
    return RequestView(
        path_values=tuple(values.items()),
        query=plain.query,
        headers=plain.headers,
        cookies=plain.cookies,
        body=plain.body,
        auth=plain.auth,
    )


def _linked(
    builder: CaseBuilder, op: Operation, built: Built, dynamic: dict[str, tuple[Parameter, Any]]
) -> RequestView:
    """The target request: link values by location, generated values for the rest."""
    names = {p.wire_name for p, _ in dynamic.values()}
    in_path = {
        p.wire_name: Dynamic("source", "evaluate", e)
        for p, e in dynamic.values()
        if p.location == "path"
    }
    params = Values(
        [
            (p, v)
            for p, v in built.params.items()
            if p.location == "path" or p.wire_name not in names
        ]
    )
    plain = _templated(builder, op, Built(params, built.body), in_path, {})
    extra: dict[str, list[tuple[str, Value]]] = {"query": [], "header": [], "cookie": []}
    for p, expression in dynamic.values():
        if p.location != "path":
            extra[p.location].append((p.wire_name, Dynamic("source", "text", expression)))
    return RequestView(
        path_values=plain.path_values,
        query=plain.query + tuple(extra["query"]),
        headers=plain.headers + tuple(extra["header"]),
        cookies=plain.cookies + tuple(extra["cookie"]),
        body=plain.body,
        auth=plain.auth,
    )
