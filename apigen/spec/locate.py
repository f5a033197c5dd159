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
from typing import Any

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


#: Files at least this long are first searched pointer by pointer (a diff needs a
#: few hundred lines of a 12 MB file); smaller ones are indexed whole at once.
SEEK_FROM = 1_000_000


class Locator:
    """Pointer -> position for one document, built on first use.

    ``seek_from`` is the file length from which lookups seek before indexing.
    """

    def __init__(self, document: Document, *, seek_from: int = SEEK_FROM) -> None:
        self._document = document
        self._index: _Index | None = None
        self._seeker = _Seeker.create(document) if len(document.text) >= seek_from else None

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
            self._index = _full_index(self._document)
        return self._index


def _full_index(doc: Document) -> _Index:
    """Every node's position: the line-based fast path when it accounts for every node."""
    fast_path, slow_path = (
        (_index_pretty_json, _index_json)
        if doc.format == "json"
        else (_index_block_yaml, _index_yaml)
    )
    try:
        fast = fast_path(doc.text)
    except ValueError:  # a quoted key with an escape JSON lacks: the slow path reads it
        fast = None
    if fast is not None and len(fast.positions) == _count_nodes(doc.root) + len(fast.duplicates):
        return fast
    try:
        return slow_path(doc.text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return _Index()


# (seekers are at the end of the module: they reuse the line grammar defined below)


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
    # (indent of the line, pointer, where a null item is) of a key or item whose value
    # starts on a later line; an item is placed where its value starts, as PyYAML does
    pending: tuple[int, str, Position | None] | None = None
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
            key_indent, pointer, null_item = pending
            pending = None
            is_seq = stripped.startswith("- ") or stripped.rstrip() == "-"
            nested = indent > key_indent or (is_seq and indent == key_indent and not null_item)
            if nested and null_item:
                positions.setdefault(pointer, Position(lineno, indent + 1))
            if indent > key_indent and not is_seq and not _YAML_KEY.match(stripped):
                skip_deeper_than = key_indent  # a plain scalar starting on the next line
                continue
            if nested:
                stack.append((indent, pointer, is_seq, [0], set()))
            elif null_item:  # an empty item (null): placed just after its dash
                positions.setdefault(pointer, null_item)
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
                    dash = column - (len(rest) - len(after))
                    pending = (indent, pointer, Position(lineno, dash + 2))
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
                pending = (column, pointer, None)
            elif _BLOCK_SCALAR.match(value):
                skip_deeper_than = column
            elif not _flat_value(value, pointer, lineno, value_at, positions):
                return None
            else:
                skip_deeper_than = column
            break
    if pending is not None and pending[2] is not None:  # a last, empty item
        positions.setdefault(pending[1], pending[2])
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


# --------------------------------------------------------------------------- seeking


class _Irregular(Exception):
    """The text is not laid out as the seeker assumes: the caller indexes the whole file."""


@dataclass(slots=True)
class _Container:
    """A mapping or sequence met on the way to a pointer, with its entries found so far.

    ``entries`` holds the offset of each entry's first character (a key, a dash,
    a JSON value); the next one is searched from ``resume``, except the first
    when it shares a line with its parent (``- key: v``), whose offset is ``first``.
    ``flow`` holds the positions of the items of a one-line flow collection.
    """

    node: dict[str, Any] | list[Any]
    indent: int
    resume: int
    first: int | None = None
    entries: list[int] = field(default_factory=list)
    flow: dict[str, Position] | None = None
    #: a mapping's keys in document order, and where each one is in that order
    keys: list[str] | None = None
    _order: dict[str, int] | None = None

    def __post_init__(self) -> None:
        if isinstance(self.node, dict):
            self.keys = list(self.node)

    def index(self, key: str | int) -> int:
        if isinstance(key, int):
            return key
        if self._order is None:
            self._order = {k: i for i, k in enumerate(self.keys or ())}
        return self._order[key]


#: Start of the next line indented at most N spaces that is not blank (by N).
_AT_MOST: dict[int, re.Pattern[str]] = {}
#: The next line with content: not blank, not a comment.
_CONTENT_LINE = re.compile(r"\n( *)(?=[^ \n#])")


def _line_at_most(indent: int) -> re.Pattern[str]:
    found = _AT_MOST.get(indent)
    if found is None:
        found = _AT_MOST[indent] = re.compile(rf"\n {{0,{indent}}}(?=[^ \n])")
    return found


class _Seeker:
    """Answer a few pointers in a big file by reading only the lines on their way.

    In block YAML and in pretty-printed JSON the entries of a collection sit at
    one indentation and everything inside them deeper (or, in JSON, on lines
    that close a bracket), so one regular-expression search, run in C, skips
    from an entry to the next.  Entries found are remembered, so a diff that
    needs 500 pointers reads the file about once.  Every entry is checked
    against the loaded tree (mapping keys in document order), and anything
    unexpected raises :class:`_Irregular`: :meth:`seek` then returns None and
    the caller indexes the whole file, which stays the reference.  Positions are
    the ones the full index gives.
    """

    def __init__(self, document: Document) -> None:
        self._text = document.text
        self._tree = document.root
        self._root: tuple[Position, _Container | None] | None = None
        self._containers: dict[str, _Container] = {}
        self._found: dict[str, Position] = {}
        # (offset, line) pairs already counted, sorted by offset
        self._offsets: list[int] = [0]
        self._lines: list[int] = [1]

    @staticmethod
    def create(document: Document) -> _Seeker | None:
        if document.duplicate_keys or "\r" in document.text:
            return None
        if document.format == "json":
            return _JsonSeeker(document)
        return _YamlSeeker(document)

    def seek(self, pointer: str) -> Position | None:
        """Position of ``pointer``, or of its nearest ancestor in the tree; None: irregular."""
        try:
            return self._seek(pointer)
        except (_Irregular, IndexError, ValueError):
            return None

    def _seek(self, pointer: str) -> Position:
        found = self._found.get(pointer)
        if found is not None:
            return found
        if self._root is None:
            self._root = self._start()
        position, container = self._root
        node: Any = self._tree
        walked = ""
        for raw in pointer.split("/")[1:] if pointer else ():
            key: str | int = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and key in node and escape_pointer(str(key)) == raw:
                child = node[key]
            elif isinstance(node, list) and raw.isdigit() and str(int(raw)) == raw:
                key = int(raw)
                if key >= len(node):
                    break
                child = node[key]
            else:
                break
            if container is None:
                raise _Irregular
            walked = f"{walked}/{raw}"
            position = self._entry_position(container, container.index(key), walked)
            node = child
            if len(pointer) > len(walked):
                container = self._child(container, container.index(key), child, walked)
        return position

    def _entry_position(self, container: _Container, index: int, pointer: str) -> Position:
        found = self._found.get(pointer)
        if found is None:
            if container.flow is not None:
                found = container.flow.get(pointer)
                if found is None:
                    raise _Irregular
            else:
                found = self._position_of(container, index)
            self._found[pointer] = found
        return found

    def _child(
        self, container: _Container, index: int, node: Any, pointer: str
    ) -> _Container | None:
        """The container for entry ``index`` of ``container`` (None for a scalar or ``{}``)."""
        found = self._containers.get(pointer)
        if found is None:
            if not isinstance(node, (dict, list)) or not node:
                return None
            if container.flow is not None:
                raise _Irregular  # a collection inside a flow collection
            found = self._open(container, index, node, pointer)
            self._containers[pointer] = found
        return found

    def _entry(self, container: _Container, index: int) -> int:
        """Offset of entry ``index`` of ``container``, finding the entries before it first."""
        while len(container.entries) <= index:
            if not container.entries and container.first is not None:
                offset = container.first
            else:
                offset = self._next_entry(container)
            container.resume = offset
            self._check_entry(container, len(container.entries), offset)
            container.entries.append(offset)
        return container.entries[index]

    def _line(self, offset: int) -> tuple[str, int]:
        """The text from ``offset`` to the end of its line, and the offset of that end."""
        end = self._text.find("\n", offset)
        end = len(self._text) if end < 0 else end
        return self._text[offset:end], end

    def _line_number(self, offset: int) -> int:
        at = bisect.bisect_right(self._offsets, offset) - 1
        line = self._lines[at] + self._text.count("\n", self._offsets[at], offset)
        if self._offsets[at] != offset:
            self._offsets.insert(at + 1, offset)
            self._lines.insert(at + 1, line)
        return line

    def _column(self, offset: int) -> int:
        """0-based column of ``offset``."""
        return offset - (self._text.rfind("\n", 0, offset) + 1)

    def _at(self, offset: int) -> Position:
        return Position(self._line_number(offset), self._column(offset) + 1)

    # ------------------------------------------------------------- per syntax

    def _start(self) -> tuple[Position, _Container | None]:
        raise NotImplementedError

    def _next_entry(self, container: _Container) -> int:
        raise NotImplementedError

    def _check_entry(self, container: _Container, index: int, offset: int) -> None:
        raise NotImplementedError

    def _position_of(self, container: _Container, index: int) -> Position:
        raise NotImplementedError

    def _open(self, parent: _Container, index: int, node: Any, pointer: str) -> _Container:
        raise NotImplementedError


def _is_dash(text: str) -> bool:
    """A block sequence entry: ``- x`` or a lone ``-``."""
    return text.startswith("- ") or text.rstrip() == "-"


def _yaml_key(match: re.Match[str]) -> str:
    import json

    if match.group(1) is not None:
        key: str = json.loads(f'"{match.group(1)}"')
        return key
    if match.group(2) is not None:
        return match.group(2).replace("''", "'")
    return match.group(3).rstrip()


class _YamlSeeker(_Seeker):
    """Block-style YAML, as :func:`_index_block_yaml` reads it."""

    def _start(self) -> tuple[Position, _Container | None]:
        match = re.compile(r"(?:\A|\n)( *)(?=[^ \n#])").search(self._text)
        if match is None:
            raise _Irregular
        offset = match.end()
        if self._text.startswith(("---", "..."), offset):
            line, end = self._line(offset)
            if line != "---":
                raise _Irregular
            match = _CONTENT_LINE.search(self._text, end)
            if match is None:
                raise _Irregular
            offset = match.end()
        position = self._at(offset)
        if not isinstance(self._tree, (dict, list)) or not self._tree:
            return position, None
        return position, self._block(self._tree, position.column - 1, offset, first=True)

    def _block(self, node: Any, indent: int, offset: int, *, first: bool) -> _Container:
        """A block collection whose first entry is at ``offset``, checked against ``node``."""
        line, _ = self._line(offset)
        if isinstance(node, list) != _is_dash(line):
            raise _Irregular
        if first:
            return _Container(node, indent, offset, first=offset)
        return _Container(node, indent, offset - indent - 1)

    def _next_entry(self, container: _Container) -> int:
        pattern = _line_at_most(container.indent)
        text = self._text
        at = container.resume
        while True:
            match = pattern.search(text, at)
            if match is None:
                raise _Irregular
            offset = match.end()
            at = offset
            if text[offset] == "#":
                continue
            if offset - match.start() - 1 < container.indent:
                raise _Irregular  # the collection ended before this entry
            if isinstance(container.node, dict) and _is_dash(self._line(offset)[0]):
                # a sequence written at its key's indentation: part of the previous value
                keys = container.keys or []
                if not isinstance(container.node[keys[len(container.entries) - 1]], list):
                    raise _Irregular
                continue
            return offset

    def _check_entry(self, container: _Container, index: int, offset: int) -> None:
        line, _ = self._line(offset)
        if isinstance(container.node, list):
            if not _is_dash(line) or index >= len(container.node):
                raise _Irregular
            return
        match = _YAML_KEY.match(line)
        keys = container.keys or []
        if match is None or index >= len(keys) or _yaml_key(match) != keys[index]:
            raise _Irregular

    def _position_of(self, container: _Container, index: int) -> Position:
        offset = self._entry(container, index)
        if isinstance(container.node, dict):
            return self._at(offset)
        rest, end = self._line(offset)
        after = rest[1:].lstrip(" ")
        if after and not after.startswith("#"):
            return Position(
                self._line_number(offset), container.indent + len(rest) - len(after) + 1
            )
        below = self._below(offset, end, is_key=False)
        if below is not None:  # the item starts on a later line
            return self._at(below)
        return Position(self._line_number(offset), container.indent + 2)  # null, after the dash

    def _below(self, offset: int, end: int, *, is_key: bool) -> int | None:
        """Where the value of the entry at ``offset`` starts when it is on a later line.

        That is the next line with content if it is indented more than the key (or
        than the line of an item's dash), or as much for a sequence under a key;
        None when the value is empty.
        """
        below = _CONTENT_LINE.search(self._text, end)
        if below is None:
            return None
        if is_key:
            own = self._column(offset)
        else:
            line = self._text[self._text.rfind("\n", 0, offset) + 1 : offset]
            own = len(line) - len(line.lstrip(" "))
        indent = len(below.group(1))
        if indent > own or (is_key and indent == own and _is_dash(self._line(below.end())[0])):
            return below.end()
        return None

    def _open(self, parent: _Container, index: int, node: Any, pointer: str) -> _Container:
        offset = self._entry(parent, index)
        rest, end = self._line(offset)
        if isinstance(parent.node, dict):
            match = _YAML_KEY.match(rest)
            assert match is not None  # checked when the entry was found
            value, column = rest[match.end() :].rstrip(), parent.indent + match.end()
        else:
            value = rest[1:].lstrip(" ")
            column = parent.indent + len(rest) - len(value)
            value = value.rstrip()
            if value and not value.startswith("#") and (_is_dash(value) or _YAML_KEY.match(value)):
                return self._block(node, column, offset + column - parent.indent, first=True)
        if value and not value.startswith("#"):
            return self._flow(node, value, pointer, offset, column)
        below = self._below(offset, end, is_key=isinstance(parent.node, dict))
        if below is None:
            raise _Irregular
        return self._block(node, self._column(below), below, first=False)

    def _flow(self, node: Any, value: str, pointer: str, offset: int, column: int) -> _Container:
        """A flow collection on one line: its items are placed by :func:`_flat_value`."""
        positions: dict[str, Position] = {}
        if value[0] not in "[{" or not _flat_value(
            value, pointer, self._line_number(offset), column, positions
        ):
            raise _Irregular
        return _Container(node, column, offset, flow=positions)


class _JsonSeeker(_Seeker):
    """Pretty-printed JSON (``json.dumps(indent=N)``), as :func:`_index_pretty_json` reads it."""

    def _start(self) -> tuple[Position, _Container | None]:
        text = self._text
        position = Position(1, 1)
        if not text.startswith(("{\n", "[\n")) or isinstance(self._tree, dict) != (text[0] == "{"):
            raise _Irregular
        if not self._tree:
            return position, None
        return position, self._block(self._tree, 0, 1)

    def _block(self, node: Any, parent_indent: int, newline: int) -> _Container:
        """The collection whose first entry is on the line after offset ``newline``."""
        match = re.compile(r"\n( +)(?=[^ \n\]}])").match(self._text, newline)
        if match is None or len(match.group(1)) <= parent_indent:
            raise _Irregular
        return _Container(node, len(match.group(1)), newline)

    def _next_entry(self, container: _Container) -> int:
        pattern = _line_at_most(container.indent)
        text = self._text
        at = container.resume
        while True:
            match = pattern.search(text, at)
            if match is None or match.end() - match.start() - 1 < container.indent:
                raise _Irregular  # the collection ended before this entry
            at = match.end()
            if text[at] not in "]}":  # a line closing the previous value
                return at

    def _check_entry(self, container: _Container, index: int, offset: int) -> None:
        if container.keys is None:
            if index >= len(container.node):
                raise _Irregular
            return
        keys = container.keys
        key = self._key(offset)
        if key is None or index >= len(keys) or key[0] != keys[index]:
            raise _Irregular

    def _key(self, offset: int) -> tuple[str, str] | None:
        """(key, the rest of the line) of an object member."""
        import json

        line, _ = self._line(offset)
        match = _KEY.match(line)
        if match is None:
            return None
        raw = match.group(1)
        return (json.loads(f'"{raw}"') if "\\" in raw else raw), line[match.end() :]

    def _position_of(self, container: _Container, index: int) -> Position:
        return self._at(self._entry(container, index))

    def _open(self, parent: _Container, index: int, node: Any, pointer: str) -> _Container:
        offset = self._entry(parent, index)
        line, end = self._line(offset)
        if isinstance(parent.node, dict):
            key = self._key(offset)
            assert key is not None  # checked when the entry was found
            line = key[1]
        value = line.rstrip().rstrip(",")
        if value != ("{" if isinstance(node, dict) else "["):
            raise _Irregular  # a collection written on one line: not the pretty form
        return self._block(node, parent.indent, end)
