"""Source snippets for one client operation: every string a template prints, prepared here.

The templates stay layout only; this module decides how each parameter
becomes a runtime ``Param(...)``, how the body is wrapped, which adapters
parse which status, and how a page is fetched.  Spec text only ever enters
these snippets through :func:`~apigen.render.env.py_literal`, names only
through the naming module (already applied in the IR and the view).
"""

from __future__ import annotations

from dataclasses import dataclass

from apigen.render.client_view import OperationView, ParamView, ResponseView
from apigen.render.env import py_literal

__all__ = ["BODY_NAMES", "Argument", "OperationCode", "operation_code"]

#: What each body kind's expression uses: (name from ``_runtime``, helper from ``_bodies``).
BODY_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": ("JsonBody", "_json"),
    "form": ("FormBody", "_fields"),
    "multipart": (None, "_multipart"),
    "bytes": ("BytesBody", None),
    "text": ("TextBody", None),
}


@dataclass(frozen=True)
class Argument:
    """One parameter of the generated method: ``name: annotation = default``."""

    name: str
    annotation: str
    default: str | None  # source text; None: required
    positional: bool


@dataclass(frozen=True)
class OperationCode:
    constant: str  # module-level name of the OperationInfo
    info: str  # the OperationInfo(...) expression
    arguments: tuple[Argument, ...]
    path_params: tuple[str, ...]
    query: tuple[str, ...]
    headers: tuple[str, ...]
    cookies: tuple[str, ...]
    body: str | None  # the Body expression
    ok: str  # dict literal: status -> adapter
    errors: str  # dict literal: status -> adapter
    returns: str  # the method's return annotation
    pager: str | None  # the pagination strategy expression
    items: str | None  # expression extracting a page's items from ``parsed``
    item_annotation: str | None


def operation_code(op: OperationView, constant: str) -> OperationCode:
    arguments: list[Argument] = []
    for p in op.params:
        if p.location == "path":
            arguments.append(Argument(p.py_name, p.annotation, None, True))
    if op.body is not None:
        annotation = op.body.annotation if op.body.required else f"{op.body.annotation} | None"
        arguments.append(Argument("body", annotation, None if op.body.required else "None", False))
    for p in op.params:
        if p.location != "path":
            arguments.append(
                Argument(p.py_name, p.annotation, None if p.required else "None", False)
            )
    info = (
        f"OperationInfo({py_literal(op.method.upper())}, {py_literal(op.path)}, "
        f"{py_literal(op.operation_id)}, security={_security(op.security)})"
    )
    return OperationCode(
        constant=constant,
        info=info,
        arguments=tuple(_ordered(arguments)),
        path_params=tuple(_param(p) for p in op.params_in("path")),
        query=tuple(_param(p) for p in op.params_in("query")),
        headers=tuple(_param(p) for p in op.params_in("header")),
        cookies=tuple(_param(p) for p in op.params_in("cookie")),
        body=_body(op),
        ok=_adapters(op.responses),
        errors=_adapters(op.errors),
        returns=op.return_annotation,
        pager=_pager(op),
        items=_items(op),
        item_annotation=op.page.item_annotation if op.page else None,
    )


def _ordered(arguments: list[Argument]) -> list[Argument]:
    """Positional first; then keyword-only, required before optional."""
    positional = [a for a in arguments if a.positional]
    keyword = [a for a in arguments if not a.positional]
    return (
        positional
        + [a for a in keyword if a.default is None]
        + [a for a in keyword if a.default is not None]
    )


def _security(requirements: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]) -> str:
    alternatives = []
    for alternative in requirements:
        schemes = ", ".join(
            f"({py_literal(name)}, ({''.join(py_literal(s) + ', ' for s in scopes)}))"
            for name, scopes in alternative
        )
        alternatives.append(f"({schemes}{',' if len(alternative) == 1 else ''})")
    return f"({', '.join(alternatives)}{',' if len(alternatives) == 1 else ''})"


def _param(p: ParamView) -> str:
    parts = [py_literal(p.wire_name), p.py_name, py_literal(p.style), repr(p.explode)]
    if p.allow_reserved:
        parts.append("allow_reserved=True")
    if p.content_type:
        parts.append(f"content_type={py_literal(p.content_type)}")
    return f"Param({', '.join(parts)})"


_FORM = "FormBody(_fields(body))"


def _body(op: OperationView) -> str | None:
    body = op.body
    if body is None:
        return None
    media = py_literal(body.media_type)
    styles = ", ".join(
        f"{py_literal(p.wire_name)}: ({py_literal(p.style)}, {p.explode!r})"
        for p in body.parts
        if p.style is not None
    )
    types = ", ".join(
        f"{py_literal(p.wire_name)}: {py_literal(p.content_type)}"
        for p in body.parts
        if p.content_type is not None
    )
    expression = {
        "json": f"JsonBody(_json(body), {media})",
        "form": f"FormBody(_fields(body), styles={{{styles}}})" if styles else _FORM,
        "multipart": f"_multipart(body, {{{types}}})" if types else "_multipart(body)",
        "bytes": f"BytesBody(body, {media})",
        "text": f"TextBody(body, {media})",
    }[body.kind]
    return expression if body.required else f"{expression} if body is not None else None"


def _adapters(responses: tuple[ResponseView, ...]) -> str:
    entries = []
    for r in responses:
        if r.kind == "model":
            value = f"TypeAdapter({r.annotation})"
        elif r.kind == "none":
            value = "None"
        else:
            value = py_literal(r.kind)
        entries.append(f"{py_literal(r.status)}: {value}")
    return "{" + ", ".join(entries) + "}"


def _pager(op: OperationView) -> str | None:
    page = op.page
    if page is None:
        return None
    size = f", size_param={py_literal(page.size_param)}" if page.size_param else ""
    more = f", has_more_path={py_literal(page.has_more_field)}" if page.has_more_field else ""
    if page.strategy == "cursor":
        source = (
            f"header={py_literal(page.cursor_header)}"
            if page.cursor_header
            else f"body_path={py_literal(page.cursor_field)}"
        )
        return f"CursorPagination({py_literal(page.param)}, {source}{more})"
    if page.strategy == "last_item":
        return (
            f"LastItemPagination({py_literal(page.param)}, items_path="
            f"{py_literal(page.items_field)}, id_field={py_literal(page.id_field)}{more})"
        )
    if page.strategy == "link":
        return "LinkHeaderPagination()"
    if page.strategy == "page":
        return f"PagePagination({py_literal(page.param)}{size})"
    limit = f", limit_param={py_literal(page.size_param)}" if page.size_param else ""
    return f"OffsetPagination({py_literal(page.param)}{limit})"


def _items(op: OperationView) -> str | None:
    page = op.page
    if page is None:
        return None
    if page.items_attr is None:
        items = "list(parsed or [])" if page.guard is None else "list(parsed)"
    else:
        items = f"list(parsed.{page.items_attr} or [])"
    if page.guard is None:
        return items
    # Any other answer (a 304, another 2xx body) is an empty page: the walk ends there.
    return f"{items} if isinstance(parsed, {page.guard}) else []"
