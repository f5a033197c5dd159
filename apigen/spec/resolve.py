"""Resolve ``$ref``s: find every reference once, load the files they name, and
check each target exists, under a sandbox policy.

Why references are *not* inlined here: circular references are legal, and
inlining would either loop or copy shared schemas many times over.  Instead
the resolved :class:`Spec` answers "what does this ``$ref`` point at" in O(1),
and the IR keeps a reference as a reference (a named model).

The sandbox: a ``$ref`` never reaches the network unless ``allow_remote``, and
never leaves the root spec's folder (``../x.yaml``, ``file:///etc/passwd``)
unless ``allow_outside``.  Refused and dangling refs become diagnostics with
the location of the ``$ref`` itself.
"""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apigen.errors import Diagnostic, Location, Severity, SpecError, escape_pointer
from apigen.spec.load import Document, display_name, load_document, parse_text
from apigen.spec.locate import Locator

__all__ = ["RefPolicy", "RefSite", "Spec", "Target", "load_spec", "unescape_token"]

#: Keys whose values are literal data (examples, defaults...), so a ``$ref``
#: inside them is text, not a reference -- unless the key is a name in a map.
_LITERAL_KEYS = frozenset({"example", "default", "enum", "const", "value"})
#: Mappings whose keys are names chosen by the author, not keywords.
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "definitions",
        "$defs",
        "schemas",
        "parameters",
        "responses",
        "headers",
        "requestBodies",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
        "paths",
        "webhooks",
        "content",
        "encoding",
        "variables",
        "dependentSchemas",
        "mapping",
        "scopes",
        "examples",
    }
)
_SUPPORTED = re.compile(r"^(2\.0|3\.0\.\d+|3\.1\.\d+)$")


@dataclass(frozen=True, slots=True)
class RefPolicy:
    """What ``$ref`` may reach beyond the root spec's own folder."""

    allow_remote: bool = False
    allow_outside: bool = False


@dataclass(frozen=True, slots=True)
class RefSite:
    """A ``$ref`` as written: in which document, at which pointer (of the object holding it)."""

    document: Document
    pointer: str
    ref: str


@dataclass(frozen=True, slots=True)
class Target:
    """What a ``$ref`` points at. ``key`` identifies it across the whole spec."""

    document: Document
    pointer: str
    value: Any

    @property
    def key(self) -> str:
        return self.document.key_prefix + self.pointer


@dataclass(eq=False)
class Spec:
    """A loaded spec with every reference resolved (but not inlined)."""

    root: Document
    version: str
    documents: dict[Path, Document]
    refs: list[RefSite]
    diagnostics: list[Diagnostic]
    _targets: dict[tuple[Path, str], Target | None] = field(default_factory=dict)
    _locators: dict[str, Locator] = field(default_factory=dict)

    @property
    def major(self) -> str:
        """``"2.0"``, ``"3.0"`` or ``"3.1"``."""
        return self.version[:3]

    def resolve(self, ref: str, document: Document) -> Target | None:
        """The target of ``ref`` written in ``document``; None when it does not resolve."""
        return self._targets.get((document.path, ref))

    def deref(self, value: Any, document: Document, pointer: str = "") -> Target:
        """Follow ``$ref`` chains from ``value``; a non-ref value is its own target.

        A chain that loops (``a -> b -> a``) or dangles stops at the last
        object reached, which still carries its ``$ref``: callers treat such an
        object as an unknown value.  Both faults are reported by :func:`load_spec`.
        """
        target = Target(document, pointer, value)
        if type(value) is not dict or "$ref" not in value:
            return target  # the common case, kept cheap: most nodes are not references
        seen: set[tuple[Path, str]] = set()
        while isinstance(target.value, dict) and isinstance(target.value.get("$ref"), str):
            ident = (target.document.path, target.pointer)
            if ident in seen:
                break
            seen.add(ident)
            nxt = self.resolve(target.value["$ref"], target.document)
            if nxt is None:
                break
            target = nxt
        return target

    def follow(self, target: Target) -> Target:
        """:meth:`deref` for a target in hand: the same object when it is not a reference.

        Normalising calls this ~100,000 times on a big spec; most nodes are not
        references, and a new :class:`Target` for each was a tenth of the work.
        """
        value = target.value
        if type(value) is not dict or "$ref" not in value:
            return target
        return self.deref(value, target.document, target.pointer)

    def locate(self, diagnostic: Diagnostic) -> Diagnostic:
        """Fill in line and column of a diagnostic from its file and pointer."""
        loc = diagnostic.location
        if loc.line is not None:
            return diagnostic
        locator = self._locators.get(loc.file)
        if locator is None:
            doc = next((d for d in self.documents.values() if d.name == loc.file), None)
            if doc is None:
                return diagnostic
            locator = self._locators[loc.file] = Locator(doc)
        position = locator.position(loc.pointer)
        if position is None:
            return diagnostic
        return Diagnostic(
            diagnostic.code,
            diagnostic.severity,
            diagnostic.message,
            loc.with_position(position.line, position.column),
            diagnostic.blocking,
        )

    def locator(self, document: Document) -> Locator:
        found = self._locators.get(document.name)
        if found is None:
            found = self._locators[document.name] = Locator(document)
        return found


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def load_spec(path: Path, policy: RefPolicy | None = None) -> Spec:
    """Load the root file, detect the version, and resolve every ``$ref``.

    Raises :class:`SpecError` when the root cannot be used at all (unreadable,
    malformed, not an OpenAPI document, unsupported version).  Problems with
    individual refs are returned as diagnostics on the spec.
    """
    policy = policy or RefPolicy()
    root = load_document(path)
    version = _detect_version(root)
    return _Resolver(root, version, policy).run()


def _detect_version(doc: Document) -> str:
    def fatal(code: str, message: str, pointer: str = "") -> SpecError:
        location = doc.location(pointer)
        position = Locator(doc).position(pointer) if pointer else None
        if position is not None:
            location = location.with_position(position.line, position.column)
        return SpecError([Diagnostic(code, Severity.ERROR, message, location, True)])

    tree = doc.root
    if not isinstance(tree, dict):
        raise fatal("not-openapi", "not an OpenAPI document: the top level is not a mapping")
    if "swagger" in tree:
        raw, pointer = tree["swagger"], "/swagger"
    elif "openapi" in tree:
        raw, pointer = tree["openapi"], "/openapi"
    else:
        raise fatal("not-openapi", "not an OpenAPI document: no 'openapi' or 'swagger' field")
    version = str(raw).strip()
    if _SUPPORTED.match(version):
        return version
    if version.startswith("3.2"):
        raise fatal(
            "unsupported-version",
            f"OpenAPI {version} is not supported yet (supported: 2.0, 3.0.x, 3.1.x)",
            pointer,
        )
    raise fatal(
        "unsupported-version",
        f"unknown OpenAPI version {version!r} (supported: 2.0, 3.0.x, 3.1.x)",
        pointer,
    )


class _Resolver:
    def __init__(self, root: Document, version: str, policy: RefPolicy) -> None:
        self.root = root
        self.version = version
        self.policy = policy
        self.sandbox = root.path.parent
        self.documents: dict[Path, Document] = {root.path: root}
        self.failed: dict[Path, Diagnostic] = {}
        self.refs: list[RefSite] = []
        self.diagnostics: list[Diagnostic] = []
        self.targets: dict[tuple[Path, str], Target | None] = {}
        self.problems: dict[tuple[Path, str], tuple[str, str]] = {}
        self._key: tuple[Path, str] = (root.path, "")

    def run(self) -> Spec:
        pending = [self.root]
        while pending:
            doc = pending.pop()
            for site in _find_refs(doc):
                self.refs.append(site)
                key = (doc.path, site.ref)
                if key in self.targets:
                    if key in self.problems:  # report every site, resolve once
                        self._report(site, *self.problems[key])
                    continue
                self._key = key
                target, loaded = self._resolve(site)
                self.targets[key] = target
                pending.extend(loaded)
        spec = Spec(self.root, self.version, self.documents, self.refs, self.diagnostics)
        spec._targets = self.targets
        return spec

    def _resolve(self, site: RefSite) -> tuple[Target | None, list[Document]]:
        file_part, _, fragment = site.ref.partition("#")
        loaded: list[Document] = []
        if not file_part:
            doc: Document | None = site.document
        else:
            doc, loaded = self._external(site, file_part)
        if doc is None:
            return None, loaded
        fragment = urllib.parse.unquote(fragment)
        if fragment and not fragment.startswith("/"):
            found = _find_anchor(doc, fragment)
            if found is None:
                self._report(site, "unresolved-ref", f"no schema with $anchor {fragment!r}")
            return found, loaded
        value: Any = doc.root
        for token in fragment.split("/")[1:]:
            token = unescape_token(token)
            if isinstance(value, dict) and token in value:
                value = value[token]
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                where = f"{doc.name}#{fragment}" if file_part else f"#{fragment}"
                self._report(
                    site, "unresolved-ref", f"$ref {site.ref!r} points at nothing ({where})"
                )
                return None, loaded
        return Target(doc, fragment, value), loaded

    def _external(self, site: RefSite, file_part: str) -> tuple[Document | None, list[Document]]:
        scheme = urllib.parse.urlsplit(file_part).scheme.lower()
        if scheme in ("http", "https"):
            return self._remote(site, file_part)
        if scheme == "file":
            path = Path(urllib.parse.unquote(urllib.parse.urlsplit(file_part).path))
        elif scheme and len(scheme) > 1:
            self._report(site, "refused-ref", f"$ref scheme {scheme!r} is not supported")
            return None, []
        else:
            path = site.document.path.parent / urllib.parse.unquote(file_part)
        path = path.resolve()
        if not self.policy.allow_outside and not path.is_relative_to(self.sandbox):
            self._report(
                site,
                "refused-ref",
                f"$ref {site.ref!r} leaves the spec's folder; "
                "pass --allow-outside-refs to allow it",
            )
            return None, []
        return self._load(site, path)

    def _load(self, site: RefSite, path: Path) -> tuple[Document | None, list[Document]]:
        if path in self.documents:
            return self.documents[path], []
        if path in self.failed:
            self._report(site, "unresolved-ref", self.failed[path].message)
            return None, []
        if not path.is_file():
            self._report(
                site, "unresolved-ref", f"$ref {site.ref!r}: file not found ({display_name(path)})"
            )
            return None, []
        try:
            doc = load_document(path)
        except SpecError as exc:
            self.diagnostics.extend(exc.diagnostics)
            self.failed[path] = exc.diagnostics[0]
            self._report(site, "unresolved-ref", f"$ref {site.ref!r}: the file cannot be loaded")
            return None, []
        self.documents[path] = doc
        return doc, [doc]

    def _remote(self, site: RefSite, url: str) -> tuple[Document | None, list[Document]]:
        if not self.policy.allow_remote:
            self._report(
                site,
                "refused-ref",
                f"$ref {site.ref!r} reaches the network; pass --allow-remote-refs to allow it",
            )
            return None, []
        key = Path("/__remote__") / urllib.parse.quote(url, safe="")
        if key in self.documents:
            return self.documents[key], []
        try:
            with urllib.request.urlopen(url, timeout=20) as response:  # the user opted in
                text = response.read(50_000_000).decode("utf-8-sig")
            doc = parse_text(text, url, key)
        except (OSError, UnicodeDecodeError, SpecError, ValueError) as exc:
            self._report(site, "unresolved-ref", f"$ref {site.ref!r}: cannot fetch ({exc})")
            return None, []
        self.documents[key] = doc
        return doc, [doc]

    def _report(self, site: RefSite, code: str, message: str) -> None:
        self.problems.setdefault(self._key, (code, message))
        loc = Location(site.document.name, site.pointer + "/$ref")
        # A dangling $ref is typed as "any value" by the generators (with a warning), as
        # peers do; a refused one stays blocking: the user must opt in to what it reaches.
        blocking = code == "refused-ref"
        self.diagnostics.append(Diagnostic(code, Severity.ERROR, message, loc, blocking))


def _find_refs(doc: Document) -> Iterator[RefSite]:
    """Every ``$ref`` in a document, skipping literal data (examples, defaults)."""
    stack: list[tuple[Any, str, bool]] = [(doc.root, "", False)]
    while stack:
        node, pointer, names = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not names:
                yield RefSite(doc, pointer, ref)
            for key, child in node.items():
                if not isinstance(child, (dict, list)):
                    continue
                if not names and (key in _LITERAL_KEYS or key.startswith("x-")):
                    continue
                stack.append(
                    (child, pointer + "/" + escape_pointer(key), not names and key in _NAME_MAPS)
                )
        elif isinstance(node, list):
            for i, child in enumerate(node):
                if isinstance(child, (dict, list)):
                    stack.append((child, f"{pointer}/{i}", False))


def _find_anchor(doc: Document, anchor: str) -> Target | None:
    stack: list[tuple[Any, str]] = [(doc.root, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            if node.get("$anchor") == anchor or node.get("$dynamicAnchor") == anchor:
                return Target(doc, pointer, node)
            stack.extend((v, pointer + "/" + escape_pointer(k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{pointer}/{i}") for i, v in enumerate(node))
    return None
