"""Load one file of a spec: bytes -> plain Python tree (dicts, lists, scalars).

Why a stage of its own: this is where untrusted bytes first meet Python, so
it is where safety is enforced (safe YAML only, no Python tags, alias bombs
refused before anything walks the tree, nesting bombs refused cleanly).

Line numbers are *not* tracked here: keeping a position for every node would
double the cost of loading a 12 MB spec.  :mod:`apigen.spec.locate` recovers
them lazily, only when a message needs one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

try:  # optional speed-up; PyYAML alone gives the same results
    import yaml_rs as _yaml_rs
except ImportError:  # pragma: no cover - a platform without its wheels
    _yaml_rs = None  # type: ignore[assignment]

from apigen.errors import Diagnostic, Location, Severity, SpecError

__all__ = ["Document", "DuplicateKey", "load_document", "parse_text", "MAX_EXPANDED_NODES"]

Format = Literal["json", "yaml"]

#: A YAML document whose aliases would expand it past this many nodes is refused.
MAX_EXPANDED_NODES = 5_000_000
#: ...and so is one where aliases multiply the size by more than this factor.
MAX_ALIAS_FACTOR = 20


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """A mapping key that appears twice; the later value wins, as in every loader."""

    key: str
    line: int | None  # 1-based; None when only the locator can tell (JSON)
    column: int | None


@dataclass(eq=False)
class Document:
    """One loaded file of a spec.

    ``name`` is how messages name the file (relative to the working directory
    when possible); ``path`` is the absolute path used for resolving refs.
    """

    path: Path
    name: str
    text: str
    format: Format
    root: Any
    duplicate_keys: list[DuplicateKey] = field(default_factory=list)
    #: ``"<path>#"``: what identifies a node of this file is this plus its pointer
    key_prefix: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.key_prefix = f"{self.path}#"

    def location(self, pointer: str = "") -> Location:
        return Location(self.name, pointer)


def display_name(path: Path) -> str:
    """Name a file relative to the working directory when it lies below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_document(path: Path) -> Document:
    """Read and parse one file; raises :class:`SpecError` with a location on failure."""
    path = path.resolve()
    name = display_name(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        message = f"cannot read file: {exc.strerror}"
        raise SpecError([_fatal("unreadable-file", message, name)]) from None
    return parse_text(_decode(data, name), name, path)


def parse_text(text: str, name: str, path: Path) -> Document:
    """Parse text as JSON or YAML, chosen by content (a leading ``{`` means JSON)."""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            root, dups = _load_json(text)
            return Document(path, name, text, "json", root, dups)
        except json.JSONDecodeError as exc:
            if path.suffix.lower() == ".json":
                raise SpecError([_json_error(exc, name)]) from None
            # Not JSON after all: YAML flow style is a superset; let YAML judge.
    root, ydups = _load_yaml(text, name)
    return Document(path, name, text, "yaml", root, ydups)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(
            [_fatal("syntax-error", f"file is not valid UTF-8 (byte {exc.start})", name)]
        ) from None


def _fatal(
    code: str, message: str, name: str, line: int | None = None, column: int | None = None
) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, Location(name, "", line, column), True)


# --------------------------------------------------------------------------- JSON


def _load_json(text: str) -> tuple[Any, list[DuplicateKey]]:
    dups: list[DuplicateKey] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    dups.append(DuplicateKey(key, None, None))
                seen.add(key)
        return obj

    try:
        return json.loads(text, object_pairs_hook=pairs_hook), dups
    except RecursionError:
        raise json.JSONDecodeError("document nested too deeply", text, 0) from None


def _json_error(exc: json.JSONDecodeError, name: str) -> Diagnostic:
    if exc.msg == "document nested too deeply":
        return _fatal("nesting-too-deep", "document is nested too deeply to process", name)
    return _fatal("syntax-error", f"invalid JSON: {exc.msg}", name, exc.lineno, exc.colno)


# --------------------------------------------------------------------------- YAML


class _SafeLoader(yaml.CSafeLoader):
    """PyYAML's C safe loader, with three changes.

    Mapping keys are always strings (``200:`` is the response ``"200"``), dates
    stay strings (JSON has no date type and specs mean the text), and duplicate
    keys are recorded with their position instead of being silently merged.
    """

    duplicate_keys: list[DuplicateKey]

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"expected a mapping node, but found {type(node).__name__}",
                node.start_mark,
            )
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            key = _key_text(key)
            if key in mapping:
                mark = key_node.start_mark
                self.duplicate_keys.append(DuplicateKey(key, mark.line + 1, mark.column + 1))
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _core_schema(loader: type[yaml.CSafeLoader]) -> None:
    """Resolve plain scalars by YAML 1.2's core schema, as OpenAPI asks.

    PyYAML speaks YAML 1.1, where ``yes``/``no``/``on``/``off`` are booleans,
    ``017`` is octal and ``2024-01-02`` is a date.  An enum of ``[yes, no]``
    must stay two strings, as it does in every 1.2 parser (and in the fast
    loader below, so both paths agree).
    """
    loader.yaml_implicit_resolvers = {}
    rules = [
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        (
            "float",
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            "-+0123456789.",
        ),
    ]
    for name, pattern, first in rules:
        loader.add_implicit_resolver(f"tag:yaml.org,2002:{name}", re.compile(pattern), list(first))


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    return float("nan") if text == ".nan" else float(text)


_core_schema(_SafeLoader)
_SafeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_SafeLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, (int, float)):
        return str(key)
    raise yaml.constructor.ConstructorError(None, None, "mapping keys must be scalars", None)


_ANCHOR = re.compile(r"(?:^|[\s\[{,:?-])&[^\s\[\]{},]+", re.MULTILINE)
#: What the fast loader must not see: anchors (alias bombs are judged by our own
#: check), tags (refused with a message, not silently dropped) and merge keys.
_NOT_FAST = re.compile(r"(?:^|[\s\[{,:?-])[&!][^\s]|<<", re.MULTILINE)
#: The characters _NOT_FAST starts at: a search for them alone runs 50x faster.
_NOT_FAST_START = re.compile(r"[&!<]")


def _not_fast(text: str) -> bool:
    """``_NOT_FAST.search(text)``, found by looking only where its rare characters are.

    The regular expression itself spends 0.15 s on a 4 MB spec: its leading
    alternative keeps the engine from skipping ahead to the characters that matter.
    """
    for match in _NOT_FAST_START.finditer(text):
        at = match.start()
        if text[at] == "<":
            if text.startswith("<<", at):
                return True
            continue
        following = text[at + 1 : at + 2]
        if not following or following.isspace():
            continue
        before = text[at - 1] if at else "\n"
        if before.isspace() or before in "[{,:?-":
            return True
    return False


def _load_yaml(text: str, name: str) -> tuple[Any, list[DuplicateKey]]:
    fast = _load_yaml_fast(text)
    if fast is not None:
        return fast, []
    return _load_yaml_pyyaml(text, name)


def _load_yaml_fast(text: str) -> Any:
    """The common case (no anchors, tags, duplicates): a Rust parser, ~10x PyYAML's C loader.

    Anything unusual returns None and goes to PyYAML, whose messages, duplicate-key
    records and refusals are the reference; the two agree on all 2,960 YAML files
    of the shared corpus (YAML 1.2 core schema on both sides).
    """
    if _yaml_rs is None or _not_fast(text):
        return None
    try:
        root = _yaml_rs.loads(
            text, parse_datetime=False, duplicate_key_policy=_yaml_rs.DuplicateKeyPolicy.Error
        )
    except Exception:  # any refusal: PyYAML explains it precisely
        return None
    return _string_keys(root)


def _string_keys(root: Any) -> Any:
    """Mapping keys as text (``200:`` is the response ``"200"``), as the PyYAML path does."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if not all(type(k) is str for k in node):
                items = [(_key_text(k), v) for k, v in node.items()]
                node.clear()
                node.update(items)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return root


def _load_yaml_pyyaml(text: str, name: str) -> tuple[Any, list[DuplicateKey]]:
    loader = _SafeLoader(text)
    loader.duplicate_keys = []
    try:
        root = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        if "could not determine a constructor" in problem:
            problem = f"unsupported YAML tag ({problem.split('tag ')[-1].strip()})"
            raise SpecError([_fatal("unsafe-yaml", problem, name, line, column)]) from None
        raise SpecError(
            [_fatal("syntax-error", f"invalid YAML: {problem}", name, line, column)]
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError([_fatal("syntax-error", f"invalid YAML: {exc}", name)]) from None
    except RecursionError:
        raise SpecError(
            [_fatal("nesting-too-deep", "document is nested too deeply to process", name)]
        ) from None
    finally:
        loader.dispose()
    if _ANCHOR.search(text):
        _refuse_alias_bombs(root, name)
    return root, loader.duplicate_keys


def _refuse_alias_bombs(root: Any, name: str) -> None:
    """Refuse documents whose aliases expand far beyond their own size.

    YAML aliases share one Python object, so loading is cheap, but every later
    walk would visit the shared object once per reference: a "billion laughs"
    document would hang the validator.  Count the expanded size bottom-up with
    memoisation (linear in the distinct nodes) and refuse cycles outright.
    """
    expanded: dict[int, int] = {}
    in_progress: set[int] = set()
    distinct = 0
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        key = id(node)
        if done:
            children = node.values() if isinstance(node, dict) else node
            total = 1
            for child in children:
                if isinstance(child, (dict, list)):
                    total += expanded[id(child)]
                else:
                    total += 1
            expanded[key] = total
            in_progress.discard(key)
            if total > MAX_EXPANDED_NODES and total > MAX_ALIAS_FACTOR * max(distinct, 1):
                raise SpecError(
                    [
                        _fatal(
                            "alias-bomb",
                            f"YAML aliases expand the document past "
                            f"{MAX_EXPANDED_NODES:,} nodes; refused",
                            name,
                        )
                    ]
                )
            continue
        if key in expanded:
            continue
        if key in in_progress:
            raise SpecError(
                [_fatal("recursive-alias", "YAML alias refers to itself; refused", name)]
            )
        in_progress.add(key)
        distinct += 1
        stack.append((node, True))
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, False) for child in children if isinstance(child, (dict, list)))
