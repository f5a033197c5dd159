"""What the contract-test templates print, computed from the IR: typed, flat, decided.

One :class:`CaseView` per operation and case, each a list of requests (one, or several for
a flow) held as data: the path with its values, query/header/cookie values already
serialised in their style, the body, whether credentials are sent, and the check to make
on the answer.  Templates only loop and print; every decision is made here and in
:mod:`apigen.render.tests_cases` (cases of one operation) and
:mod:`apigen.render.tests_flows` (links, create -> read -> delete).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal
from urllib.parse import urlsplit

from apigen.ir.model import Api, Operation
from apigen.ir.naming import NameScope, constant_name, snake_name

__all__ = [
    "BodyView",
    "CaseView",
    "Dynamic",
    "ModuleView",
    "OperationView",
    "OutboundView",
    "RequestView",
    "SchemeView",
    "StepView",
    "SuiteView",
    "Value",
    "build_tests_view",
]

BodyKind = Literal["json", "form", "multipart", "text", "bytes"]
Check = Literal[
    "expect_conforms", "expect_success", "expect_rejected", "expect_unauthorised", "require_status"
]
Marker = Literal["example", "generated", "negative", "security", "flow"]


@dataclass(frozen=True)
class Dynamic:
    """A value known only at run time: ``<variable>.<method>(<argument>)`` on an earlier result.

    ``method`` is ``json`` (a JSON pointer into the body), ``location_id`` (the last segment
    of the ``Location`` header), ``evaluate`` or ``text`` (an OpenAPI runtime expression, as
    a value or as text).
    """

    variable: str
    method: Literal["json", "location_id", "evaluate", "text"]
    argument: Any = None


Value = str | Dynamic
Pairs = tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class BodyView:
    """A request body, ready to send: one of ``value`` (JSON), ``pairs``, ``parts``, ``text``."""

    kind: BodyKind
    media_type: str
    value: Any = None
    pairs: tuple[tuple[str, str], ...] = ()
    #: multipart: (name, file name or None, content, content type or None)
    parts: tuple[tuple[str, str | None, str, str | None], ...] = ()
    text: str = ""
    dynamic: Dynamic | None = None  # a JSON body taken from an earlier step (links)


@dataclass(frozen=True)
class RequestView:
    """One request as data.  ``path`` is None when the operation's own path is sent as is."""

    path: str | None = None
    #: flows: the path parameters' values by name (some known only at run time)
    path_values: Pairs = ()
    query: Pairs = ()
    headers: Pairs = ()
    cookies: Pairs = ()
    body: BodyView | None = None
    auth: bool = True


@dataclass(frozen=True)
class StepView:
    """One request of a test and the check made on its answer."""

    constant: str  # the module-level Operation it sends
    label: str  # the case, as failure messages name it
    request: RequestView
    check: Check
    check_argument: str | None = None  # require_status: the status
    allow_404: bool = False  # expect_rejected on a path naming a resource that may not exist
    variable: str | None = None  # where a flow keeps the result for later steps


@dataclass(frozen=True)
class CaseView:
    test_name: str
    marker: Marker
    doc: str  # the test's docstring (spec text inside goes through the docstring filter)
    steps: tuple[StepView, ...]


@dataclass(frozen=True)
class OperationView:
    constant: str
    operation_id: str
    method: str  # upper case
    path: str
    summary: str | None
    statuses: tuple[str, ...]
    cases: tuple[CaseView, ...]
    notes: tuple[str, ...] = ()  # cases that could not be generated, and why


@dataclass(frozen=True)
class ModuleView:
    file_name: str
    tag: str | None
    description: str | None
    operations: tuple[OperationView, ...]
    flows: tuple[CaseView, ...] = ()
    #: flows: (constant, operation) pairs the module declares without testing them itself
    declared: tuple[tuple[str, Operation], ...] = field(default=())


@dataclass(frozen=True)
class SchemeView:
    name: str
    kind: str
    variable: str  # the environment variable of its credential
    how: str  # what the value is ("the API key", "user:password", "an access token")
    supported: bool


@dataclass(frozen=True)
class OutboundView:
    """A request the API sends (a webhook, or a callback of an operation): nothing to call.

    The suite lists each one in the README and as a skipped test, so a run says what it
    leaves out and a contract of webhooks only still collects and passes.
    """

    test_name: str
    kind: Literal["webhook", "callback"]
    label: str  # "webhook newPet: POST", "callback onConfirm of subscribe: POST {$request...}"
    where: str  # file#pointer of the operation in the contract


@dataclass(frozen=True)
class SuiteView:
    title: str
    version: str
    root_name: str  # the contract's file name, as messages name it
    base_path: str  # the path of the first server URL (for the README's examples)
    modules: tuple[ModuleView, ...]
    schemes: tuple[SchemeView, ...]
    flow_notes: tuple[str, ...]
    case_count: int
    outbound: tuple[OutboundView, ...] = ()


def build_tests_view(api: Api, root_name: str, check: Any) -> SuiteView:
    """Group operations by first tag into modules; add the flows module.

    ``check`` validates generated values against the contract (see
    :class:`apigen.render.tests_cases.ContractCheck`).
    """
    from apigen.render.tests_cases import CaseBuilder
    from apigen.render.tests_flows import build_flows

    schemes = _schemes(api)
    builder = CaseBuilder(api, check)
    files = NameScope({"conftest", "test_flows", "test_fuzz", "test_webhooks"})
    grouped: dict[str | None, list[Operation]] = {}
    for op in api.operations:
        grouped.setdefault(op.tags[0] if op.tags else None, []).append(op)
    tags = {t.name: t for t in api.tags}
    modules = []
    for tag, ops in grouped.items():
        stem = "test_" + (snake_name(tag) if tag is not None else "untagged")
        tests = NameScope({"api", "pytest", "annotations", "operation"})
        constants = NameScope({"API", "OPERATION"})
        views = [builder.operation(op, tests, constants.claim(_constant(op))) for op in ops]
        tag_obj = tags.get(tag) if tag is not None else None
        modules.append(
            ModuleView(
                files.claim(stem) + ".py",
                tag,
                tag_obj.description if tag_obj else None,
                tuple(views),
            )
        )
    flows, notes = build_flows(api, builder)
    if flows.flows:
        modules.append(flows)
    count = sum(len(o.cases) for m in modules for o in m.operations) + len(flows.flows)
    return SuiteView(
        title=api.title,
        version=api.version,
        root_name=root_name,
        base_path=_base_path(api),
        modules=tuple(modules),
        schemes=schemes,
        flow_notes=tuple(notes),
        case_count=count,
        outbound=_outbound(api),
    )


def _outbound(api: Api) -> tuple[OutboundView, ...]:
    """Webhooks, then callbacks (of operations and of webhooks), in document order."""
    names = NameScope({"api", "pytest", "annotations"})
    found = []
    for hook in api.webhooks:
        found.append(
            OutboundView(
                names.claim("test_webhook_" + snake_name(hook.path or hook.id)),
                "webhook",
                f"webhook {hook.path}: {hook.method.upper()}",
                _where(hook),
            )
        )
    for op in (*api.operations, *api.webhooks):
        for callback in op.callbacks:
            for target in callback.operations:
                found.append(
                    OutboundView(
                        names.claim(
                            f"test_callback_{snake_name(op.id)}_{snake_name(callback.name)}"
                        ),
                        "callback",
                        f"callback {callback.name} of {op.id}: "
                        f"{target.method.upper()} {callback.expression}",
                        _where(target),
                    )
                )
    return tuple(found)


def _where(op: Operation) -> str:
    """``file#pointer`` with the file's name only (the same wherever apigen runs)."""
    return f"{PurePath(op.source.file).name}#{op.source.pointer}"


def _constant(op: Operation) -> str:
    return constant_name(op.py_name)


def _base_path(api: Api) -> str:
    if not api.servers:
        return ""
    server = api.servers[0]
    url = server.url
    for var in server.variables:
        url = url.replace("{" + var.name + "}", var.default)
    return urlsplit(url).path.rstrip("/")


def _schemes(api: Api) -> tuple[SchemeView, ...]:
    variables = NameScope()
    found = []
    for s in api.security_schemes:
        variable = variables.claim("APIGEN_AUTH_" + constant_name(s.name))
        if s.kind == "apiKey":
            how, ok = f"the API key (sent in {s.location or 'header'} {s.parameter_name!r})", True
        elif s.kind == "http" and (s.scheme or "") == "basic":
            how, ok = "user:password", True
        elif s.kind in ("oauth2", "openIdConnect") or (s.kind == "http" and s.scheme == "bearer"):
            how, ok = "an access token (sent as Authorization: Bearer)", True
        else:
            how, ok = f"not supported ({s.kind} {s.scheme or ''}".rstrip() + ")", False
        found.append(SchemeView(s.name, s.kind, variable, how, ok))
    return tuple(found)
