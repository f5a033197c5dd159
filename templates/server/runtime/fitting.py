"""Problem documents shaped to fit the contract's own error schema, where that can be done.

Many contracts declare their error answers with a schema of their own: ``{"code",
"message"}``, GitHub's ``{"message", "documentation_url"}``...  The runtime's answers
(invalid request, 401/403, 501, a raised ``Problem``) are problem documents, which lack
those members.  :func:`fit_problem` adds each *required* member the problem document
lacks, from what the problem says:

- a number (``status``, ``code``): the HTTP status;
- text named like a message (``message``, ``detail``, ``description``, ``reason``...):
  ``"<title>: <detail>"``, then each field error (``(query limit: ...; body /name: ...)``),
  which the contract's schema often has no other place for;
- text named like a link (``documentation_url``, ``href``...): the problem ``type`` URI
  (``about:blank``);
- text named like a code (``code``, ``error``, ``error_code``, ``type``...): the title as
  a ``snake_case`` code (``invalid_request``, ``not_implemented``);
- any other text: the title.

A problem member the schema types differently is converted (``status`` as text) or, when
the schema does not require it, left out; with ``additionalProperties: false`` only the
declared members stay.  The result must validate against the declared type (a model),
otherwise the plain problem document is sent: nothing is ever invented that the contract
would reject.  A required member that is itself an object with a schema (Spotify's
``{"error": {"status", "message"}}``) is fitted the same way, a few levels deep at most.
A ``const`` or a one-value enumeration takes its value; a problem member the contract's
enumeration does not list (``type: about:blank`` where Box lists only ``error``) is
replaced by a listed one when the problem names it (the title as a code, the status), else
left out.  A list of text (DigitalOcean's ``root_causes``) takes one line per field error
(else the problem's one line); other enumerations, lists and other shapes are never
guessed.  For a union of models (``oneOf``), the first the document can be made to fit is
used, and it must fit that one only: when another option accepts it too, an optional member
that only the chosen option accepts is added (else the next option is tried; an ambiguous
document is the last resort).
"""

from __future__ import annotations

import functools
import re
import types
import typing
from collections.abc import Mapping
from enum import Enum
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .bodies import model_hints
from .problems import Problem

__all__ = ["fit_problem", "problem_text"]

_MESSAGE = {"message", "msg", "detail", "details", "description", "errordescription",
            "errormessage", "reason", "text", "summary"}  # fmt: skip
_CODE = {"code", "error", "errorcode", "errortype", "type", "kind", "name", "title", "key"}
_LINK = re.compile(r"(url|uri|href|link)$")
_DEPTH = 3  # nested error objects fitted at most this deep (schemas may be recursive)


def fit_problem(
    problem: Problem, annotation: Any, adapter: TypeAdapter[Any] | None
) -> dict[str, Any] | None:
    """The problem document made to fit ``annotation``, or None if it cannot.

    ``annotation`` is a model or a union of models (``oneOf``): the first model the
    document can be made to fit wins, and the result must pass ``adapter`` (the whole type).
    """
    if adapter is None:
        return None
    models = _models(annotation)
    ambiguous = None
    for model in models:
        doc = _fit_model(problem, model)
        if doc is None:
            continue
        others = [m for m in models if m is not model]
        if _fits_any(doc, others):
            ambiguous = ambiguous or doc
            doc = _distinguished(doc, model, others, problem)
            if doc is None:
                continue
        try:
            adapter.validate_python(doc)
        except ValidationError:
            continue
        return doc
    return ambiguous


def _fits_any(doc: dict[str, Any], models: list[type[BaseModel]]) -> bool:
    for model in models:
        try:
            _adapter(model).validate_python(doc)
        except ValidationError:
            continue
        return True
    return False


def _distinguished(
    doc: dict[str, Any], model: type[BaseModel], others: list[type[BaseModel]], problem: Problem
) -> dict[str, Any] | None:
    """``doc`` with one more optional member of ``model`` that no other option accepts
    (GitHub's 422 is ``oneOf`` two errors that differ only in their optional ``errors``
    list: of text in one, of objects in the other); None when there is none."""
    for wire, (hint, required) in _wire_fields(model).items():
        if required or wire in doc:
            continue
        value = _fill(wire, hint, problem)
        if value is None:
            continue
        candidate = {**doc, wire: value}
        try:
            _adapter(model).validate_python(candidate)
        except ValidationError:
            continue
        if not _fits_any(candidate, others):
            return candidate
    return None


def _fit_model(problem: Problem, model: type[BaseModel], depth: int = 0) -> dict[str, Any] | None:
    fields = _wire_fields(model)
    doc = problem.document()
    if model.model_config.get("extra") == "forbid":
        doc = {k: v for k, v in doc.items() if k in fields}
    if not _complete(doc, fields, problem, depth):
        return None
    adapter = _adapter(model)
    for _ in range(3):
        try:
            adapter.validate_python(doc)
        except ValidationError as exc:
            if not _repair(doc, exc, fields, problem):
                return None
        else:
            return doc
    return None


def _complete(
    doc: dict[str, Any], fields: Mapping[str, tuple[Any, bool]], problem: Problem, depth: int
) -> bool:
    """Replace the members an enumeration does not list and add the required ones that
    are missing; False when a required member cannot be made."""
    for wire, (hint, required) in fields.items():
        if wire in doc and not _listed(hint, doc[wire]):
            del doc[wire]  # the problem's own value (``type: about:blank``) is not listed
            listed = _fill(wire, hint, problem, depth)
            if listed is not None:
                doc[wire] = listed
        if required and wire not in doc:
            value = _fill(wire, hint, problem, depth)
            if value is None:
                return False
            doc[wire] = value
    return True


@functools.cache
def _adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The models ``annotation`` is, or is a union of (``None`` and metadata aside)."""
    target = _plain(annotation)
    options = (
        [_plain(a) for a in typing.get_args(target)]
        if typing.get_origin(target) in (typing.Union, types.UnionType)
        else [target]
    )
    return [o for o in options if isinstance(o, type) and issubclass(o, BaseModel)]


def _wire_fields(model: type[BaseModel]) -> dict[str, tuple[Any, bool]]:
    """Wire name -> (annotation, required), for each field of ``model``."""
    hints = model_hints(model)
    found: dict[str, tuple[Any, bool]] = {}
    for name, info in model.model_fields.items():
        wire = next((a for a in (info.validation_alias, info.alias) if isinstance(a, str)), name)
        found[wire] = (hints.get(wire, Any), info.is_required())
    return found


def _repair(
    doc: dict[str, Any], exc: ValidationError, fields: Mapping[str, tuple[Any, bool]],
    problem: Problem,
) -> bool:  # fmt: skip
    """Fix or drop the members the errors point at; False when nothing could be done."""
    handled: set[str] = set()
    for err in exc.errors(include_url=False):
        wire = err["loc"][0] if err["loc"] else None
        if wire in handled:
            continue  # one member, several errors (each option of a union)
        if not isinstance(wire, str) or wire not in doc:
            return False
        handled.add(wire)
        hint, required = fields.get(wire, (None, False))
        value = _fill(wire, hint, problem) if hint is not None else None
        if value is not None and value != doc[wire]:
            doc[wire] = value
        elif not required:
            del doc[wire]
        else:
            return False
    return bool(handled)


def _fill(wire: str, hint: Any, problem: Problem, depth: int = 0) -> Any:
    """A value for member ``wire`` of type ``hint``, from the problem; None: no good one."""
    target = _plain(hint)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return _fit_model(problem, target, depth + 1) if depth < _DEPTH else None
    if isinstance(target, type) and issubclass(target, Enum):
        return _member(target, problem)
    if typing.get_origin(target) is typing.Literal and len(typing.get_args(target)) == 1:
        return typing.get_args(target)[0]  # a const (Box's ``type: "error"``): its one value
    if typing.get_origin(target) is list and _plain(typing.get_args(target)[0]) is str:
        return _lines(problem)  # DigitalOcean's root_causes, messages...
    if target in (int, float):
        return problem.status
    if target is not str:
        return None
    key = re.sub(r"[^a-z]", "", wire.lower())
    if key in _MESSAGE:
        return problem_text(problem)
    if _LINK.search(key):
        return problem.type
    if key in _CODE:
        return re.sub(r"[^a-z0-9]+", "_", problem.title.lower()).strip("_") or "error"
    if key == "status":
        return str(problem.status)
    return problem.title


def _listed(hint: Any, value: Any) -> bool:
    """Whether ``value`` is one of an enumeration's members (anything else: True).

    Response enums are open in the models (a value the contract does not list still
    validates), but the contract's validator refuses it.
    """
    target = _plain(hint)
    if not (isinstance(target, type) and issubclass(target, Enum)):
        return True
    return any(m.value == value and type(m.value) is type(value) for m in target)


def _member(enum: type[Enum], problem: Problem) -> Any:
    """An enumeration's value for the problem: its only member, else the problem's title
    as a code (``unauthorized``) or its status, when the enumeration lists it."""
    values = [m.value for m in enum]
    if len(values) == 1:
        return values[0]
    code = re.sub(r"[^a-z0-9]+", "_", problem.title.lower()).strip("_")
    return next((v for v in values if v in (code, problem.status)), None)


def _lines(problem: Problem) -> list[str]:
    """The problem as lines of text: one per field error, else its one line."""
    return _field_lines(problem) or [problem_text(problem)]


def _field_lines(problem: Problem) -> list[str]:
    return [
        f"{e.get('in', '')} {e.get('name', '')}: {e.get('message', '')}".strip()
        for e in problem.errors
    ]


def problem_text(problem: Problem) -> str:
    """``title: detail (where: message; ...)``: the field errors too, as the contract's own
    schema often has no place for the problem's ``errors`` list."""
    text = f"{problem.title}: {problem.detail}" if problem.detail else problem.title
    fields = "; ".join(_field_lines(problem))
    return f"{text} ({fields})" if fields else text


def _plain(hint: Any) -> Any:
    """``hint`` without ``| None`` and ``Annotated`` (constraints are checked later)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return _plain(options[0])
    if typing.get_origin(hint) is typing.Annotated:
        return _plain(typing.get_args(hint)[0])
    return hint
