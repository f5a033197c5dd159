"""Recover line and column for JSON pointers, lazily.

Loading never pays for positions (see :mod:`apigen.spec.load`).  When a
message needs one, the file is scanned once more and an index from pointer to
position is kept for the rest of the run.  YAML uses PyYAML's C composer (its
nodes carry marks); JSON uses a small tokenizer, several times faster than
composing JSON as YAML.  The same scan finds duplicate mapping keys with their
pointers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import yaml

from apigen.errors import escape_pointer
from apigen.spec.load import Document

__all__ = ["Locator", "Position"]


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class _Index:
    positions: dict[str, Position] = field(default_factory=dict)
    duplicates: list[tuple[str, Position]] = field(default_factory=list)


class Locator:
    """Pointer -> position for one document, built on first use."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._index: _Index | None = None
        self._seeker = _PrettyJsonSeeker.create(document)

    def position(self, pointer: str) -> Position | None:
        """The position of the value at ``pointer``, or of its nearest ancestor."""
        if self._index is None and self._seeker is not None:
            found = self._seeker.seek(pointer)
            if found is not None:
                return found
            self._seeker = None  # the file is not as regular as it looked: index it all
        index = self._build()
        while True:
            found = index.positions.get(pointer)
            if found is not None or not pointer:
                return found
            pointer = pointer.rsplit("/", 1)[0]

    def duplicate_keys(self) -> list[tuple[str, Position]]:
        """(pointer of the repeated key's value, position of the key) for each duplicate."""
        return list(self._build().duplicates)

    def _build(self) -> _Index:
        if self._index is None:
            doc = self._document
            try:
                if doc.format == "json":
                    fast = _index_pretty_json(doc.text)
                    if fast is not None and len(fast.positions) == _count_nodes(doc.root) + len(
                        fast.duplicates
                    ):
                        self._index = fast
                    else:
                        self._index = _index_json(doc.text)
                else:
                    fast = _index_block_yaml(doc.text)
                    if fast is not None and len(fast.positions) == _count_nodes(doc.root) + len(
                        fast.duplicates
                    ):
                        self._index = fast
                    else:
                        self._index = _index_yaml(doc.text)
            except (yaml.YAMLError, RecursionError, ValueError):
                self._index = _Index()
        return self._index


class _PrettyJsonSeeker:
    """Find a few pointers in a big pretty-printed JSON file without indexing all of it.

    In ``json.dumps(indent=N)`` output a member of an object at depth d sits on
    its own line, indented N*d, and nothing else inside that object is indented
    exactly so: the first such line after the object's start is the member.  The
    loaded tree tells which keys exist, so a lookup is a handful of ``str.find``
    calls.  Anything unexpected makes :meth:`seek` return None and the caller
    falls back to the full index.
    """

    def __init__(self, document: Document, unit: int) -> None:
        self._text = document.text
        self._root = document.root
        self._unit = unit
        self._newlines: list[int] | None = None
        self._cache: dict[str, int] = {"": 0}

    @classmethod
    def create(cls, document: Document) -> _PrettyJsonSeeker | None:
        text = document.text
        if document.format != "json" or len(text) < 1_000_000 or not text.startswith("{\n"):
            return None
        unit = len(text[2:]) - len(text[2:].lstrip(" "))
        if unit < 1 or text[2 + unit] != '"':
            return None
        return cls(document, unit)

    def seek(self, pointer: str) -> Position | None:
        offset = self._offset(pointer)
        if offset is None:
            return None
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self._text)]
        line = bisect.bisect_right(self._newlines, offset)
        start = self._newlines[line - 1] + 1 if line else 0
        return Position(line + 1, offset - start + 1)

    def _offset(self, pointer: str) -> int | None:
        import json

        if pointer in self._cache:
            return self._cache[pointer]
        tokens = pointer.split("/")[1:]
        node = self._root
        at, walked = 0, ""
        for depth, raw in enumerate(tokens, 1):
            token = raw.replace("~1", "/").replace("~0", "~")
            walked += "/" + raw
            if walked in self._cache:
                at = self._cache[walked]
            else:
                indent = "\n" + " " * (self._unit * depth)
                if isinstance(node, dict) and token in node:
                    found = -1
                    for ascii_only in (True, False):
                        found = self._text.find(
                            indent + json.dumps(token, ensure_ascii=ascii_only) + ":", at
                        )
                        if found >= 0:
                            break
                elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                    found = at
                    element = re.compile(re.escape(indent) + "[^ }\\]]")
                    for _ in range(int(token) + 1):
                        match = element.search(self._text, found + 1)
                        found = match.start() if match else -1
                        if found < 0:
                            break
                else:
                    return None
                if found < 0:
                    return None
                at = found + len(indent)
                self._cache[walked] = at
            node = node[token] if isinstance(node, dict) else node[int(token)]
        return at


# --------------------------------------------------------------------------- YAML


def _index_yaml(text: str) -> _Index:
    index = _Index()
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    if root is None:
        return index
    seen: set[int] = set()
    # Entries of a mapping are placed at their key, which is where a reader looks.
    stack: list[tuple[yaml.Node, str, yaml.Mark]] = [(root, "", root.start_mark)]
    while stack:
        node, pointer, mark = stack.pop()
        index.positions.setdefault(pointer, Position(mark.line + 1, mark.column + 1))
        if id(node) in seen:  # an alias: its subtree is indexed at its anchor
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                child = pointer + "/" + escape_pointer(key)
                km = key_node.start_mark
                if key in keys:
                    index.duplicates.append((child, Position(km.line + 1, km.column + 1)))
                keys.add(key)
                stack.append((value_node, child, km))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                stack.append((item, f"{pointer}/{i}", item.start_mark))
    return index


_YAML_KEY = re.compile(
    r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"&*!|>%@`{}\[\],?:-][^#]*?|-[^\s:#][^#]*?))"""
    r"""[ \t]*:(?:[ \t]+|$)"""
)
_BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*[ \t]*(?:#.*)?$")


def _index_block_yaml(text: str) -> _Index | None:
    """Fast path for block-style YAML, the way large specs are written: read line by line.

    Handles block mappings and sequences, plain/quoted keys, block scalars and
    multi-line scalars (skipped by indentation), empty flow collections and
    comments.  Anything else (flow collections with content, anchors, tags,
    complex keys) returns None and the C composer takes over; the caller also
    checks that every node of the loaded tree was indexed.
    """
    import json

    index = _Index()
    positions = index.positions
    # frames: (indent of the collection's entries, pointer, is_sequence, [next index], keys)
    stack: list[tuple[int, str, bool, list[int], set[str]]] = []
    skip_deeper_than = -1  # lines indented more than this belong to a scalar
    pending: tuple[int, str] | None = None  # (indent of key, pointer) of a key with no value yet
    root_seen = False
    for lineno, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#") or stripped == "\r":
            continue
        indent = len(line) - len(stripped)
        if skip_deeper_than >= 0:
            if indent > skip_deeper_than:
                continue
            skip_deeper_than = -1
        if stripped.startswith(("---", "...")) and indent == 0:
            if root_seen:
                return None  # a second document
            continue
        if stripped[0] == "\t":
            return None
        if pending is not None:
            key_indent, pointer = pending
            pending = None
            is_seq = stripped.startswith("- ") or stripped.rstrip() == "-"
            if indent > key_indent and not is_seq and not _YAML_KEY.match(stripped):
                skip_deeper_than = key_indent  # a plain scalar starting on the next line
                continue
            if indent > key_indent or (is_seq and indent == key_indent):
                stack.append((indent, pointer, is_seq, [0], set()))
            # else: an empty value (null); the line is handled below
        while stack and (
            indent < stack[-1][0]
            or (indent == stack[-1][0] and stack[-1][2] and not stripped.startswith("-"))
        ):
            stack.pop()
        if not stack:
            if root_seen:
                return None
            root_seen = True
            is_seq = stripped.startswith("- ") or stripped.rstrip() == "-"
            positions[""] = Position(lineno, indent + 1)
            stack.append((indent, "", is_seq, [0], set()))
        if stack[-1][0] != indent:
            return None
        column = indent
        rest = stripped
        while True:  # "- - key: v" nests sequences and mappings on one line
            frame = stack[-1]
            if frame[2]:
                if not (rest.startswith("- ") or rest.rstrip() == "-"):
                    return None
                pointer = f"{frame[1]}/{frame[3][0]}"
                frame[3][0] += 1
                after = rest[1:].lstrip(" ")
                column += len(rest) - len(after)
                if not after or after.startswith("#"):
                    positions.setdefault(pointer, Position(lineno + 1, column + 1))
                    pending = (indent, pointer)
                    break
                positions.setdefault(pointer, Position(lineno, column + 1))
                rest = after
                if rest.startswith("- ") or _YAML_KEY.match(rest):
                    stack.append((column, pointer, rest.startswith("- "), [0], set()))
                    continue
                if not _BLOCK_SCALAR.match(rest) and not _flat_value(
                    rest, pointer, lineno, column, positions
                ):
                    return None
                skip_deeper_than = indent
                break
            match = _YAML_KEY.match(rest)
            if match is None:
                return None
            if match.group(1) is not None:
                key = json.loads(f'"{match.group(1)}"')
            elif match.group(2) is not None:
                key = match.group(2).replace("''", "'")
            else:
                key = match.group(3).rstrip()
            pointer = f"{frame[1]}/{escape_pointer(key)}"
            if key in frame[4]:
                index.duplicates.append((pointer, Position(lineno, column + 1)))
            frame[4].add(key)
            positions.setdefault(pointer, Position(lineno, column + 1))
            value_at = column + match.end()
            value = rest[match.end() :].rstrip()
            if not value or value.startswith("#"):
                pending = (column, pointer)
            elif _BLOCK_SCALAR.match(value):
                skip_deeper_than = column
            elif not _flat_value(value, pointer, lineno, value_at, positions):
                return None
            else:
                skip_deeper_than = column
            break
    return index if root_seen else None


_FLOW_PAIR = re.compile(
    r"""\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,\[\]{}"'#:]+?)\s*:\s+"""
    r"""("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,\[\]{}"'#]*?)\s*(,|\})"""
)


def _flow_mapping(
    value: str, pointer: str, lineno: int, column: int, positions: dict[str, Position]
) -> bool:
    """``{a: 1, "b": x}`` on one line: index each key at its column."""
    import json

    body = value.split(" #", 1)[0].rstrip()
    if body == "{}":
        return True
    at = 1
    while at < len(body):
        match = _FLOW_PAIR.match(body, at)
        if match is None:
            return False
        raw = match.group(1)
        if raw.startswith('"'):
            key = json.loads(raw)
        elif raw.startswith("'"):
            key = raw[1:-1].replace("''", "'")
        else:
            key = raw
        positions.setdefault(
            f"{pointer}/{escape_pointer(key)}", Position(lineno, column + match.start(1) + 1)
        )
        at = match.end()
        if match.group(3) == "}":
            return at == len(body)
    return False


_FLOW_ITEM = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,\[\]{}"'#]+?)\s*(,|\])""")


def _flat_value(
    value: str, pointer: str, lineno: int, column: int, positions: dict[str, Position]
) -> bool:
    """A value on one line: a scalar, or a flow sequence of scalars (``[a, "b"]``).

    Items of a flow sequence are indexed at their own columns (``column`` is the
    0-based column where ``value`` starts).  Anything else is not handled here.
    """
    first = value[0]
    if first == "{":
        return _flow_mapping(value, pointer, lineno, column, positions)
    if first != "[":
        return first not in "&*!|>%@`"
    body = value.split(" #", 1)[0].rstrip()
    if body == "[]":
        return True
    at, index = 1, 0
    while at < len(body):
        match = _FLOW_ITEM.match(body, at)
        if match is None:
            return False
        start = match.start(1)
        positions.setdefault(f"{pointer}/{index}", Position(lineno, column + start + 1))
        index += 1
        at = match.end()
        if match.group(2) == "]":
            return at == len(body)
    return False


# --------------------------------------------------------------------------- JSON

_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*')


def _count_nodes(root: object) -> int:
    count, stack = 0, [root]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return count


def _index_pretty_json(text: str) -> _Index | None:
    """Fast path for pretty-printed JSON: one member or element per line.

    Most large published specs are pretty-printed, and reading them line by
    line is several times faster than tokenising.  Returns None as soon as a
    line breaks the pattern; the caller also checks that every node of the
    loaded tree was indexed before trusting the result.
    """
    import json

    index = _Index()
    positions = index.positions
    # frames: [pointer, is_array, next_index, keys_seen]
    stack: list[tuple[str, bool, list[int], set[str]]] = []
    for lineno, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" \t")
        if not stripped or stripped == "\r":
            continue
        first = stripped[0]
        if first in "}]":
            if not stack:
                return None
            stack.pop()
            continue
        column = len(line) - len(stripped) + 1
        if not stack:
            pointer, rest = "", stripped
        elif stack[-1][1]:
            frame = stack[-1]
            pointer = f"{frame[0]}/{frame[2][0]}"
            frame[2][0] += 1
            rest = stripped
        else:
            match = _KEY.match(stripped)
            if match is None:
                return None
            raw = match.group(1)
            key = json.loads(f'"{raw}"') if "\\" in raw else raw
            pointer = f"{stack[-1][0]}/{escape_pointer(key)}"
            if key in stack[-1][3]:
                index.duplicates.append((pointer, Position(lineno, column)))
            stack[-1][3].add(key)
            rest = stripped[match.end() :]
        positions.setdefault(pointer, Position(lineno, column))
        value = rest.rstrip().rstrip(",")
        if value in ("{", "["):
            stack.append((pointer, value == "[", [0], set()))
        elif value[:1] in "{[" and value not in ("{}", "[]"):
            return None  # a container written on one line: not the pretty form
    return index if not stack else None


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def _index_json(text: str) -> _Index:
    """Walk JSON tokens, tracking the pointer of the value each token starts."""
    import json

    index = _Index()
    newlines = [m.start() for m in re.finditer("\n", text)]

    def pos(offset: int) -> Position:
        line = bisect.bisect_right(newlines, offset)
        start = newlines[line - 1] + 1 if line else 0
        return Position(line + 1, offset - start + 1)

    # Each frame: [pointer, is_object, next_index_or_pending_key, keys_seen]
    stack: list[list[object]] = []
    pointer = ""
    expect_key = False
    key_offset = 0
    for match in _TOKEN.finditer(text):
        tok = match.group()
        first = tok[0]
        if first in ",:":
            continue
        if first in "}]":
            stack.pop()
            expect_key = bool(stack) and stack[-1][1] is True
            continue
        if expect_key and first == '"':
            key = json.loads(tok)
            frame = stack[-1]
            keys = frame[3]
            assert isinstance(keys, set)
            child = f"{frame[0]}/{escape_pointer(key)}"
            if key in keys:
                index.duplicates.append((child, pos(match.start())))
            keys.add(key)
            frame[2] = child
            key_offset = match.start()
            expect_key = False
            continue
        # A value starts here: find its pointer from the enclosing frame.
        # Object members are placed at their key, which is where a reader looks.
        offset = match.start()
        if stack:
            frame = stack[-1]
            if frame[1] is True:
                pointer = str(frame[2])
                offset = key_offset
                expect_key = True
            else:
                i = frame[2]
                assert isinstance(i, int)
                pointer = f"{frame[0]}/{i}"
                frame[2] = i + 1
        else:
            pointer = ""
        index.positions.setdefault(pointer, pos(offset))
        if first == "{":
            stack.append([pointer, True, None, set()])
            expect_key = True
        elif first == "[":
            stack.append([pointer, False, 0, set()])
            expect_key = False
    return index
