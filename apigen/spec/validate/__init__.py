"""Validate a resolved spec: structure first, then the rules a schema cannot express.

:func:`validate` returns every finding for a :class:`~apigen.spec.resolve.Spec`:
the resolver's own (dangling or refused ``$ref``s, referenced files that do not
load), the structural findings, and the semantic ones.  Each is located (file,
line, column, JSON pointer), duplicates are dropped, and the list is sorted by
file, line, column and code, so the same spec always gives the same report.

Structure
    The root document is checked against the OpenAPI meta-schema of its
    version, the ones shipped inside ``openapi-spec-validator``
    (``resources/schemas/v2.0``, ``v3.0``, ``v3.1``; found with
    ``importlib.util.find_spec``, which does not import it), compiled once per
    process by ``jsonschema_rs`` and never allowed on the network
    (``offline=True``).  For 3.1 the document schema leaves Schema Objects
    open; a wrapper (the official "schema-base" construction) points its
    ``$dynamicAnchor: meta`` at the OAS 3.1 base dialect shipped in
    ``openapi-schema-validator``, so Schema Objects are checked against the
    JSON Schema 2020-12 meta-schema plus the OAS vocabulary in the same pass
    (unless the document declares another ``jsonSchemaDialect``: then Schema
    Objects need only be objects or booleans).  The 3.1 document schema
    shipped there still names the Link Object's ``server`` field ``body``
    (fixed upstream); it is corrected in memory.
    Objects that live in other files of a multi-file spec are checked against
    the matching definition (Schema, Parameter, Path Item...) when the walk
    reaches them through a ``$ref``.  A failing ``oneOf``/``anyOf`` is
    explained through its best-matching branch (the one that does not fail on
    a discriminating field such as ``in`` or ``$ref``), down to the deepest
    error, rather than as "not valid under any of the given schemas"; a
    ``$ref`` where the spec allows none (DigitalOcean's operations) is one
    finding, not a missing-field and an unexpected-field one.  Values JSON
    has no form for (YAML ``!!binary``, ``!!set``) are reported where they are.

Semantics
    One walk over paths, webhooks, callbacks and components, following
    ``$ref``s (into other files too, and operations given as ``$ref``s) and
    visiting each Schema Object once, with an explicit stack, so cyclic
    schemas are fine.  Path-template checks apply to ``paths`` only, not to
    webhooks or callbacks.
    It finds at least what openapi-spec-validator 0.9 finds (defaults,
    ``required`` with ``allOf``, duplicate parameters and operationIds, path
    parameters, duplicate tags) plus the checks listed in :data:`CHECKS`.
    Defaults are validated with ``jsonschema_rs`` under the rules
    openapi-spec-validator applies: OAS 3.0 semantics for 2.0 and 3.0
    (``nullable: true`` admits null; ``x-nullable`` does not count; a
    ``required`` property marked readOnly/writeOnly may be absent), JSON
    Schema 2020-12 for 3.1 (where a null default beside ``nullable: true`` is
    left to the ``nullable-in-3.1`` warning), and only the OAS formats
    asserted (int32, int64, byte, regex); ``date-time``, ``email``... stay
    annotations.
    ``/a/{x}`` beside ``/a/{y}`` (``duplicate-path-template``) is an error
    when both define the same method (a request matches two operations), and
    a warning otherwise: the spec forbids it, but routing stays unambiguous.

Blocking
    ``blocking`` is True only when nothing sensible can be generated: the
    resolver's ``unresolved-ref``/``refused-ref`` (and files that fail to
    load), and a root document that is not structurally an OpenAPI document
    at its top level -- ``info`` or ``paths`` missing where the version
    requires them (3.1: none of ``paths``, ``components``, ``webhooks``), or
    one of ``info``, ``paths``, ``components``, ``webhooks``, ``definitions``
    not being a mapping.  Every other finding, however wrong, is something a
    generator can work around, so it is an error (or a warning) but not
    blocking.

When a specific check and the meta-schema report the same fault at the same
place (``example`` and ``examples`` together, a path parameter without
``required: true``...), only the specific finding is kept.

Layout
    :mod:`.metaschema` loads and compiles the meta-schemas, :mod:`.structural`
    runs them and :mod:`.messages` turns their errors into one-line findings;
    :mod:`.values` checks defaults; the semantic walk is
    :class:`~apigen.spec.validate.semantic._Checker`, layered over
    :mod:`.walk`, :mod:`.schemas`, :mod:`.bodies`, :mod:`.parameters` and
    :mod:`.operations`; :mod:`.duplicates` reports repeated mapping keys.
    This module puts them together, drops redundant findings and sorts.
"""

from __future__ import annotations

from apigen.errors import Diagnostic
from apigen.spec.resolve import Spec
from apigen.spec.validate.duplicates import _duplicate_keys
from apigen.spec.validate.metaschema import _meta_validator
from apigen.spec.validate.semantic import _Checker
from apigen.spec.validate.structural import _structural

__all__ = ["CHECKS", "validate"]

#: Every code :func:`validate` can report (with the resolver's), and what it means.
CHECKS: dict[str, str] = {
    "unresolved-ref": "A $ref points at nothing: missing file, fragment or anchor (blocking).",
    "refused-ref": "A $ref leaves the sandbox: network or outside the spec's folder (blocking).",
    "schema-violation": "The document breaks the OpenAPI meta-schema of its version.",
    "invalid-default": "A default value does not validate against its own schema.",
    "required-property-undefined": "A schema with allOf requires a property no branch defines.",
    "duplicate-parameter": "The same parameter (name and in) is listed twice in one list.",
    "duplicate-operation-id": "Two operations share an operationId.",
    "path-parameter-undeclared": "A {name} in the path template has no in: path parameter.",
    "path-parameter-unused": "An in: path parameter names nothing in the path template.",
    "path-parameter-not-required": "An in: path parameter lacks required: true.",
    "duplicate-path-template": "Paths differ only in parameter names (/a/{x}, /a/{y}); "
    "an error when they share a method, else a warning.",
    "undefined-security-scheme": "A security requirement names a scheme that is not defined.",
    "parameter-schema-and-content": "A parameter or header has both schema and content.",
    "duplicate-key": "A mapping repeats a key (the last value wins).",
    "multiple-body-parameters": "A 2.0 operation has two body parameters, or body and formData.",
    "nullable-in-3.1": "Warning: nullable is a 3.0 keyword that 3.1 ignores (type: [T, 'null']).",
    "duplicate-tag": "Two tags at the top level share a name.",
    "mutually-exclusive-example": "example and examples are both given on one object.",
    "unknown-link-operation": "A Link Object's operationId names no operation of the API.",
    "operation-without-responses": "Warning: a 3.1 operation declares no responses.",
}


#: Specific findings, and the fields below their pointer where the meta-schema
#: reports the same fault; a schema-violation there is dropped as redundant.
_SUPERSEDES: dict[str, tuple[str, ...]] = {
    "path-parameter-not-required": ("", "/required", "/in"),
    "parameter-schema-and-content": ("", "/schema", "/content"),
    "mutually-exclusive-example": ("", "/example", "/examples"),
}


def _drop_redundant(findings: list[Diagnostic]) -> list[Diagnostic]:
    covered: set[tuple[str, str]] = set()
    for d in findings:
        for suffix in _SUPERSEDES.get(d.code, ()):
            covered.add((d.location.file, d.location.pointer + suffix))
        if d.code == "duplicate-tag":  # the meta-schema's uniqueItems on /tags
            covered.add((d.location.file, "/tags"))
    if not covered:
        return findings
    return [
        d
        for d in findings
        if d.code != "schema-violation" or (d.location.file, d.location.pointer) not in covered
    ]


def _sort_key(d: Diagnostic) -> tuple[str, int, int, str, str, str]:
    loc = d.location
    return (loc.file, loc.line or 0, loc.column or 0, d.code, loc.pointer, d.message)


def validate(spec: Spec, *, locate: bool = True) -> list[Diagnostic]:
    """Every finding in ``spec``, without duplicates, in a stable order.

    ``locate`` fills in lines and columns, which costs a scan of each file with
    findings (a second on a 12 MB spec); callers that only count findings skip it.
    """
    findings: list[Diagnostic] = list(spec.diagnostics)
    root = spec.root
    checker = _Checker(spec)
    validator = _meta_validator(spec.major, None, checker.dialect_checks)
    findings += _structural(validator, root.root, root, "", False)
    checker.run()
    findings += checker.out
    findings += _duplicate_keys(spec)
    findings = _drop_redundant(findings)
    unique = dict.fromkeys(findings)
    if locate:
        unique = dict.fromkeys(spec.locate(d) for d in unique)
    return sorted(unique, key=_sort_key)
