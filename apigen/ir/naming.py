"""The only place where spec names become Python identifiers.

A spec is untrusted input: a property called ``class``, an operationId of
``__import__('os')``, a schema named ``2FA`` or ``Ü-Daten`` must all become
safe, readable identifiers, and two names that collide after conversion
(``userId`` and ``user_id``) must stay two names.  Everything here is
deterministic: the same names claimed in the same order give the same result.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from functools import lru_cache

__all__ = ["NameScope", "class_name", "derive_operation_id", "snake_name", "constant_name"]

#: Names that would shadow pydantic/BaseModel attributes or our own generated API.
RESERVED = frozenset(
    {
        "self",
        "cls",
        "model_config",
        "model_fields",
        "model_computed_fields",
        "model_extra",
        "model_fields_set",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "dict",
        "json",
        "copy",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "construct",
        "schema",
        "schema_json",
        "validate",
        "update_forward_refs",
        "fields",
        "type",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "object",
        "none",
        "true",
        "false",
    }
)

#: Names pycodestyle calls ambiguous (E741-E743: ``l``, ``O`` and ``I`` look like digits);
#: generated code must pass ruff, so they get the keywords' trailing underscore.
_AMBIGUOUS = frozenset({"l", "O", "I"})

_WORD_BOUNDARY = re.compile(r"[^0-9A-Za-z]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _ascii_words(raw: str) -> list[str]:
    """Split any text into ASCII words: ``getHTTPResponse-v2`` -> get HTTP Response v2."""
    text = unicodedata.normalize("NFKD", raw)
    ascii_text = text.encode("ascii", "ignore").decode("ascii")
    words: list[str] = []
    for chunk in _WORD_BOUNDARY.split(ascii_text):
        if chunk:
            words.extend(w for w in _CAMEL.split(chunk) if w)
    if not words and raw:
        # Nothing ASCII survived (e.g. all CJK): keep the name distinct and stable.
        words = ["u" + "".join(f"{ord(c):x}" for c in raw[:8])]
    return words


@lru_cache(maxsize=65536)
def snake_name(raw: str) -> str:
    """``petId`` -> ``pet_id``; keywords, builtins and digits-first names made safe."""
    words = _ascii_words(raw)
    name = "_".join(w.lower() for w in words) or "value"
    if name[0].isdigit():
        name = "n" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED:
        name += "_"
    return name + "_" if name in _AMBIGUOUS else name


@lru_cache(maxsize=65536)
def class_name(raw: str) -> str:
    """``pet-status`` -> ``PetStatus``; digits-first names get a ``Model`` prefix."""
    words = _ascii_words(raw)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Model"
    if name[0].isdigit():
        name = "Model" + name
    if keyword.iskeyword(name) or name in {"None", "True", "False"}:
        name += "_"
    return name + "_" if name in _AMBIGUOUS else name


@lru_cache(maxsize=65536)
def constant_name(raw: str) -> str:
    """An enum member name: ``in-progress`` -> ``IN_PROGRESS``, ``1`` -> ``VALUE_1``."""
    words = _ascii_words(raw) if raw else []
    name = "_".join(w.upper() for w in words) or "EMPTY"
    if name[0].isdigit():
        name = "VALUE_" + name
    if name.startswith("_"):
        name = "VALUE" + name
    return name + "_" if name in _AMBIGUOUS else name


def derive_operation_id(method: str, path: str) -> str:
    """An operationId for operations without one: ``get /pets/{petId}`` -> ``get_pets_pet_id``."""
    parts = [p.strip("{}") for p in path.split("/") if p]
    return "_".join([method.lower(), *parts]) if parts else method.lower() + "_root"


@lru_cache(maxsize=64)
def _lowered(names: frozenset[str]) -> frozenset[str]:
    """A fixed reserved set, lowercased once (a scope is opened for every model)."""
    return frozenset(n.lower() for n in names)


class NameScope:
    """Hands out unique names inside one namespace (a module, a class, a signature).

    Collisions get ``_2``, ``_3``... in claim order; nothing is dropped or merged.
    """

    def __init__(self, taken: frozenset[str] | set[str] = frozenset()) -> None:
        self._taken: set[str] = (
            set(_lowered(taken)) if isinstance(taken, frozenset) else {t.lower() for t in taken}
        )

    def claim(self, name: str) -> str:
        """Reserve ``name`` (already sanitised), or the next free variant of it."""
        candidate, n = name, 1
        # Compare case-insensitively: ``Pet`` and ``PET`` would clash on
        # case-insensitive file systems once they become module files.
        while candidate.lower() in self._taken:
            n += 1
            candidate = f"{name}_{n}" if not name.endswith("_") else f"{name}{n}"
        self._taken.add(candidate.lower())
        return candidate

    def __contains__(self, name: str) -> bool:
        return name.lower() in self._taken
