"""Pydantic v2 models from the IR: ``render_models(api) -> {path: source}``.

Pure: the same :class:`~apigen.ir.model.Api` always gives the same bytes, nothing is read or
written.  The client and both server generators use it, and :class:`ModelTypes` gives them
the annotations of operation parameters, bodies and responses in the same vocabulary
(``ModelTypes(api).annotation(t, qualifier="models.")``, e.g. as the ``annotate`` callable
of :func:`~apigen.render.client_view.build_client_view`).  The runtime pieces the models
share (base class, open enums, discriminator, dump helpers) are in the generated
``models/_base.py``, whose source is at the end of this module.

Decisions:

Layout
    ``layout="split"`` (the default) writes one module per place of the contract that
    defines types (a component schema with the types declared inside it, or the inline
    types of one tag's operations: :mod:`apigen.render.model_modules`) plus a lazy
    ``models/__init__.py``: ``__all__``, ``TYPE_CHECKING`` imports for type checkers, and a
    module ``__getattr__`` that imports a model's module the first time the name is used.
    Importing ``models`` builds no class at all; importing one model imports its module and
    the modules it references, and every class is created with ``defer_build`` so pydantic
    builds its validator on first use.  GitHub's 6,770 named types (1,045 modules) make
    this necessary; small specs get the same layout so that a file set does not flip when a
    spec grows.  ``layout="single"`` puts everything in ``models/__init__.py``.

Cross-module references and cycles
    Annotations are strings (``from __future__ import annotations``) that pydantic resolves
    in the model's module when it first builds the validator.  A module therefore imports
    the models and aliases it refers to *after* its own definitions: in a cycle, the module
    imported second finds the first one's class already defined (those imports carry
    ``# noqa: E402``, so linters pass without configuration).  Enums never refer to
    anything, so they are imported at the top (enum members can then be field defaults).
    Named non-object types (unions, recursive arrays) are ``TypeAliasType`` objects whose
    string references are resolved in the alias's own module; type checkers see a plain
    ``TypeAlias`` (``if TYPE_CHECKING``), which also handles recursive aliases.  An alias
    that only renames another named type (``Order = Order_2``) gets no module: the package
    ``__getattr__`` maps the name to its target.  Importing and building recurse once per
    link of a chain of references; an API whose chains reach :data:`_PREPARE_FROM` links
    (synthetic ones: real specs stay under 30) gets a package ``__getattr__`` that first
    builds a few models along those chains, tail first, so nothing recurses past the stack.

``allOf``
    Always flattened: the IR already merged the parts' fields, and every model subclasses
    ``ApiModel`` only.  Inheritance would need the base class at import time, which breaks
    the import-cycle rule above as soon as a base refers back to a subclass (common in
    allOf-heavy specs), and pydantic cannot narrow or relax an inherited field without the
    subclass redefining it anyway.  The bases are named in the class docstring.

Open enums
    String, integer and number enums subclass ``OpenStrEnum`` / ``OpenIntEnum`` /
    ``OpenFloatEnum`` (``str``/``int``/``float`` + ``Enum``) whose ``_missing_`` turns an
    unknown value into a pseudo-member named ``UNKNOWN`` that keeps the value.  Fields stay
    typed as the enum (``PetStatus``, not ``PetStatus | str``), so user code type-checks
    under ``mypy --strict`` and compares members as usual; only ``match`` exhaustiveness
    over members can miss the unknown case, which is the point.  Boolean enums are
    ``bool``; enums mixing JSON types are the union of those types.

Unions
    ``oneOf``/``anyOf`` become ``Union[...]`` (pydantic's smart mode picks the best match).
    With a discriminator whose options are all objects, the union is tagged with a
    *callable* discriminator (``models._base.discriminator``): values from the mapping
    select the variant directly, and input whose tag is missing or unknown falls back to the
    plain union instead of failing.  This needs no ``Literal`` narrowing of the variants'
    fields, which would change those models everywhere else they are used, could not express
    a variant mapped from several values, and breaks on the common case (OpenAI) where the
    implicit mapping (schema names) disagrees with the one-value enum the variant declares:
    such enum values are added to the mapping.  A discriminator over non-object options is
    dropped with a warning and a comment.

readOnly / writeOnly
    One class per schema.  readOnly and writeOnly fields are always optional (``T | None =
    None``), since one side legitimately omits them, and each class lists them in
    ``__apigen_read_only__`` / ``__apigen_write_only__``.  ``dump_request(model)`` leaves
    readOnly fields out of request bodies and ``dump_response(model)`` leaves writeOnly
    fields out of responses, at every nesting level.  Separate request/response classes
    would double the models of specs like Asana (205 models with readOnly fields) and force
    users to convert between twins.

Fields
    Optional fields are ``T | None`` (default ``None`` or the spec's default); wire names
    that differ from the Python name go in ``validation_alias`` and ``serialization_alias``
    (not ``alias``, so that type checkers see the Python names as ``__init__`` parameters);
    descriptions in ``Field(description=...)``; ``deprecated`` fields get
    ``Field(deprecated=True)``.  Defaults that do not match their type are dropped with a
    warning (validating them would fail at run time); list, object and model defaults use
    ``default_factory`` with a fresh copy.

Formats and constraints
    date -> ``datetime.date``, date-time -> ``datetime.datetime``, uuid -> ``uuid.UUID``,
    binary -> ``bytes``; byte (base64) stays ``str`` (servers send padded, unpadded and
    URL-safe base64 alike; decoding is left to the caller); int32/int64 -> ``int``, number
    -> ``float``; email, uri and the rest -> ``str``.  ``uniqueItems`` arrays stay ``list``
    (order kept, uniqueness not enforced).  minLength, maximum, pattern... become ``Field``
    constraints, only where they apply to the Python type.  Each pattern is compiled with
    pydantic's own (Rust) regex engine when pydantic is importable, else checked with ``re``
    and a list of constructs that engine rejects (look-around, back-references); a pattern
    that would stop the validator from building is dropped, with a comment and a warning.

Formatting
    Statements are printed in black's style by a port of black's line splitter for the
    shapes emitted here (no formatter process: black needs ~90 s on GitHub's models).

Names
    Spec text reaches the code only through :func:`~apigen.render.env.py_literal`
    (strings, defaults, enum values, aliases, descriptions) and
    :func:`~apigen.render.env.docstring`; names come from :mod:`apigen.ir.naming` and are
    re-checked with ``identifier``.  Comments hold fixed text and identifiers only (a
    comment can change a file's encoding or silence a type checker).  A spec type named
    like something the modules import (``Field``, ``Any``, ``Union``...) keeps its name and
    the import gets a leading underscore; the ``_base`` helpers used inside class bodies are
    always imported as ``_discriminator`` / ``_json_default``, since a class body's own
    fields (``discriminator``, ``json_default``) would shadow them.

The generated package needs Python >= 3.10, typing-extensions >= 4.8 and a recent pydantic
2 (``Field(deprecated=...)`` is 2.7; string references inside ``TypeAliasType`` resolved in
the alias's module need a recent 2.x): it is tested with pydantic 2.14.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import textwrap
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, assert_never

from apigen.errors import Diagnostic, Location, Severity
from apigen.ir.chains import BuildOrder
from apigen.ir.model import (
    AliasDef,
    AliasRef,
    AnyValue,
    Api,
    ArrayOf,
    Const,
    Constraints,
    EnumDef,
    EnumRef,
    Field,
    MapOf,
    Model,
    ModelRef,
    Nullable,
    Primitive,
    Source,
    TypeRef,
    UnionOf,
)
from apigen.ir.naming import NameScope, snake_name
from apigen.jsontypes import json_type
from apigen.render.env import docstring, identifier, py_literal
from apigen.render.model_modules import Group, depth, group_definitions

__all__ = [
    "ANNOTATION_IMPORTS",
    "FILE_TYPE",
    "WARNING_CODES",
    "Layout",
    "ModelTypes",
    "is_file",
    "many_models",
    "render_models",
]

Layout = Literal["split", "single"]

#: Imports that annotations from :meth:`ModelTypes.annotation` may need (besides the models).
ANNOTATION_IMPORTS = (
    "import datetime as _dt",
    "import uuid as _uuid",
    "from typing import Annotated, Any, Literal, Union",
    "from pydantic import Field, Tag",
)

#: Diagnostic codes of the warnings :func:`render_models` reports.
PATTERN_DROPPED = "pattern-dropped"
DEFAULT_DROPPED = "default-dropped"
DISCRIMINATOR_IGNORED = "discriminator-ignored"
WARNING_CODES = (PATTERN_DROPPED, DEFAULT_DROPPED, DISCRIMINATOR_IGNORED)  # README: "Warnings"

_UNTAGGED = "*"  # models._base.UNTAGGED
_BASE_EXPORTS = ("ApiModel", "discriminator", "dump_request", "dump_response")
#: Names the generated modules import from typing, pydantic and ``_base``.  A spec type with
#: one of these names gets it; the import is then renamed with a leading underscore.
_FRAMEWORK = frozenset(
    {
        "Annotated",
        "Any",
        "ApiModel",
        "ConfigDict",
        "Dict",
        "Field",
        "List",
        "Literal",
        "OpenFloatEnum",
        "OpenIntEnum",
        "OpenStrEnum",
        "Optional",
        "Tag",
        "TypeAlias",
        "TypeAliasType",
        "Union",
    }
)
_TYPING = ("Annotated", "Any", "Dict", "List", "Literal", "Optional", "Union")
_PYDANTIC = ("ConfigDict", "Field", "Tag")
_BASE_NAMES = ("ApiModel", "OpenFloatEnum", "OpenIntEnum", "OpenStrEnum")
_HELPERS = ("discriminator", "dump_request", "dump_response")
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)}
)
_GENERATED = "Generated by apigen; do not edit."


def render_models(
    api: Api,
    *,
    layout: Layout = "split",
    folder: str = "models",
    warnings: list[Diagnostic] | None = None,
    files: bool = False,
    closable_enums: bool = False,
) -> dict[str, str]:
    """The models package of ``api``: relative path (under ``folder``) -> Python source.

    ``warnings``, when given, receives what could not be rendered as written (patterns
    pydantic cannot compile, defaults that do not fit their type, discriminators that
    cannot be applied), as :class:`~apigen.errors.Diagnostic` warnings.  ``files``: see
    :class:`ModelTypes`.  ``closable_enums`` (the server): open enums refuse unlisted
    values when validated with ``context={"closed_enums": True}`` (:data:`_CLOSABLE`).
    """
    types = ModelTypes(api, files=files)
    renderer = _Renderer(types, folder.strip("/"), server=closable_enums)
    sources = renderer.render(layout)
    if closable_enums:
        sources[renderer._path("_base")] = _closable_base()
    if warnings is not None:
        warnings.extend(types.warnings)
    return sources


def many_models(api: Api) -> bool:
    """Whether rendering ``api``'s models is worth a forked child (starting one costs ~0.1 s):
    the client and server generators render them beside the rest when it is."""
    return len(api.models) + len(api.enums) + len(api.aliases) >= 1000


class ModelTypes:
    """How the IR's types are spelled in Python; shared by the models and the generators.

    Generators call :meth:`annotation` for parameters, bodies and responses, with the
    models referred to through the models package (``qualifier="models."``) and the imports
    in :data:`ANNOTATION_IMPORTS`.

    ``files``: binary strings (``format: binary``, a 3.1 raw ``contentMediaType`` other
    than JSON) are typed :data:`FILE_TYPE`, so that a multipart upload can carry a filename
    and a content type; without it they are ``bytes`` (the server, whose runtime puts a
    ``bytes`` subclass carrying the filename there).
    """

    def __init__(self, api: Api, *, files: bool = False) -> None:
        self.api = api
        self.files = files
        self.warnings: list[Diagnostic] = []
        self._warned: set[tuple[str, str, str, str]] = set()
        self._enums = {e.name: e for e in api.enums}
        self._models = {m.name: m for m in api.models}
        self._aliases = {a.name: a for a in api.aliases}
        taken = {*self._enums, *self._models, *self._aliases}
        self._fw = {n: ("_" + n if n in taken else n) for n in _FRAMEWORK}
        self._targets: dict[str, str | None] = {}
        self._patterns: dict[str, bool] = {}
        self._tags: dict[UnionOf, _Tags | None] = {}

    # ------------------------------------------------------------------ public

    def annotation(self, t: TypeRef, *, qualifier: str = "", source: Source | None = None) -> str:
        """``t`` as an annotation for code outside the models package.

        Named types are written ``{qualifier}{Name}``; helpers from ``_base`` likewise
        (``models.discriminator``).  Needs the imports in :data:`ANNOTATION_IMPORTS`.
        ``source`` locates the warnings this may add to :attr:`warnings` (a pattern left
        out, a discriminator not applied).
        """
        ctx = _Ctx(runtime=False, fw=lambda n: n, prefix=qualifier, source=source)
        return _flat(self.expr(t, ctx))

    def public_name(self, name: str) -> str:
        """The class or alias a named type is written as (renames resolved)."""
        return self.target(name) or name

    def keeps_default(self, f: Field) -> bool:
        """Whether the model gives ``f`` its spec default (one that does not fit is left out)."""
        return f.has_default and f.default is not None and self.fits(f.default, f.type)

    def may_be_none(self, f: Field) -> bool:
        """Whether the model types ``f`` as ``... | None``: optional, nullable, read/write-only,
        or with a default; the server's forms and handler signatures must agree."""
        return (
            not f.required
            or f.read_only
            or f.write_only
            or isinstance(f.type, Nullable)
            or self.keeps_default(f)
        )

    def fits(self, value: Any, t: TypeRef, depth: int = 0) -> bool:
        """Whether ``value`` validates against ``t`` (approximately, erring towards no)."""
        if depth > 50:
            return False
        if isinstance(t, Nullable):
            return value is None or self.fits(value, t.inner, depth + 1)
        if isinstance(t, AnyValue):
            return True
        if isinstance(t, Const):
            return type(value) is type(t.value) and value == t.value
        if isinstance(t, Primitive):
            return _scalar_fits(value, t, self)
        if isinstance(t, ArrayOf):
            k = t.constraints
            return (
                isinstance(value, list)
                and _within(len(value), k.min_items, k.max_items)
                and all(self.fits(v, t.items, depth + 1) for v in value)
            )
        if isinstance(t, MapOf):
            k = t.constraints
            return (
                isinstance(value, dict)
                and _within(len(value), k.min_properties, k.max_properties)
                and all(self.fits(v, t.values, depth + 1) for v in value.values())
            )
        if isinstance(t, UnionOf):
            return any(self.fits(value, o, depth + 1) for o in t.options)
        if isinstance(t, (ModelRef, EnumRef, AliasRef)):
            name = self.target(t.name)
            if name in self._enums:
                return _enum_fits(value, self._enums[name])
            if name in self._aliases:
                return self.fits(value, self._aliases[name].type, depth + 1)
            model = self._models.get(name or "")
            return model is not None and self._model_fits(value, model, depth)
        assert_never(t)

    def _model_fits(self, value: Any, model: Model, depth: int) -> bool:
        if not isinstance(value, dict):
            return False
        wires = {f.wire_name for f in model.fields}
        for f in model.fields:
            if f.wire_name in value:
                if not self.fits(value[f.wire_name], f.type, depth + 1):
                    return False
            elif f.required and not (f.read_only or f.write_only or f.has_default):
                return False
        extra = [v for k, v in value.items() if k not in wires]
        if model.additional is None:
            return not extra
        return all(self.fits(v, model.additional, depth + 1) for v in extra)

    # ------------------------------------------------------------------ naming

    def fw(self, name: str) -> str:
        """The local name of an import from typing, pydantic or ``_base``."""
        return self._fw[name]

    def target(self, name: str) -> str | None:
        """What a named type resolves to once renames (``Order = Order_2``) are followed.

        None when the renames go round in a circle (rendered as ``Any``).
        """
        if name in self._targets:
            return self._targets[name]
        seen: list[str] = []
        current: str | None = name
        while current is not None and current in self._aliases:
            inner = self._aliases[current].type
            if not isinstance(inner, (ModelRef, EnumRef, AliasRef)):
                break
            if current in seen:
                current = None
                break
            seen.append(current)
            current = inner.name
        for n in seen or [name]:
            self._targets[n] = current
        return current

    def is_rename(self, alias: AliasDef) -> bool:
        return isinstance(alias.type, (ModelRef, EnumRef, AliasRef)) and self.target(
            alias.name
        ) not in (None, alias.name)

    # ------------------------------------------------------------------ types

    def expr(self, t: TypeRef, c: _Ctx) -> _Expr:
        """``t`` as an expression; ``c`` says whether it is evaluated at import time."""
        if isinstance(t, Primitive):
            if self.files and is_file(t):
                return _FILE
            base, constraints = self.primitive(t, c)
            return self._constrained(_Atom(base), constraints, c)
        if isinstance(t, ArrayOf):
            inner = self.expr(t.items, c)
            return self._constrained(
                _Sub(c.fw("List") if c.runtime else "list", (inner,)),
                self.container_constraints(t.constraints, c, "items"),
                c,
            )
        if isinstance(t, MapOf):
            inner = self.expr(t.values, c)
            return self._constrained(
                _Sub(c.fw("Dict") if c.runtime else "dict", (_Atom("str"), inner)),
                self.container_constraints(t.constraints, c, "properties"),
                c,
            )
        if isinstance(t, (ModelRef, EnumRef, AliasRef)):
            name = self.target(t.name)
            if name is None:
                return _Atom(c.fw("Any"), "any")
            c.refs.add(name)
            if c.prefix:
                return _Atom(c.prefix + name)
            return _string(name) if c.runtime else _Atom(name)
        if isinstance(t, UnionOf):
            return self._union(t, c)
        if isinstance(t, Nullable):
            inner = self.expr(t.inner, c)
            if isinstance(inner, _Atom) and inner.kind == "any":
                return inner
            return _nullable(inner, c)
        if isinstance(t, Const):
            return self._const(t.value, c)
        if isinstance(t, AnyValue):
            return _Atom(c.fw("Any"), "any")
        assert_never(t)

    def primitive(self, t: Primitive, c: _Ctx) -> tuple[str, list[_Kw]]:
        """The Python type of a scalar and the ``Field`` constraints that apply to it."""
        if t.kind != "string":
            base = _KINDS[t.kind]
        else:
            base = "bytes" if is_file(t) else _STRING_FORMATS.get(t.format or "", "str")
        if base.startswith("_"):
            c.used.add(base.split(".")[0])
        return base, self.scalar_constraints(t.constraints, base, c)

    def scalar_constraints(self, k: Constraints, base: str, c: _Ctx) -> list[_Kw]:
        if k.is_empty():
            return []
        found: list[_Kw] = []
        if base in ("str", "bytes"):
            found += _lengths(k.min_length, k.max_length)
            if base == "str" and k.pattern is not None:
                if self.pattern_ok(k.pattern):
                    found.append(_Kw("pattern", _string(k.pattern)))
                else:
                    c.dropped_pattern = True
                    self.warn(
                        PATTERN_DROPPED,
                        "pattern left out: pydantic's regex engine cannot compile it",
                        c.source,
                    )
        elif base in ("int", "float"):
            for key, value in (
                ("ge", k.minimum),
                ("le", k.maximum),
                ("gt", k.exclusive_minimum),
                ("lt", k.exclusive_maximum),
            ):
                if value is not None:
                    found.append(_Kw(key, _number(value)))
            if k.multiple_of is not None and k.multiple_of > 0:
                found.append(_Kw("multiple_of", _number(k.multiple_of)))
        return found

    def container_constraints(self, k: Constraints, c: _Ctx, what: str) -> list[_Kw]:
        if k.is_empty():
            return []
        if what == "items":
            return _lengths(k.min_items, k.max_items)
        return _lengths(k.min_properties, k.max_properties)

    def _constrained(self, e: _Expr, constraints: list[_Kw], c: _Ctx) -> _Expr:
        if not constraints:
            return e
        c.used.add("Field")
        return _Sub(c.fw("Annotated"), (e, _Call(c.fw("Field"), tuple(constraints))))

    def _const(self, value: Any, c: _Ctx) -> _Expr:
        if value is None:
            return _NONE
        if isinstance(value, (str, bool, int)):
            return _Sub(c.fw("Literal"), (_literal(value),))
        if isinstance(value, float):
            return _Atom("float")
        if isinstance(value, list):
            return _Sub(c.fw("List") if c.runtime else "list", (_Atom(c.fw("Any")),))
        return _Sub(c.fw("Dict") if c.runtime else "dict", (_Atom("str"), _Atom(c.fw("Any"))))

    def _union(self, u: UnionOf, c: _Ctx) -> _Expr:
        options: list[_Expr] = []
        seen: set[str] = set()
        for option in u.options:
            e = self.expr(option, c)
            text = _flat(e)
            if text not in seen:
                seen.add(text)
                options.append(e)
        plain = options[0] if len(options) == 1 else _Sub(c.fw("Union"), tuple(options))
        tags = self.tags(u)
        if tags is None and u.discriminator is not None:
            c.dropped_discriminator = True
            self.warn(
                DISCRIMINATOR_IGNORED,
                "discriminator not applied: an option of the union is not an object",
                c.source,
            )
        if tags is None or len(options) != len(u.options):
            return plain
        tag = c.fw("Tag")
        choices = [
            _Sub(c.fw("Annotated"), (option, _Call(tag, (_string(name),))))
            for option, name in zip(options, tags.models, strict=True)
        ]
        choices.append(_Sub(c.fw("Annotated"), (plain, _Call(tag, (_string(_UNTAGGED),)))))
        # Inside the package the helper is imported as ``_discriminator``: a class body may
        # have a field called ``discriminator`` that would shadow it.
        helper = "_discriminator" if c.internal else c.prefix + "discriminator"
        c.used.add("_discriminator")
        mapping = _Display("{", tuple(_Pair(_string(v), _string(m)) for v, m in tags.mapping))
        rule = _Call(helper, (_string(tags.wire_name), _string(tags.field_name), mapping))
        return _Sub(c.fw("Annotated"), (_Sub(c.fw("Union"), tuple(choices)), rule))

    def tags(self, u: UnionOf) -> _Tags | None:
        """How a discriminated union picks its variant; None for a plain union."""
        if u not in self._tags:
            self._tags[u] = self._compute_tags(u)
        return self._tags[u]

    def _compute_tags(self, u: UnionOf) -> _Tags | None:
        d = u.discriminator
        if d is None:
            return None
        models: list[str] = []
        for option in u.options:
            name = self.target(option.name) if isinstance(option, (ModelRef, AliasRef)) else None
            if name is None or name not in self._models:
                return None
            models.append(name)
        mapping: dict[str, str] = {}
        for value, model in d.mapping:
            name = self.target(model)
            if name in models:
                mapping.setdefault(value, name)
        field_names: set[str] = set()
        for name in models:
            prop = next(
                (f for f in self._models[name].fields if f.wire_name == d.property_name), None
            )
            if prop is None:
                continue
            field_names.add(prop.py_name)
            allowed = self._tag_values(prop.type)
            mapped = {v for v, m in mapping.items() if m == name}
            if allowed and not mapped & set(allowed):
                # The mapping (often the implicit one: schema names) names values this
                # variant's own schema rejects; the values it declares are what servers send.
                for value in allowed:
                    mapping.setdefault(value, name)
        field_name = field_names.pop() if len(field_names) == 1 else d.property_name
        return _Tags(d.property_name, field_name, tuple(models), tuple(mapping.items()))

    def _tag_values(self, t: TypeRef) -> list[str]:
        if isinstance(t, Const) and isinstance(t.value, str):
            return [t.value]
        if isinstance(t, EnumRef):
            name = self.target(t.name)
            enum = self._enums.get(name or "")
            if enum is not None and enum.kind == "string":
                return [str(v.value) for v in enum.values]
        return []

    # ------------------------------------------------------------------ checks

    def pattern_ok(self, pattern: str) -> bool:
        """Whether pydantic can compile ``pattern`` (its Rust engine, or a close stand-in)."""
        known = self._patterns.get(pattern)
        if known is None:
            known = self._patterns[pattern] = _compiles(pattern)
        return known

    def warn(self, code: str, message: str, source: Source | None) -> None:
        file, pointer = (source.file, source.pointer) if source else (self.api.source.file, "")
        key = (code, file, pointer, message)
        if key in self._warned:
            return
        self._warned.add(key)
        self.warnings.append(Diagnostic(code, Severity.WARNING, message, Location(file, pointer)))


@dataclass(frozen=True, slots=True)
class _Tags:
    wire_name: str
    field_name: str
    #: the variant of each option, in option order
    models: tuple[str, ...]
    #: property value -> variant
    mapping: tuple[tuple[str, str], ...]


@dataclass
class _Ctx:
    """Where an expression is printed.

    ``runtime``: evaluated at import time (alias values), so named types are strings and
    containers come from typing; else an annotation, evaluated lazily by pydantic.
    """

    runtime: bool
    fw: Callable[[str], str]
    prefix: str = ""
    internal: bool = False  # inside the models package
    source: Source | None = None
    refs: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)
    dropped_pattern: bool = False
    dropped_discriminator: bool = False


_KINDS = {"integer": "int", "number": "float", "boolean": "bool", "string": "str"}
_STRING_FORMATS = {
    "date": "_dt.date",
    "date-time": "_dt.datetime",
    "uuid": "_uuid.UUID",
    "binary": "bytes",
}


def is_file(t: Primitive) -> bool:
    """Whether a string holds a file's raw bytes (JSON text in a string is not a file)."""
    if t.kind != "string":
        return False
    media = (t.media_type or "").split(";")[0].strip().lower()
    if t.format == "binary":
        return True
    return bool(media) and media != "application/json" and not media.endswith("+json")


def _lengths(low: int | None, high: int | None) -> list[_Kw]:
    found = []
    if low is not None and low >= 0:
        found.append(_Kw("min_length", _number(low)))
    if high is not None and high >= 0:
        found.append(_Kw("max_length", _number(high)))
    return found


def _nullable(inner: _Expr, c: _Ctx) -> _Expr:
    if inner == _NONE:
        return inner
    if c.runtime:
        return _Sub(c.fw("Optional"), (inner,))
    if isinstance(inner, _Or) and inner.parts[-1] == _NONE:
        return inner
    return _Or((inner, _NONE))


#: Constructs of ECMA/Python regexes that Rust's ``regex`` crate (pydantic's engine) rejects.
_RUST_UNSUPPORTED = re.compile(r"\(\?<?[=!]|\\[1-9]|\\k<|\(\?>|[*+?}][+]|\\Z|\(\?\(|\\[ACGz]")


def _compiles(pattern: str) -> bool:
    try:
        from pydantic_core import SchemaError, SchemaValidator, core_schema
    except ImportError:  # apigen does not need pydantic itself: approximate its engine
        try:
            re.compile(pattern)
        except (re.error, OverflowError, RecursionError):
            return False
        return _RUST_UNSUPPORTED.search(pattern) is None
    try:
        SchemaValidator(core_schema.str_schema(pattern=pattern))
    except (SchemaError, OverflowError, RecursionError):
        return False
    return True


# --------------------------------------------------------------------------- modules


def _module_name(scope: NameScope, name: str) -> str:
    """A module name from a type's or an operation's name, short enough for every disk."""
    stem = snake_name(name)
    if len(stem) > 100:
        stem = stem[:90] + "_" + hashlib.sha256(stem.encode()).hexdigest()[:8]
    return identifier(scope.claim(stem))


def _section_module(section: str | None) -> str | None:
    """The module name of a section's inline types (``operations_pets``), if a section."""
    if section is None:
        return None
    return f"operations_{section}" if section else "operations"


def _section_title(section: str | None) -> str | None:
    """The first docstring line of a section's module, if a section."""
    if section is None:
        return None
    if not section:
        return "The types defined inline in the untagged operations."
    return f"The types defined inline in the operations tagged ``{' '.join(section.split())}``."


def _title(group: Group, kinds: dict[str, str], head: Source) -> str:
    """A module's first docstring line: its outermost type, and how many it holds."""
    names = group.names
    title = f"The ``{identifier(names[0])}`` {kinds[names[0]]}"
    more = len(names) - 1
    if not more:
        return title + "."
    where = "inside it" if group.place == head else "in the same place"
    return title + f" and the {more} type{'s' if more > 1 else ''} defined {where}."


def _kind(definition: EnumDef | Model | AliasDef) -> str:
    """What a module's docstring calls a named type."""
    if isinstance(definition, EnumDef):
        return "enum"
    return "model" if isinstance(definition, Model) else "type"


@dataclass
class _Module:
    """One generated module's parts, assembled by :meth:`_Renderer._source`."""

    doc: str
    used: set[str] = field(default_factory=set)  # framework names and helper modules
    top: set[str] = field(default_factory=set)  # named types imported before the body
    refs: set[str] = field(default_factory=set)  # named types imported after the body
    blocks: list[list[str]] = field(default_factory=list)  # top-level statements


class _Renderer:
    def __init__(self, types: ModelTypes, folder: str, *, server: bool = False) -> None:
        self.types = types
        self.server = server  # also name the fields requests must carry (:data:`_CLOSABLE`)
        self.api = types.api
        self.folder = folder
        self.modules: dict[str, str] = {}  # type name -> module name (split layout)

    def _definitions(self) -> list[str]:
        return [name for name, _ in self._defined()]

    def _defined(self) -> list[tuple[str, EnumDef | Model | AliasDef]]:
        """Every named type that gets a definition (renames do not): enums, models, aliases."""
        return [
            *((e.name, e) for e in self.api.enums),
            *((m.name, m) for m in self.api.models),
            *((a.name, a) for a in self.api.aliases if not self.types.is_rename(a)),
        ]

    def render(self, layout: Layout) -> dict[str, str]:
        files = {self._path("_base"): _BASE_SOURCE}
        if layout == "single":
            files[self._path("__init__")] = self._single()
            return files
        defined = self._defined()
        parts = {name: self._part(definition) for name, definition in defined}
        kinds = {name: _kind(definition) for name, definition in defined}
        sources = {name: definition.source for name, definition in defined}
        scope = NameScope(_WINDOWS_RESERVED)
        groups = self._groups([name for name, _ in defined], sources, parts)
        for group in groups:  # every module named before any is rendered (they import others)
            module = _module_name(scope, _section_module(group.section) or group.names[0])
            self.modules.update((name, module) for name in group.names)
        for group in groups:
            title = _section_title(group.section) or _title(group, kinds, sources[group.names[0]])
            path = self._path(self.modules[group.names[0]])
            files[path] = self._group_source(group.names, title, parts, kinds)
        files[self._path("__init__")] = self._lazy_init()
        return dict(sorted(files.items()))

    def _part(self, definition: EnumDef | Model | AliasDef) -> _Module:
        """One named type's statements, with what they import (docstring set later)."""
        module = _Module("")
        if isinstance(definition, EnumDef):
            module.blocks.append(self._enum(definition, module))
        elif isinstance(definition, Model):
            module.blocks.append(self._model(definition, module))
        else:
            module.blocks.append(self._alias(definition, module))
        return module

    def _groups(
        self, names: list[str], sources: dict[str, Source], parts: dict[str, _Module]
    ) -> list[Group]:
        """The modules' contents (see :mod:`apigen.render.model_modules`), outermost type first.

        An enum another module imports at its top (a field default is one of its members)
        gets a module of its own: enums import nothing, so that import can never meet a
        reference cycle, whereas a module of models imports others after its body.
        """
        order = {name: i for i, name in enumerate(names)}
        operations = (*self.api.operations, *self.api.webhooks)
        sections = {op.source: op.tags[0] if op.tags else "" for op in operations}
        groups = group_definitions([(name, sources[name]) for name in names], sections)
        home = {name: i for i, group in enumerate(groups) for name in group.names}
        alone = {
            top
            for name, part in parts.items()
            for top in part.top
            if home[top] != home[name] and len(groups[home[top]].names) > 1
        }
        result = [Group(g.place, [n for n in g.names if n not in alone], g.section) for g in groups]
        result += [Group(sources[n], [n]) for n in sorted(alone, key=order.__getitem__)]
        for group in result:
            group.names.sort(key=lambda n: (depth(sources[n]), order[n]))
        return sorted((g for g in result if g.names), key=lambda g: order[g.names[0]])

    def _group_source(
        self, names: list[str], title: str, parts: dict[str, _Module], kinds: dict[str, str]
    ) -> str:
        """One module: enums first (fields default to their members), then the rest."""
        description = None
        if len(names) == 1 and kinds[names[0]] == "type":
            description = self.types._aliases[names[0]].description
        module = self._module(title, description)
        for name in sorted(names, key=lambda n: kinds[n] != "enum"):
            part = parts[name]
            module.blocks += part.blocks
            module.used |= part.used
            module.top |= part.top
            module.refs |= part.refs
        return self._source(module, set(names))

    def _path(self, module: str) -> str:
        return f"{self.folder}/{module}.py" if self.folder else f"{module}.py"

    def _module(self, title: str, description: str | None = None) -> _Module:
        parts = [title]
        if description and description.strip():
            parts.append(description)
        parts.append(_GENERATED)
        return _Module("\n\n".join(parts))

    def _ctx(self, module: _Module, runtime: bool, source: Source | None) -> _Ctx:
        def fw(name: str) -> str:
            module.used.add(name)
            return self.types.fw(name)

        return _Ctx(
            runtime=runtime,
            fw=fw,
            internal=True,
            source=source,
            refs=module.refs,
            used=module.used,
        )

    # ------------------------------------------------------------------ layouts

    def _single(self) -> str:
        module = _Module(
            f"Models of the {self.api.title} API.\n\n{_GENERATED}"
            if self.api.title.strip()
            else f"Models.\n\n{_GENERATED}"
        )
        for enum in self.api.enums:
            module.blocks.append(self._enum(enum, module))
        for model in self.api.models:
            module.blocks.append(self._model(model, module))
        renames = []
        for alias in self.api.aliases:
            if self.types.is_rename(alias):
                target = self.types.target(alias.name)
                assert target is not None
                renames.append(_statement(identifier(alias.name), None, _Atom(target)))
            else:
                module.blocks.append(self._alias(alias, module))
        if renames:
            module.blocks.append([line for block in renames for line in block])
        names = sorted({*self._definitions(), *self._renames(), *self._base_exports()})
        exports = _statement("__all__", None, _Display("[", tuple(_string(n) for n in names)))
        module.used.update(self._base_exports())
        module.refs.clear()  # everything is defined here
        module.top.clear()
        return self._source(module, set(), exports)

    def _renames(self) -> list[str]:
        return [a.name for a in self.api.aliases if self.types.is_rename(a)]

    def _base_exports(self) -> list[str]:
        taken = set(self._definitions()) | set(self._renames())
        return [n for n in _BASE_EXPORTS if n not in taken]

    def _lazy_init(self) -> str:
        title = self.api.title.strip()
        doc = (f"Models of the {title} API." if title else "Models.") + (
            "\n\nImporting this package is cheap: a model's module is imported the first time"
            " its name is used (``from .models import Pet``, ``models.Pet``), and pydantic"
            " builds a model's validator the first time it validates.\n\n" + _GENERATED
        )
        entries: list[tuple[str, str, str]] = []  # public name, module, attribute
        for name in self._base_exports():
            entries.append((name, "_base", name))
        for name in self._definitions():
            entries.append((name, self.modules[name], name))
        for name in self._renames():
            target = self.types.target(name)
            assert target is not None
            entries.append((name, self.modules[target], target))
        entries.sort()
        lines = _docstring_lines(doc, 0)
        lines += [
            "",
            "from __future__ import annotations",
            "",
            "import importlib",
            "from typing import TYPE_CHECKING",
            "",
            "if TYPE_CHECKING:",
        ]
        lines += _from_imports(
            [
                ("." + m, [f"{identifier(attribute)} as {identifier(name)}"])
                for name, m, attribute in entries
            ],
            1,
        )
        lines.append("")
        lines += _statement("__all__", None, _Display("[", tuple(_string(e[0]) for e in entries)))
        lines.append("")
        modules = _Display("{", tuple(_Pair(_string(e[0]), _string(e[1])) for e in entries))
        lines += _statement("_MODULES", _Sub("dict", (_Atom("str"), _Atom("str"))), modules)
        attributes = _Display(
            "{", tuple(_Pair(_string(e[0]), _string(e[2])) for e in entries if e[0] != e[2])
        )
        lines += _statement("_ATTRIBUTES", _Sub("dict", (_Atom("str"), _Atom("str"))), attributes)
        prepare = self._prepared_first()
        if not prepare:
            return "\n".join(lines + _LAZY_FUNCTIONS) + "\n"
        at = lines.index("from typing import TYPE_CHECKING") + 1
        lines[at:at] = ["", "from pydantic import BaseModel"]
        lines += ["", "#: Built first, tail first, on first use: see ``_prepare``."]
        lines += _statement("_PREPARE", _Sub("list", (_Atom("str"),)),
                            _Display("[", tuple(_string(n) for n in prepare)))  # fmt: skip
        return "\n".join(lines + _preparing_functions()) + "\n"

    def _prepared_first(self) -> list[str]:
        """The models to build before any other when the API's reference chains are too long
        to build head first (:class:`~apigen.ir.chains.BuildOrder`'s landings, tail first).

        pydantic builds a model's validator together with those it refers to, recursing per
        link: a chain of ~90 models fails head first (pydantic 2.14), real specs' longest are
        short (GitHub 9, Stripe 28), so only APIs past :data:`_PREPARE_FROM` get this.
        """
        order = BuildOrder(self.api)
        if order.tallest < _PREPARE_FROM:
            return []
        return [name for name in order.landings if name in self.types._models]

    # ------------------------------------------------------------------ assembly

    def _source(self, module: _Module, own: set[str], exports: list[str] | None = None) -> str:
        lines = _docstring_lines(module.doc, 0)
        lines += ["", "from __future__ import annotations", ""]
        lines += self._imports(module, own)
        if exports:
            lines += [*exports, ""]
        for i, statements in enumerate(module.blocks):
            # black: one blank line between imports and a statement, two before a class.
            after_imports = i == 0 and not exports
            if not (after_imports and not statements[0].startswith("class ")):
                lines.append("")
            lines += [*statements, ""]
        bottom: dict[str, list[str]] = {}
        for name in module.refs - module.top - own:
            bottom.setdefault(self.modules[name], []).append(identifier(name))
        if bottom:
            lines += ["", "# Imported last: these modules may import this one (reference cycles)."]
            for name in sorted(bottom, key=lambda m: _module_key("." + m)):
                lines += _late_import("." + name, sorted(bottom[name], key=_member_key))
        while lines and lines[-1] == "":
            lines.pop()
        return "\n".join(lines) + "\n"

    def _imports(self, module: _Module, own: set[str]) -> list[str]:
        """The import sections (standard library, third party, local), each followed by a
        blank line, laid out as isort/ruff would (see :func:`_from_imports`)."""
        used = module.used
        stdlib = [
            line
            for line in ("import datetime as _dt", "import uuid as _uuid")
            if line.rsplit(" ", 1)[1] in used
        ]
        typing_names = [n for n in ("TYPE_CHECKING", *_TYPING, "TypeAlias") if n in used]
        stdlib += _from_imports([("typing", [self._as(n) for n in typing_names])])
        third = [("pydantic", [self._as(n) for n in _PYDANTIC if n in used])]
        if "TypeAliasType" in used:
            third.append(("typing_extensions", [self._as("TypeAliasType")]))
        local = [self._as(n) for n in _BASE_NAMES if n in used]
        local += [n for n in _HELPERS if n in used]  # exported (single layout)
        local += [f"{n[1:]} as {n}" for n in ("_discriminator", "_json_default") if n in used]
        own_block = [("._base", local)]
        own_block += [("." + self.modules[n], [identifier(n)]) for n in module.top - own]
        lines: list[str] = []
        for section in (stdlib, _from_imports(third), _from_imports(own_block)):
            if section:
                lines += [*section, ""]
        return lines

    def _as(self, name: str) -> str:
        local = self.types.fw(name) if name in _FRAMEWORK else name
        return name if local == name else f"{name} as {local}"

    # ------------------------------------------------------------------ enums

    def _enum(self, enum: EnumDef, module: _Module) -> list[str]:
        values = [v.value for v in enum.values]
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        base = {"string": "OpenStrEnum", "integer": "OpenIntEnum", "number": "OpenFloatEnum"}.get(
            enum.kind, "OpenFloatEnum" if numbers else ""
        )
        ctx = self._ctx(module, True, enum.source)
        if not base:  # booleans, or values of different JSON types: the union of those
            kinds = []
            for v in values:
                kind = _json_python_type(v, ctx)
                if kind not in kinds:
                    kinds.append(kind)
            value = (
                _Atom(kinds[0])
                if len(kinds) == 1
                else _Sub(ctx.fw("Union"), tuple(map(_Atom, kinds)))
            )
            ctx.fw("TypeAlias")
            return _statement(identifier(enum.name), _Atom(ctx.fw("TypeAlias")), value)
        lines = _class_line(identifier(enum.name), ctx.fw(base))
        doc = [enum.description or ""]
        if enum.deprecated:
            doc.append("Deprecated.")
        described = [v for v in enum.values if v.description]
        if described:
            doc.append(
                "\n".join(f"- ``{identifier(v.py_name)}``: {v.description}" for v in described)
            )
        text = "\n\n".join(p for p in doc if p.strip())
        body: list[str] = []
        if text:
            body += [*_docstring_lines(text, 1), ""]
        for v in enum.values:
            member = float(v.value) if base == "OpenFloatEnum" else v.value
            body += _statement(identifier(v.py_name), None, _literal(member), 1)
        return lines + body

    # ------------------------------------------------------------------ aliases

    def _alias(self, alias: AliasDef, module: _Module) -> list[str]:
        ctx = self._ctx(module, True, alias.source)
        value = self.types.expr(alias.type, ctx)
        name = identifier(alias.name)
        module.used.add("TYPE_CHECKING")
        lines = ["if TYPE_CHECKING:"]
        lines += _statement(name, _Atom(ctx.fw("TypeAlias")), value, 1)
        lines.append("else:")
        lines += _statement(name, None, _Call(ctx.fw("TypeAliasType"), (_string(name), value)), 1)
        if ctx.dropped_pattern or ctx.dropped_discriminator:
            lines = [*_notes(ctx, 0), *lines]
        return lines

    # ------------------------------------------------------------------ models

    def _model(self, model: Model, module: _Module) -> list[str]:
        ctx = self._ctx(module, False, model.source)
        lines = _class_line(identifier(model.name), ctx.fw("ApiModel"))
        doc = [model.description or ""]
        if model.deprecated:
            doc.append("Deprecated.")
        if model.all_of:
            bases = ", ".join(f"``{identifier(b)}``" for b in model.all_of)
            doc.append(f"Includes the fields of {bases} (allOf).")
        text = "\n\n".join(p for p in doc if p.strip())
        body: list[str] = []
        if text:
            body += [*_docstring_lines(text, 1), ""]
        settings: list[str] = []
        if model.additional is None:
            config = _Call(ctx.fw("ConfigDict"), (_Kw("extra", _string("forbid")),))
            settings += _statement("model_config", None, config, 1)
        elif not isinstance(model.additional, AnyValue):
            ctx.source = model.source
            extra = self.types.expr(model.additional, ctx)
            value = _Call(ctx.fw("Field"), (_Kw("init", _Atom("False")),))
            settings += _statement(
                "__pydantic_extra__", _Sub("dict", (_Atom("str"), extra)), value, 1
            )
        flags: list[tuple[str, Callable[[Field], bool]]] = [
            ("__apigen_read_only__", lambda f: f.read_only),
            ("__apigen_write_only__", lambda f: f.write_only),
        ]
        if self.server:
            flags.append(("__apigen_request_required__", lambda f: f.write_only and f.required))
        for attribute, flag in flags:
            names = [f.py_name for f in model.fields if flag(f)]
            if names:
                # Not annotated: ApiModel declares the ClassVar, and an annotation here
                # would be evaluated where a field called ``frozenset`` could shadow it.
                value = _Call("frozenset", (_Display("{", tuple(_string(n) for n in names)),))
                settings += _statement(attribute, None, value, 1)
        if settings:
            body += [*settings, ""]
        for f in model.fields:
            body += self._field(model, f, ctx, module)
        while body and body[-1] == "":
            body.pop()
        return lines + (body or ["    pass"])

    def _field(self, model: Model, f: Field, ctx: _Ctx, module: _Module) -> list[str]:
        ctx.source = f.source
        ctx.dropped_pattern = ctx.dropped_discriminator = False
        t = f.type
        nullable = isinstance(t, Nullable)
        core = t.inner if isinstance(t, Nullable) else t
        constraints: list[_Kw] = []
        ann: _Expr
        if isinstance(core, Primitive) and not (self.types.files and is_file(core)):
            base, constraints = self.types.primitive(core, ctx)
            ann = _Atom(base)
        elif isinstance(core, ArrayOf):
            ann = _Sub("list", (self.types.expr(core.items, ctx),))
            constraints = self.types.container_constraints(core.constraints, ctx, "items")
        elif isinstance(core, MapOf):
            ann = _Sub("dict", (_Atom("str"), self.types.expr(core.values, ctx)))
            constraints = self.types.container_constraints(core.constraints, ctx, "properties")
        else:
            ann = self.types.expr(core, ctx)
        default = self._default(model, f, ctx, module)
        optional = not f.required or f.read_only or f.write_only or default is not None
        is_any = isinstance(ann, _Atom) and ann.kind == "any"
        if (nullable or optional) and not is_any:
            ann = _nullable(ann, ctx)
        kws: list[_Kw] = []
        if default is not None:
            kws += default
        elif optional:
            kws.append(_Kw("default", _NONE))
        if f.wire_name != f.py_name:
            kws += [
                _Kw("validation_alias", _string(f.wire_name)),
                _Kw("serialization_alias", _string(f.wire_name)),
            ]
        kws += constraints
        if f.deprecated:
            kws.append(_Kw("deprecated", _Atom("True")))
        if f.description and f.description.strip():
            kws.append(_Kw("description", _string(f.description)))
        value: _Expr | None
        if not kws:
            value = None
        elif len(kws) == 1 and kws[0].key == "default":
            value = kws[0].value
        else:
            value = _Call(ctx.fw("Field"), tuple(kws))
        return _notes(ctx, 1) + _statement(identifier(f.py_name), ann, value, 1)

    # ------------------------------------------------------------------ defaults

    def _default(self, model: Model, f: Field, ctx: _Ctx, module: _Module) -> list[_Kw] | None:
        if not f.has_default or f.default is None:
            return None
        value = f.default
        if not self.types.fits(value, f.type, 0):
            self.types.warn(
                DEFAULT_DROPPED,
                f"default of {model.name}.{f.py_name} left out: it does not match the type",
                f.source,
            )
            return None
        direct = self._direct(value, f.type, ctx, module, 0)
        if direct is not None:
            return [_Kw("default", direct)]
        if value == [] and _is_list(f.type):
            return [_Kw("default_factory", _Atom("list"))]
        if value == {} and _is_map(f.type):
            return [_Kw("default_factory", _Atom("dict"))]
        ctx.used.add("_json_default")
        return [
            _Kw("default_factory", _Call("_json_default", (_literal(value),))),
            _Kw("validate_default", _Atom("True")),
        ]

    def _direct(
        self, value: Any, t: TypeRef, ctx: _Ctx, module: _Module, depth: int
    ) -> _Expr | None:
        """``value`` as an expression already of the field's Python type, if there is one."""
        if depth > 20:
            return None
        if isinstance(t, Nullable):
            return self._direct(value, t.inner, ctx, module, depth + 1)
        if isinstance(t, Const) or (
            isinstance(t, AnyValue) and not isinstance(value, (list, dict))
        ):
            return _literal(value)
        if isinstance(t, Primitive):
            return self._scalar(value, t, ctx)
        if isinstance(t, (EnumRef, AliasRef, ModelRef)):
            name = self.types.target(t.name)
            if name in self.types._enums:
                return self._enum_default(value, self.types._enums[name], ctx, module)
            if name in self.types._aliases:
                return self._direct(value, self.types._aliases[name].type, ctx, module, depth + 1)
            return None
        if isinstance(t, UnionOf) and not isinstance(value, (list, dict)):
            for option in t.options:
                found = self._direct(value, option, ctx, module, depth + 1)
                if found is not None:
                    return found
        return None

    def _scalar(self, value: Any, t: Primitive, ctx: _Ctx) -> _Expr | None:
        base, _ = self.types.primitive(t, _Ctx(runtime=False, fw=self.types.fw))
        if isinstance(value, bool):
            return _literal(value) if base == "bool" else None
        if base == "str" and isinstance(value, str):
            return _literal(value)
        if base == "int" and _integral(value):
            return _literal(int(value))
        if base == "float" and isinstance(value, (int, float)):
            return _literal(value)
        if isinstance(value, str) and base.startswith(("_dt.", "_uuid.")):
            parsed = _parse_format(value, base)
            if parsed is not None:
                ctx.used.add(base.split(".")[0])
            return parsed
        return None

    def _enum_default(self, value: Any, enum: EnumDef, ctx: _Ctx, module: _Module) -> _Expr | None:
        if enum.kind in ("boolean", "mixed") and not _numeric_enum(enum):
            return _literal(value) if not isinstance(value, (list, dict)) else None
        module.top.add(enum.name)
        for member in enum.values:
            if member.value == value and isinstance(member.value, bool) == isinstance(value, bool):
                return _Atom(f"{identifier(enum.name)}.{identifier(member.py_name)}")
        return _Call(identifier(enum.name), (_literal(value),))  # an open enum's pseudo-member


# --------------------------------------------------------------------------- helpers


def _notes(ctx: _Ctx, depth: int) -> list[str]:
    pad = "    " * depth
    notes = []
    if ctx.dropped_pattern:
        notes.append(f"{pad}# A pattern was left out: pydantic's regex engine cannot compile it.")
    if ctx.dropped_discriminator:
        notes.append(f"{pad}# Plain union: the discriminator needs every option to be an object.")
    return notes


def _integral(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_list(t: TypeRef) -> bool:
    t = t.inner if isinstance(t, Nullable) else t
    return isinstance(t, (ArrayOf, AnyValue))


def _is_map(t: TypeRef) -> bool:
    t = t.inner if isinstance(t, Nullable) else t
    return isinstance(t, (MapOf, AnyValue))


def _within(n: int, low: int | None, high: int | None) -> bool:
    return (low is None or n >= low) and (high is None or n <= high)


def _scalar_fits(value: Any, t: Primitive, types: ModelTypes) -> bool:
    k = t.constraints
    if t.kind == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if t.kind in ("integer", "number"):
        if not isinstance(value, (int, float)):
            return False
        if t.kind == "integer" and not _integral(value):
            return False
        return (
            (k.minimum is None or value >= k.minimum)
            and (k.maximum is None or value <= k.maximum)
            and (k.exclusive_minimum is None or value > k.exclusive_minimum)
            and (k.exclusive_maximum is None or value < k.exclusive_maximum)
        )
    if not isinstance(value, str):
        return False
    base = _STRING_FORMATS.get(t.format or "", "str")
    if base.startswith(("_dt.", "_uuid.")):
        return _parse_format(value, base) is not None
    if base == "str":
        if not _within(len(value), k.min_length, k.max_length):
            return False
        if k.pattern is not None and types.pattern_ok(k.pattern):
            try:
                return re.search(k.pattern, value) is not None
            except re.error:
                return True
    return True


def _enum_fits(value: Any, enum: EnumDef) -> bool:
    if enum.kind == "string":
        return isinstance(value, str)
    if enum.kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if enum.kind == "number" or _numeric_enum(enum):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if enum.kind == "boolean":
        return isinstance(value, bool)
    return any(type(v.value) is type(value) for v in enum.values)


def _numeric_enum(enum: EnumDef) -> bool:
    return all(
        isinstance(v.value, (int, float)) and not isinstance(v.value, bool) for v in enum.values
    )


def _parse_format(value: str, base: str) -> _Expr | None:
    """A date, date-time or UUID default as a constructor call; None when it does not parse."""
    try:
        if base == "_dt.date":
            d = datetime.date.fromisoformat(value)
            return _Call("_dt.date", tuple(_literal(n) for n in (d.year, d.month, d.day)))
        if base == "_dt.datetime":
            dt = datetime.datetime.fromisoformat(value)
            parts: list[_Expr] = [
                _literal(n) for n in (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second)
            ]
            if dt.microsecond:
                parts.append(_literal(dt.microsecond))
            offset = dt.utcoffset()
            if offset is not None:
                zone: _Expr = (
                    _Atom("_dt.timezone.utc")
                    if not offset
                    else _Call(
                        "_dt.timezone",
                        (
                            _Call(
                                "_dt.timedelta",
                                (_Kw("seconds", _literal(int(offset.total_seconds()))),),
                            ),
                        ),
                    )
                )
                parts.append(_Kw("tzinfo", zone))
            return _Call("_dt.datetime", tuple(parts))
        if base == "_uuid.UUID":
            return _Call("_uuid.UUID", (_string(str(uuid.UUID(value))),))
    except ValueError:
        return None
    return None


_PY_SCALARS = {"boolean": "bool", "integer": "int", "number": "float", "string": "str"}


def _json_python_type(value: Any, ctx: _Ctx) -> str:
    kind = json_type(value)
    if kind in _PY_SCALARS:
        return _PY_SCALARS[kind]
    if kind == "array":
        return f"{ctx.fw('List')}[{ctx.fw('Any')}]"
    return f"{ctx.fw('Dict')}[str, {ctx.fw('Any')}]"


def _literal(value: Any) -> _Expr:
    """A JSON value as an expression, in black's spelling (via :func:`py_literal`)."""
    if isinstance(value, str):
        return _string(value)
    if value is None or isinstance(value, bool):
        return _Atom(py_literal(value))
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, (list, tuple)):
        return _Display("[", tuple(_literal(v) for v in value))
    if isinstance(value, dict):
        return _Display("{", tuple(_Pair(_string(str(k)), _literal(v)) for k, v in value.items()))
    return _literal(py_literal(value))


def _number(value: float) -> _Expr:
    text = py_literal(value)
    if text.startswith("float("):  # inf / nan
        return _Call("float", (_string(text[7:-2]),))
    if "e" in text:  # black writes 1e100, not 1e+100
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{exponent.lstrip('+')}"
    return _Atom(text, "number")


def _string(text: str) -> _Atom:
    return _Atom(_prefer_double_quotes(py_literal(text)), "string")


_ESCAPED_DOUBLE = re.compile(r'([^\\]|^)\\((?:\\\\)*)"')
_ESCAPED_SINGLE = re.compile(r"([^\\]|^)\\((?:\\\\)*)'")
_UNESCAPED_DOUBLE = re.compile(r'(([^\\]|^)(\\\\)*)"')


def _sub_twice(regex: re.Pattern[str], replacement: str, text: str) -> str:
    return regex.sub(replacement, regex.sub(replacement, text))


def _prefer_double_quotes(literal: str) -> str:
    """A plain string literal as black writes it: double quotes unless they need more escapes."""
    if literal[0] == '"':
        return literal
    if '"' not in literal:  # repr escaped no quote, and swapping adds no escape
        return '"' + literal[1:-1] + '"'
    if "\\'" not in literal:  # a double quote and no single one: swapping adds escapes
        return literal
    body = literal[1:-1]
    new_body = _sub_twice(_ESCAPED_DOUBLE, r'\1\2"', body)
    if new_body != body:
        body = new_body
    new_body = _sub_twice(_ESCAPED_SINGLE, r"\1\2'", new_body)
    new_body = _sub_twice(_UNESCAPED_DOUBLE, r'\1\\"', new_body)
    if new_body.count("\\") > body.count("\\"):
        return "'" + body + "'"
    return '"' + new_body + '"'


def _docstring_lines(text: str, depth: int) -> list[str]:
    """Spec prose as a docstring in black's layout, made safe by :func:`docstring`."""
    pad = "    " * depth
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").strip()
    first, _, rest = text.partition("\n")
    prepared = first.strip() + ("\n" + textwrap.dedent(rest) if rest else "")
    lines = docstring(prepared, indent=len(pad)).split("\n")
    lines = [lines[0]] + [line if line.strip() else "" for line in lines[1:]]
    if lines[0].startswith('"'):
        lines[0] = " " + lines[0]
    lines[0] = pad + '"""' + lines[0]
    if len(lines) > 1 and len(lines[-1]) + 3 > LINE_LENGTH:
        # Closing quotes on their own line: the space that keeps a final ``"`` off them
        # is not needed there, and black removes it.
        return [*lines[:-1], lines[-1].rstrip(" "), pad + '"""']
    lines[-1] += '"""'
    return lines


_LAZY_FUNCTIONS = [
    "",
    "",
    "def __getattr__(name: str) -> object:",
    "    module = _MODULES.get(name)",
    "    if module is None:",
    '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
    '    imported = importlib.import_module("." + module, __name__)',
    "    value = getattr(imported, _ATTRIBUTES.get(name, name))",
    "    globals()[name] = value",
    "    return value",
    "",
    "",
    "def __dir__() -> list[str]:",
    "    return sorted({*globals(), *__all__})",
]


_PREPARE_FROM = 64  # reference chains at least this long are built tail first (see above)

#: What the lazy ``__getattr__`` of an API with very long reference chains adds: the first
#: name used builds the chains' landings, tail first, so no import or build recurses past
#: the stack (:func:`_preparing_functions`).
_PREPARE_CALL = ["    if _PREPARE:", "        _prepare()"]
_PREPARE_FUNCTION = [
    "def _prepare() -> None:",
    '    """Import and build the models along the longest reference chains, tail first, once."""',
    "    global _PREPARE",
    "    names, _PREPARE = _PREPARE, []",
    "    for name in names:",
    "        value = __getattr__(name)",
    "        if isinstance(value, type) and issubclass(value, BaseModel):",
    "            value.model_rebuild()",
    "",
    "",
]


def _preparing_functions() -> list[str]:
    lines = list(_LAZY_FUNCTIONS)
    at = next(i for i, line in enumerate(lines) if line.startswith("    imported = "))
    lines[at:at] = _PREPARE_CALL
    at = lines.index("def __dir__() -> list[str]:")
    lines[at:at] = _PREPARE_FUNCTION
    return lines


# --------------------------------------------------------------------------- expressions


class _Expr:
    """A Python expression to print; see the subclasses."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class _Atom(_Expr):
    """One token: a name (dotted names too), a string or a number literal (``kind``;
    ``any`` marks the name of ``typing.Any``)."""

    text: str
    kind: str = "name"


@dataclass(frozen=True, slots=True)
class _Call(_Expr):
    func: str
    args: tuple[_Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class _Sub(_Expr):
    """A subscript: ``name[items]``."""

    name: str
    items: tuple[_Expr, ...]


@dataclass(frozen=True, slots=True)
class _Display(_Expr):
    """A list (``[``), set or dict (``{``) display."""

    open: str
    items: tuple[_Expr, ...]


@dataclass(frozen=True, slots=True)
class _Pair(_Expr):
    """A dict display entry."""

    key: _Expr
    value: _Expr


@dataclass(frozen=True, slots=True)
class _Kw(_Expr):
    """A keyword argument."""

    key: str
    value: _Expr


@dataclass(frozen=True, slots=True)
class _Or(_Expr):
    """``a | b | c``."""

    parts: tuple[_Expr, ...]


_NONE = _Atom("None")
_BYTES = _Atom("bytes")
_STR = _Atom("str")
#: What a file field accepts: the content, ``(filename, content)`` or ``(filename, content,
#: content_type)`` (the shapes httpx takes for multipart files).  ``typing.Union`` spelled
#: as ``|`` works at import time too on the Python versions the package supports.
_FILE = _Or((_BYTES, _Sub("tuple", (_STR, _BYTES)), _Sub("tuple", (_STR, _BYTES, _STR))))
#: :data:`_FILE` as text, for generators that describe it.
FILE_TYPE = "bytes | tuple[str, bytes] | tuple[str, bytes, str]"


def _flat(e: _Expr) -> str:
    if isinstance(e, _Atom):
        return e.text
    if isinstance(e, _Call):
        return e.func + "(" + ", ".join(_flat(a) for a in e.args) + ")"
    if isinstance(e, _Sub):
        return e.name + "[" + ", ".join(_flat(a) for a in e.items) + "]"
    if isinstance(e, _Display):
        return e.open + ", ".join(_flat(a) for a in e.items) + _PAIR[e.open]
    if isinstance(e, _Pair):
        return _flat(e.key) + ": " + _flat(e.value)
    if isinstance(e, _Kw):
        return e.key + "=" + _flat(e.value)
    if isinstance(e, _Or):
        return " | ".join(_flat(p) for p in e.parts)
    raise TypeError(e)


def _to_leaves(e: _Expr, prefix: str, out: list[_Leaf]) -> None:
    if isinstance(e, _Atom):
        _name_leaves(e.text, e.kind, prefix, out)
    elif isinstance(e, (_Call, _Sub)):
        name, items, bracket = (
            (e.func, e.args, "(") if isinstance(e, _Call) else (e.name, e.items, "[")
        )
        _name_leaves(name, "name", prefix, out)
        _bracketed(bracket, items, "", False, out)
    elif isinstance(e, _Display):
        _bracketed(e.open, e.items, prefix, True, out)
    elif isinstance(e, _Pair):
        _to_leaves(e.key, prefix, out)
        out.append(_Leaf(":", ":"))
        _to_leaves(e.value, " ", out)
    elif isinstance(e, _Kw):
        out.append(_Leaf("name", e.key, prefix))
        out.append(_Leaf("=", "="))
        _to_leaves(e.value, "", out)
    elif isinstance(e, _Or):
        for i, part in enumerate(e.parts):
            if i:
                out.append(_Leaf("|", "|", " "))
            _to_leaves(part, prefix if i == 0 else " ", out)
    else:
        raise TypeError(e)


def _name_leaves(text: str, kind: str, prefix: str, out: list[_Leaf]) -> None:
    """A token; a dotted name is three or more tokens to black (``a``, ``.``, ``b``)."""
    if kind == "string" or kind == "number" or "." not in text:
        out.append(_Leaf(kind, text, prefix))
        return
    for i, part in enumerate(text.split(".")):
        if i:
            out.append(_Leaf(".", "."))
        out.append(_Leaf(kind, part, prefix if i == 0 else ""))


def _bracketed(
    bracket: str, items: Sequence[_Expr], prefix: str, atom: bool, out: list[_Leaf]
) -> None:
    out.append(_Leaf(bracket, bracket, prefix, atom))
    for i, item in enumerate(items):
        if i:
            out.append(_Leaf(",", ","))
        _to_leaves(item, "" if i == 0 else " ", out)
    out.append(_Leaf(_PAIR[bracket], _PAIR[bracket], "", atom))


def _optional_parens(e: _Expr, out: list[_Leaf]) -> None:
    """``e`` in black's invisible parentheses (right of ``=`` and ``:`` in statements)."""
    out.append(_Leaf("(", "", " ", True))
    _to_leaves(e, "", out)
    out.append(_Leaf(")", "", "", True))


def _statement(target: str, ann: _Expr | None, value: _Expr | None, depth: int = 0) -> list[str]:
    """``target: ann = value`` (either part optional), printed as black prints it."""
    flat = "    " * depth + target
    if ann is not None:
        flat += ": " + _flat(ann)
    if value is not None:
        flat += " = " + _flat(value)
    if _width(flat) <= LINE_LENGTH:
        return [flat]
    quick = _simple_split(target, ann, value, depth)
    if quick is not None:
        return quick
    leaves = [_Leaf("name", target)]
    if ann is not None:
        leaves.append(_Leaf(":", ":"))
        _optional_parens(ann, leaves)
    if value is not None:
        leaves.append(_Leaf("=", "=", " "))
        _optional_parens(value, leaves)
    return _print(leaves, depth)


def _simple_split(
    target: str, ann: _Expr | None, value: _Expr | None, depth: int
) -> list[str] | None:
    """The common long statement, ``x: T = f(k=atom, ...)`` or ``x = [atom, ...]``, split
    without the general machinery.  Black splits it at the call's (or display's) brackets
    when the line up to the opening bracket fits; the arguments go on one line if they fit
    (or if there is only one), else one per line with a trailing comma (a display with
    several items always explodes)."""
    if isinstance(value, _Call):
        items, opening, closing, explode = value.args, value.func + "(", ")", False
    elif isinstance(value, _Display):
        items, opening, closing, explode = value.items, value.open, _PAIR[value.open], True
    else:
        return None
    for item in items:
        inner = item.value if isinstance(item, _Kw) else item
        if isinstance(inner, _Pair):
            if not (isinstance(inner.key, _Atom) and isinstance(inner.value, _Atom)):
                return None
        elif not isinstance(inner, _Atom):
            return None
    pad = "    " * depth
    head = pad + target + (": " + _flat(ann) if ann is not None else "") + " = " + opening
    if _width(head) > LINE_LENGTH or not items:
        return None
    texts = [_flat(item) for item in items]
    inner_pad = pad + "    "
    joined = inner_pad + ", ".join(texts)
    if len(texts) == 1 or (not explode and _width(joined) <= LINE_LENGTH):
        return [head, joined, pad + closing]  # no comma to split at / it fits
    return [head, *(inner_pad + text + "," for text in texts), pad + closing]


def _print(leaves: list[_Leaf], depth: int) -> list[str]:
    line = _Line(depth)
    for leaf in leaves:
        line.append(leaf)
    return [str(ln) for ln in _format(line)]


def _class_line(name: str, base: str | None) -> list[str]:
    flat = f"class {name}({base}):" if base else f"class {name}:"
    if _width(flat) <= LINE_LENGTH or not base:
        return [flat]
    leaves = [_Leaf("name", "class"), _Leaf("name", name, " ")]
    _bracketed("(", [_Atom(base)], "", False, leaves)
    leaves.append(_Leaf(":", ":"))
    return _print(leaves, 0)


def _import(module: str, names: Sequence[str], depth: int = 0) -> list[str]:
    """``from module import names``; ``names`` may hold ``X as Y``."""
    pad = "    " * depth
    flat = pad + f"from {module} import " + ", ".join(names)
    if _width(flat) <= LINE_LENGTH:
        return [flat]
    # Black splits an import one name a line with a trailing comma (a name too long for its
    # line stays so): when the opening line fits, spell that directly.  The general printer
    # costs ~0.1 ms a statement, and a big API's lazy ``__init__`` has thousands of them
    # (checked equal on the 107,370 imports of every real spec's client and server models).
    head = pad + f"from {module} import ("
    if _width(head) <= LINE_LENGTH:
        return [head, *(pad + "    " + n + "," for n in names), pad + ")"]
    leaves = [_Leaf("name", "from"), _Leaf("name", module, " "), _Leaf("name", "import", " ")]
    leaves.append(_Leaf("(", "", " ", True))
    for i, name in enumerate(names):
        if i:
            leaves.append(_Leaf(",", ","))
        leaves.append(_Leaf("name", name, "" if i == 0 else " "))
    leaves.append(_Leaf(")", "", "", True))
    return _print(leaves, depth)


def _from_imports(statements: Sequence[tuple[str, Sequence[str]]], depth: int = 0) -> list[str]:
    """``from module import names`` statements, split and ordered as ruff's isort does with
    its defaults, so that the formatter pass has nothing to change in model files.

    Each aliased name (``X as Y``) gets a statement of its own (``combine-as-imports`` is
    off); the other names of a module share one.  Statements are ordered by module (the
    furthest relative level first, then the name case-insensitively, then as written), then
    by first name; names by kind (CONSTANT, Class, variable), then case-insensitively, then
    as written, then by alias.  Every comparison of names is natural (``option2`` before
    ``option12``), as ruff's (the ``natord`` crate).
    """
    by_module: dict[str, list[list[str]]] = {}
    for module, names in statements:
        split = by_module.setdefault(module, [])
        plain = [n for n in names if " as " not in n]
        if plain:
            split.append(sorted(plain, key=_member_key) if len(plain) > 1 else plain)
        split += [[n] for n in names if " as " in n]
    modules = [m for m, split in by_module.items() if split]
    if len(modules) > 1:
        modules.sort(key=_module_key)
    lines: list[str] = []
    for module in modules:
        split = by_module[module]
        if len(split) > 1:
            split.sort(key=lambda names: _member_key(names[0]))
        for names in split:
            lines += _import(module, names, depth)
    return lines


def _module_key(module: str) -> tuple[int, _Natural, _Natural]:
    """ruff's ``ModuleKey`` for a ``from`` import, up to the first imported name."""
    name = module.lstrip(".")
    written = _Natural(name)
    lower = name.lower()
    return (len(name) - len(module), written if lower == name else _Natural(lower), written)


def _member_key(member: str) -> tuple[object, ...]:
    """ruff's ``MemberKey``: kind, name (case-insensitive, then as written), alias."""
    name, _, alias = member.partition(" as ")
    if len(name) > 1 and any(c.isupper() for c in name) and not any(c.islower() for c in name):
        kind = 0  # CONSTANT
    else:
        kind = 1 if name[:1].isupper() else 2  # Class, variable
    as_key = (1, _Natural(alias)) if alias else (0,)
    return (kind, _Natural(name.lower()), _Natural(name), as_key)


class _Natural:
    """A name ordered the way ruff orders imports (the ``natord`` crate).

    Names whose runs of digits have no leading zeros compare by a tuple of text and
    numbers, which gives natord's order for the characters names hold (digits sort below
    ``_`` and letters); the others fall back to a port of natord's comparison.
    """

    __slots__ = ("key", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        if _RUNS.search(text) is None:
            self.key: tuple[str | int, ...] | None = (text,)
            return
        runs = _RUNS.split(text)  # text, digits, text, ..., text
        zeros = any(len(run) > 1 and run[0] == "0" for run in runs[1::2])
        parts = [int(run) if i % 2 else run for i, run in enumerate(runs)]
        self.key = None if zeros else tuple(parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Natural) and self.text == other.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __lt__(self, other: _Natural) -> bool:
        if self.key is not None and other.key is not None:
            return self.key < other.key
        return _natord(self.text, other.text) < 0


_RUNS = re.compile(r"(\d+)")
_DIGITS = frozenset("0123456789")


def _natord(a: str, b: str) -> int:
    """natord's ``compare`` for identifiers: runs of digits compare as numbers (left-aligned,
    digit by digit, when either starts with 0); everything else by code point."""
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] in _DIGITS and b[j] in _DIGITS:
            order, i, j = _digit_runs(a, b, i, j)
            if order:
                return order
            continue
        if a[i] != b[j]:
            return -1 if a[i] < b[j] else 1
        i += 1
        j += 1
    return (i < len(a)) - (j < len(b))


def _digit_runs(a: str, b: str, i: int, j: int) -> tuple[int, int, int]:
    """Compare the digit runs starting at ``a[i]`` and ``b[j]``; returns the order and the
    positions after both runs (the order is only final when not 0)."""
    left_aligned = a[i] == "0" or b[j] == "0"
    first = (a[i] > b[j]) - (a[i] < b[j])
    if left_aligned and first:
        return first, i, j
    while True:
        i += 1
        j += 1
        more_a = i < len(a) and a[i] in _DIGITS
        more_b = j < len(b) and b[j] in _DIGITS
        if more_a != more_b:
            return (1 if more_a else -1), i, j
        if not more_a:
            return first, i, j
        step = (a[i] > b[j]) - (a[i] < b[j])
        if left_aligned and step:
            return step, i, j
        if not first:
            first = step


def _late_import(module: str, names: Sequence[str]) -> list[str]:
    """An import below the module's body, marked for linters (E402 is intended here).

    The marker goes on the statement's first line, where ruff and flake8 look for it; when
    the import does not fit with it, the parenthesised form keeps it there (black leaves
    ``import (  # noqa: E402`` as it is, one name per line after the trailing comma).
    """
    flat = f"from {module} import {', '.join(names)}  {_LATE}"
    if _width(flat) <= LINE_LENGTH:
        return [flat]
    return [f"from {module} import (  {_LATE}", *(f"    {name}," for name in names), ")"]


_LATE = "# noqa: E402"


# --------------------------------------------------------------------------- black-style output
#
# The generated code must already be in black's style (``black --check`` passes, and the
# formatter pass over the tree has nothing to do), without running a formatter: black takes
# about 90 s on GitHub's models.  Statements are built as small expression trees
# (:class:`_Expr`), printed flat when they fit in 100 columns, and otherwise split by a port
# of the parts of black's line splitter that such statements reach (right-hand splits with
# optional parentheses and trailer omission, delimiter splits on commas and ``|``, magic
# trailing commas after an explode).  Names follow black's ``linegen.py`` so the two can be
# compared; tests check the output against black itself when it is installed.

LINE_LENGTH = 100

_COMMA_PRIORITY = 18
_VBAR_PRIORITY = 9

_OPENING = frozenset({"(", "[", "{"})
_CLOSING = frozenset({")", "]", "}"})
_PAIR = {"(": ")", "[": "]", "{": "}"}


class _CannotSplit(Exception):
    pass


class _Leaf:
    """One token.  ``kind`` is the bracket character for brackets (an invisible paren has an
    empty ``value``), else ``name``, ``string``, ``number``, ``=``, ``:``, ``,`` or ``|``."""

    __slots__ = ("atom", "depth", "kind", "opening", "orphan", "prefix", "spacing", "value")

    def __init__(
        self, kind: str, value: str, prefix: str = "", atom: bool = False, orphan: bool = False
    ) -> None:
        self.kind = kind
        self.value = value
        self.prefix = prefix
        self.spacing = prefix  # as built; splits may clear ``prefix``
        #: brackets only: the pair is an atom (a display, optional parens, import parens),
        #: not a trailer (call, subscript) or a class's base list.
        self.atom = atom
        self.depth = 0
        self.opening: _Leaf | None = None
        #: made by a split (black's added trailing commas have no parent node).
        self.orphan = orphan


class _Line:
    __slots__ = (
        "_depth",
        "delimiters",
        "depth",
        "inside_brackets",
        "invisible",
        "leaves",
        "match",
        "previous",
        "should_split_rhs",
    )

    def __init__(self, depth: int, inside_brackets: bool = False) -> None:
        self.depth = depth
        self.inside_brackets = inside_brackets
        self.should_split_rhs = False
        self.leaves: list[_Leaf] = []
        self.delimiters: dict[int, int] = {}
        self.invisible: list[_Leaf] = []
        self.match: dict[tuple[int, str], _Leaf] = {}
        self._depth = 0
        self.previous: _Leaf | None = None

    def append(self, leaf: _Leaf, preformatted: bool = False, track: bool = False) -> None:
        if self.inside_brackets or not preformatted or track:
            self._mark(leaf)
        self.leaves.append(leaf)

    def _mark(self, leaf: _Leaf) -> None:
        """``BracketTracker.mark``: depths, bracket pairs, delimiters at depth 0."""
        if self._depth == 0 and leaf.kind in _CLOSING and (0, leaf.kind) not in self.match:
            return
        if leaf.kind in _CLOSING:
            self._depth -= 1
            opening = self.match.pop((self._depth, leaf.kind))
            leaf.opening = opening
            if not leaf.value:
                self.invisible.append(leaf)
        leaf.depth = self._depth
        if self._depth == 0:
            if leaf.kind == "|" and self.previous is not None:
                self.delimiters[id(self.previous)] = _VBAR_PRIORITY
            elif leaf.kind == ",":
                self.delimiters[id(leaf)] = _COMMA_PRIORITY
        if leaf.kind in _OPENING:
            self.match[self._depth, _PAIR[leaf.kind]] = leaf
            self._depth += 1
            if not leaf.value:
                self.invisible.append(leaf)
        self.previous = leaf

    @property
    def is_import(self) -> bool:
        return (
            bool(self.leaves) and self.leaves[0].kind == "name" and self.leaves[0].value == "from"
        )

    def max_priority(self, exclude: int | None = None) -> int:
        found = [p for k, p in self.delimiters.items() if k != exclude]
        if not found:
            raise _CannotSplit("no delimiters")
        return max(found)

    def count_priority(self, priority: int) -> int:
        return sum(1 for p in self.delimiters.values() if p == priority)

    def __str__(self) -> str:
        if not self.leaves:
            return ""
        first, *rest = self.leaves
        indent = "    " * self.depth
        return first.prefix + indent + first.value + "".join(lf.prefix + lf.value for lf in rest)


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fits(line: _Line, length: int = LINE_LENGTH) -> bool:
    return _width(str(line)) <= length


def _leaf_lengths(line: _Line) -> list[int]:
    return [len(lf.prefix) + len(lf.value) for lf in line.leaves]


def _format(line: _Line) -> list[_Line]:
    """``transform_line``: the line as is when it fits, else split."""
    text = str(line)
    if not line.should_split_rhs and _width(text) <= LINE_LENGTH:
        return [line]
    transforms = [_delimiter_split, _rhs] if line.inside_brackets else [_rhs]
    for transform in transforms:
        try:
            return _run(line, transform, text, False)
        except _CannotSplit:
            continue
    return [line]


def _run(line: _Line, transform: Any, text: str, force_parens: bool) -> list[_Line]:
    """``run_transformer``, including black's second opinion with forced optional parens."""
    optional = [b for b in line.invisible if b.depth == 0]
    result: list[_Line] = []
    for split in transform(line, force_parens):
        if str(split) == text:
            raise _CannotSplit("unchanged")
        result.extend(_format(split))
    if (
        transform is not _rhs
        or force_parens
        or not line.invisible
        or any(b.value for b in optional)
        or _fits(result[0])
        or any(lf.orphan for lf in line.leaves)
    ):
        return result
    # Like black's append_leaves: fresh leaves, so this attempt's edits (parens made
    # visible, prefixes cleared) do not leak into the first result.
    copy = _Line(line.depth, line.inside_brackets)
    copy.should_split_rhs = line.should_split_rhs
    for i, leaf in enumerate(line.leaves):
        copy.append(_Leaf(leaf.kind, leaf.value, leaf.spacing if i else "", leaf.atom, leaf.orphan))
    second = _run(copy, transform, text, True)
    if all(_fits(ln) for ln in second):
        return second
    return result


def _delimiter_split(line: _Line, force_parens: bool) -> list[_Line]:
    last = line.leaves[-1]
    priority = line.max_priority(exclude=id(last))
    lines: list[_Line] = []
    current = _Line(line.depth, line.inside_brackets)
    for leaf in line.leaves:
        current.append(leaf, preformatted=True)
        if line.delimiters.get(id(leaf)) == priority:
            lines.append(current)
            current = _Line(line.depth, line.inside_brackets)
    if current.leaves:
        if priority == _COMMA_PRIORITY and current.leaves[-1].kind != ",":
            current.append(_Leaf(",", ",", orphan=True), preformatted=True)
        lines.append(current)
    for ln in lines:
        ln.leaves[0].prefix = ""
    return lines


class _RHS:
    __slots__ = ("body", "closing", "head", "opening", "tail")

    def __init__(self, head: _Line, body: _Line, tail: _Line, opening: _Leaf, closing: _Leaf):
        self.head, self.body, self.tail = head, body, tail
        self.opening, self.closing = opening, closing


def _rhs(line: _Line, force_parens: bool) -> list[_Line]:
    """``right_hand_split_with_omits``."""
    prefix_lengths: dict[int, int] = {}
    length = 4 * line.depth
    for leaf in line.leaves:
        prefix_lengths[id(leaf)] = length
        length += len(leaf.prefix) + len(leaf.value)
    first_lines: list[_Line] | None = None
    for omit in _trailers_to_omit(line):
        if omit:
            target = next(
                (
                    lf.opening
                    for lf in reversed(line.leaves)
                    if lf.kind in _CLOSING and id(lf) not in omit
                ),
                None,
            )
            if (
                target is not None
                and target.value
                and prefix_lengths.get(id(target), 0) > LINE_LENGTH
            ):
                continue
        lines = _right_hand_split(line, force_parens, omit)
        if first_lines is None and not omit:
            first_lines = lines
        if _fits(lines[0]):
            return lines
    if first_lines is not None:
        return first_lines
    return _right_hand_split(line, force_parens, frozenset())


def _trailers_to_omit(line: _Line) -> Iterator[frozenset[int]]:
    """``generate_trailers_to_omit`` (our lines never carry a magic trailing comma)."""
    omit: set[int] = set()
    yield frozenset(omit)
    length = 4 * line.depth
    opening: _Leaf | None = None
    closing: _Leaf | None = None
    inner: set[int] = set()
    leaves = line.leaves
    for index in range(len(leaves) - 1, -1, -1):
        leaf = leaves[index]
        length += len(leaf.prefix) + len(leaf.value)
        if length > LINE_LENGTH:
            break
        if opening is not None:
            if leaf is opening:
                opening = None
            elif leaf.kind in _CLOSING:
                inner.add(id(leaf))
        elif leaf.kind in _CLOSING:
            prev = leaves[index - 1] if index > 0 else None
            if prev is not None and prev.kind in _OPENING:
                inner.add(id(leaf))
                continue
            if closing is not None:
                omit.add(id(closing))
                omit.update(inner)
                inner.clear()
                yield frozenset(omit)
            if leaf.value:
                opening = leaf.opening
                closing = leaf


def _first_rhs(line: _Line, omit: frozenset[int]) -> _RHS:
    tail: list[_Leaf] = []
    body: list[_Leaf] = []
    head: list[_Leaf] = []
    current = tail
    opening: _Leaf | None = None
    closing: _Leaf | None = None
    for leaf in reversed(line.leaves):
        if current is body and leaf is opening:
            current = head if body else tail
        current.append(leaf)
        if current is tail and leaf.kind in _CLOSING and id(leaf) not in omit:
            opening = leaf.opening
            closing = leaf
            current = body
    if opening is None or closing is None or not head:
        raise _CannotSplit("no brackets")
    tail.reverse()
    body.reverse()
    head.reverse()
    head_line = _build(head, line, opening, "head")
    body_line = _build(body, line, opening, "body")
    tail_line = _build(tail, line, opening, "tail")
    if not body_line.leaves:
        size = len(str(tail_line).strip())
        if size == 0:
            raise _CannotSplit("same line")
        if size < 3:
            raise _CannotSplit("not worth it")
    return _RHS(head_line, body_line, tail_line, opening, closing)


def _inside_matching(leaves: list[_Leaf]) -> set[int]:
    start = next((i for i, lf in enumerate(leaves) if lf.kind in _OPENING), None)
    if start is None:
        return set()
    stack: list[tuple[str, int]] = []
    ids: set[int] = set()
    for i in range(start, len(leaves)):
        leaf = leaves[i]
        if leaf.kind in _OPENING:
            stack.append((_PAIR[leaf.kind], i))
        if leaf.kind in _CLOSING:
            if stack and leaf.kind == stack[-1][0]:
                _, begin = stack.pop()
                ids.update(id(leaves[j]) for j in range(begin, i + 1))
            else:
                break
    return ids


def _build(leaves: list[_Leaf], original: _Line, opening: _Leaf, component: str) -> _Line:
    """``bracket_split_build_line``."""
    result = _Line(original.depth)
    if component == "body":
        result.inside_brackets = True
        result.depth += 1
        if leaves and original.is_import and leaves[-1].kind != ",":
            leaves.append(_Leaf(",", ",", orphan=True))
    track = _inside_matching(leaves) if component == "head" else set()
    for leaf in leaves:
        result.append(leaf, preformatted=True, track=id(leaf) in track)
    if component == "body" and opening.value in "[{(" and result.leaves:
        last = result.leaves[-1]
        trailing_comma = last.kind == ","
        try:
            priority = result.max_priority(exclude=id(last) if trailing_comma else None)
        except _CannotSplit:
            priority = 0
        if priority == _COMMA_PRIORITY and (trailing_comma or opening.atom):
            result.should_split_rhs = True
    return result


def _right_hand_split(line: _Line, force_parens: bool, omit: frozenset[int]) -> list[_Line]:
    return list(_maybe_omit_optional_parens(_first_rhs(line, omit), line, force_parens, omit))


def _maybe_omit_optional_parens(
    rhs: _RHS, line: _Line, force_parens: bool, omit: frozenset[int]
) -> Iterator[_Line]:
    if (
        not force_parens
        and rhs.opening.kind == "("
        and not rhs.opening.value
        and rhs.closing.kind == ")"
        and not rhs.closing.value
        and not line.is_import
        and _can_omit_invisible_parens(rhs)
    ):
        omit = omit | {id(rhs.closing)}
        try:
            rhs_oop = _first_rhs(line, omit)
            if _prefer_split_rhs_oop(rhs_oop, rhs):
                yield from _maybe_omit_optional_parens(rhs_oop, line, force_parens, omit)
                return
        except _CannotSplit:
            chained = sum(1 for lf in line.leaves if lf.kind == "=") > 1
            if not chained and len(rhs.body.leaves) < 2 and not _fits(rhs.body):
                raise
    for leaf in (rhs.opening, rhs.closing):
        if not leaf.value:
            leaf.value = leaf.kind
    for part in (rhs.head, rhs.body, rhs.tail):
        if part.leaves:
            yield part


def _can_omit_invisible_parens(rhs: _RHS) -> bool:
    line = rhs.body
    if not line.delimiters:
        return True
    priority = line.max_priority()
    if line.count_priority(priority) > 1:
        return False
    first, second = line.leaves[0], line.leaves[1]
    if first.kind in _OPENING and second.kind not in _CLOSING and _can_omit_opening(line, first):
        return True
    penultimate, last = line.leaves[-2], line.leaves[-1]
    if (
        last.kind == ")"
        or last.kind == "}"
        or (last.kind == "]" and last.opening and last.opening.atom)
    ):
        if penultimate.kind in _OPENING:
            return False
        if _can_omit_closing(line, last):
            return True
    return False


def _can_omit_opening(line: _Line, first: _Leaf) -> bool:
    remainder = False
    length = 4 * line.depth
    index = -1
    lengths = _leaf_lengths(line)
    for index, leaf in enumerate(line.leaves):
        if leaf.kind in _CLOSING and leaf.opening is first:
            remainder = True
        if remainder:
            length += lengths[index]
            if length > LINE_LENGTH:
                break
            if leaf.kind in _OPENING:
                remainder = False
    else:
        if len(line.leaves) == index + 1:
            return True
    return False


def _can_omit_closing(line: _Line, last: _Leaf) -> bool:
    length = 4 * line.depth
    seen_other = False
    for leaf, size in zip(line.leaves, _leaf_lengths(line), strict=True):
        length += size
        if leaf is last.opening:
            if seen_other or length <= LINE_LENGTH:
                return True
        elif leaf.kind in _OPENING:
            seen_other = True
    return False


def _prefer_split_rhs_oop(rhs_oop: _RHS, rhs: _RHS) -> bool:
    head = rhs.head.leaves
    if not (len(head) >= 2 and head[-2].kind == "="):
        return True
    if not any(lf.kind in _OPENING or lf.kind in _CLOSING for lf in head[:-1]):
        return True
    if not _fits(rhs.head, LINE_LENGTH - 1):
        return True
    equals = sum(1 for lf in head if lf.kind == "=")
    equals_oop = sum(1 for lf in rhs_oop.head.leaves if lf.kind == "=")
    if equals > 1 and equals > equals_oop:
        return False
    for leaf in reversed(rhs_oop.head.leaves):
        if leaf.kind == "=":
            break
        if leaf.kind in _CLOSING:
            return True
    return any(lf.kind == "=" for lf in rhs_oop.head.leaves) and _fits(rhs_oop.head)


# --------------------------------------------------------------------------- models/_base.py

_BASE_SOURCE = '''\
"""Runtime support shared by the generated models: the base class, open enums and helpers.

Generated by apigen; do not edit.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Discriminator

__all__ = [
    "UNTAGGED",
    "ApiModel",
    "OpenFloatEnum",
    "OpenIntEnum",
    "OpenStrEnum",
    "discriminator",
    "dump_request",
    "dump_response",
    "json_default",
]

#: The tag of the fallback choice of a discriminated union (see :func:`discriminator`).
UNTAGGED = "*"


class ApiModel(BaseModel):
    """The base of every generated model.

    - Fields accept their Python names and their wire names (``populate_by_name``);
      dump with ``by_alias=True`` (or :func:`dump_request`) to get the wire names back.
    - Properties the schema does not declare are kept (``extra="allow"``); models whose
      schema says ``additionalProperties: false`` override this with ``extra="forbid"``.
    - Validators are built on first use (``defer_build``), so importing models is cheap.
    - ``__apigen_read_only__`` and ``__apigen_write_only__`` name the readOnly and writeOnly
      fields; both kinds are optional, and :func:`dump_request` / :func:`dump_response`
      leave them out of the side they do not belong to.
    """

    model_config = ConfigDict(
        populate_by_name=True, extra="allow", defer_build=True, protected_namespaces=()
    )

    __apigen_read_only__: ClassVar[frozenset[str]] = frozenset()
    __apigen_write_only__: ClassVar[frozenset[str]] = frozenset()


def _pseudo_member(member: Any, value: object) -> Any:
    member._name_ = "UNKNOWN"
    member._value_ = value
    return member


class OpenStrEnum(str, Enum):
    """A string enum that also accepts values the spec does not list.

    An unknown value becomes a pseudo-member named ``UNKNOWN`` that holds it
    (``Color("teal").value == "teal"``), so a server that adds a value does not break
    clients.  Compare with ``==`` or look at ``.value``; ``is`` only works for listed
    values.  ``str()`` and f-strings give the value.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            return _pseudo_member(str.__new__(cls, value), value)
        return None

    def __str__(self) -> str:
        return str(self.value)


class OpenIntEnum(int, Enum):
    """An integer enum that also accepts values the spec does not list (see OpenStrEnum)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return _pseudo_member(int.__new__(cls, value), value)
        return None

    def __str__(self) -> str:
        return str(self.value)


class OpenFloatEnum(float, Enum):
    """A number enum that also accepts values the spec does not list (see OpenStrEnum)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _pseudo_member(float.__new__(cls, value), float(value))
        return None

    def __str__(self) -> str:
        return str(self.value)


def discriminator(wire_name: str, field_name: str, tags: Mapping[str, str]) -> Discriminator:
    """Choose a union variant by the value of one property, as OpenAPI's discriminator does.

    ``tags`` maps property values to variant class names.  Model instances are tagged by
    their class.  Input without the property, or with a value ``tags`` does not know, gets
    :data:`UNTAGGED`: the plain union of all variants validates it, so a server that adds
    a variant does not break clients as long as one variant accepts the data.
    """
    known = frozenset(tags.values())

    def tag_of(value: Any) -> str:
        if isinstance(value, BaseModel):
            name = type(value).__name__
            if name in known:
                return name
            raw = value.__dict__.get(field_name)
        elif isinstance(value, Mapping):
            raw = value.get(wire_name, value.get(field_name))
        else:
            return UNTAGGED
        if isinstance(raw, Enum):
            raw = raw.value
        if raw is None or isinstance(raw, bool):
            return UNTAGGED
        return tags.get(str(raw), UNTAGGED)

    return Discriminator(tag_of)


def json_default(value: Any) -> Callable[[], Any]:
    """A ``default_factory`` giving a fresh copy of a JSON default (the field validates it)."""
    return lambda: copy.deepcopy(value)


def dump_request(model: BaseModel, *, mode: Literal["json", "python"] = "json") -> dict[str, Any]:
    """``model`` as JSON data for a request: wire names, unset fields and readOnly fields
    (at every level) left out.  ``mode="python"`` keeps values such as ``bytes`` and
    datetimes as Python objects (multipart bodies send bytes as file parts)."""
    return _dump(model, "__apigen_read_only__", mode)


def dump_response(model: BaseModel, *, mode: Literal["json", "python"] = "json") -> dict[str, Any]:
    """``model`` as JSON data for a response: wire names, unset fields and writeOnly fields
    (at every level) left out."""
    return _dump(model, "__apigen_write_only__", mode)


def _dump(model: BaseModel, hidden: str, mode: Literal["json", "python"]) -> dict[str, Any]:
    return model.model_dump(
        mode=mode, by_alias=True, exclude_unset=True, exclude=_exclude(model, hidden)
    )


def _exclude(value: Any, hidden: str) -> Any:
    """A pydantic ``exclude`` spec for the fields named by ``hidden``, at every level."""
    if isinstance(value, BaseModel):
        spec: dict[Any, Any] = dict.fromkeys(getattr(type(value), hidden, ()), True)
        for name, item in value.__dict__.items():
            if name not in spec and (inner := _exclude(item, hidden)):
                spec[name] = inner
        return spec or None
    if isinstance(value, (list, tuple)):
        items = {i: inner for i, item in enumerate(value) if (inner := _exclude(item, hidden))}
        return items or None
    if isinstance(value, dict):
        items = {k: inner for k, item in value.items() if (inner := _exclude(item, hidden))}
        return items or None
    return None
'''


#: What ``closable_enums`` adds to ``_base.py``: a mixin of the three open enum bases whose
#: pydantic schema checks, after the open validation, that the value is listed when the
#: validation context asks for it.  One model tree serves requests (closed) and responses.
_CLOSABLE = '''

class _Closable:
    """Lets a server close an open enum: validated with ``context={"closed_enums": True}``
    (request data), a value the spec does not list is an error; otherwise it is accepted
    as the ``UNKNOWN`` pseudo-member (responses, data from elsewhere)."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.with_info_after_validator_function(_listed, handler(source))


def _listed(value: Any, info: core_schema.ValidationInfo) -> Any:
    context = info.context
    if not (isinstance(context, Mapping) and context.get("closed_enums")):
        return value
    members = type(value)._value2member_map_
    if members.get(value._value_) is value:
        return value
    listed = ", ".join(repr(m) for m in members)
    raise PydanticCustomError("enum", "Input should be one of {expected}", {"expected": listed})

'''


#: What the server's ``ApiModel`` adds: required writeOnly fields are optional in the models
#: (responses leave them out), so requests, validated with the same context as closed
#: enums, check them here.
_REQUEST_REQUIRED = '''    __apigen_write_only__: ClassVar[frozenset[str]] = frozenset()
    __apigen_request_required__: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _apigen_request_required(self, info: core_schema.ValidationInfo) -> Self:
        """Validated as request data, the writeOnly fields the schema requires must be there."""
        required = type(self).__apigen_request_required__
        context = info.context
        if required and isinstance(context, Mapping) and context.get("closed_enums"):
            missing = sorted(required - self.model_fields_set)
            if missing:
                fields = type(self).model_fields
                names = ", ".join(fields[n].alias or n for n in missing)
                raise PydanticCustomError("missing", "Field required: {names}", {"names": names})
        return self
'''


#: What the server's ``discriminator`` adds: the untagged fallback choice (a missing or
#: unlisted discriminator value, accepted so that clients survive new variants) is an
#: error when request data is validated, like an unlisted enum value.
_CLOSABLE_DISCRIMINATOR = '''

class _ClosableDiscriminator:
    """A :class:`Discriminator` whose untagged choice refuses request data."""

    def __init__(self, inner: Discriminator, wire_name: str, tags: Mapping[str, str]) -> None:
        self.inner = inner
        self.wire_name = wire_name
        self.listed = ", ".join(repr(t) for t in tags)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema = self.inner.__get_pydantic_core_schema__(source, handler)
        if schema["type"] == "tagged-union" and UNTAGGED in schema["choices"]:
            choices = schema["choices"]
            choices[UNTAGGED] = core_schema.with_info_after_validator_function(
                self._refuse_in_requests, choices[UNTAGGED]
            )
        return schema

    def _refuse_in_requests(self, value: Any, info: core_schema.ValidationInfo) -> Any:
        context = info.context
        if isinstance(context, Mapping) and context.get("closed_enums"):
            raise PydanticCustomError(
                "union_tag_invalid",
                "{name} must be one of {listed}",
                {"name": self.wire_name, "listed": self.listed},
            )
        return value
'''


def _closable_base() -> str:
    """``_base.py`` with :data:`_CLOSABLE` (what ``render_models(closable_enums=True)`` uses)."""
    edits = (
        (
            "from pydantic import BaseModel, ConfigDict, Discriminator\n",
            "from pydantic import (\n    BaseModel,\n    ConfigDict,\n    Discriminator,\n"
            "    GetCoreSchemaHandler,\n    model_validator,\n)\n"
            "from pydantic_core import PydanticCustomError, core_schema\n",
        ),
        (
            "from typing import Any, ClassVar, Literal\n",
            "from typing import Any, ClassVar, Literal, Self\n",
        ),
        (
            "    __apigen_write_only__: ClassVar[frozenset[str]] = frozenset()\n",
            _REQUEST_REQUIRED,
        ),
        (
            "tags: Mapping[str, str]) -> Discriminator:\n",
            "tags: Mapping[str, str]) -> Any:\n",
        ),
        (
            "    return Discriminator(tag_of)\n",
            "    return _ClosableDiscriminator(Discriminator(tag_of), wire_name, tags)\n"
            + _CLOSABLE_DISCRIMINATOR,
        ),
        (
            "\n\nclass OpenStrEnum(str, Enum):",
            _CLOSABLE + "\nclass OpenStrEnum(_Closable, str, Enum):",
        ),
        ("class OpenIntEnum(int, Enum):", "class OpenIntEnum(_Closable, int, Enum):"),
        ("class OpenFloatEnum(float, Enum):", "class OpenFloatEnum(_Closable, float, Enum):"),
    )
    text = _BASE_SOURCE
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text
