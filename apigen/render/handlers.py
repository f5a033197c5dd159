"""Regenerating into the developer's handler modules: append stubs, report orphans, no more.

A handler module (``P/handlers/<module>.py``) is created once and belongs to the developer
from then on.  When the contract changes, this module works out, without touching
anything itself:

- which modules are new (created whole);
- which operations are new for an existing module: a stub for each is *inserted* after
  the last line of the handler class, plus any import line the stubs need after the last
  import; every existing byte stays as it was (checked: the old text must be a
  subsequence of lines of the new one);
- which methods belong to operations that were removed (defined with ``@override`` or
  listed in the previous interface, and gone from the new one): reported with file and
  line, never deleted.

"New" means absent from the previous ``_generated/interface.py`` (what the last run
generated) and not defined in the class: a method the developer deleted on purpose (to
implement it in a mixin, say) does not come back.  A module that cannot be parsed, or
whose class is missing, is left alone with a note.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from apigen.render.server import HandlerModule
from apigen.render.write import Patch

__all__ = [
    "HandlerPlan",
    "Orphan",
    "append_stubs",
    "plan_handlers",
    "previous_interface",
]

_BASE_SUFFIX = "HandlersBase"


@dataclass(frozen=True)
class Orphan:
    """A handler method whose operation is no longer in the contract."""

    path: str
    line: int
    class_name: str
    method: str

    def message(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.class_name}.{self.method} handles an operation "
            "that is no longer in the contract; remove it (or drop @override to keep it "
            "as a helper)"
        )


@dataclass
class HandlerPlan:
    create: dict[str, str] = field(default_factory=dict)
    patches: dict[str, Patch] = field(default_factory=dict)
    orphans: list[Orphan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # modules that could not be patched


def previous_interface(text: str | None) -> dict[str, set[str]]:
    """Base class name -> method names, from the previous run's ``interface.py``."""
    if text is None:
        return {}
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {}
    return {
        node.name: _methods(node)
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name.endswith(_BASE_SUFFIX)
    }


def plan_handlers(
    out_dir: Path,
    package: str,
    modules: Mapping[str, HandlerModule],
    previous: Mapping[str, set[str]],
) -> HandlerPlan:
    """What to create, patch and report in ``out_dir/<package>/handlers``."""
    plan = HandlerPlan()
    for path, module in modules.items():
        target = out_dir / path
        if not target.exists():
            plan.create[path] = module.text
            continue
        _plan_module(plan, path, _read(target, path, plan), module, previous)
    current = {m.group.base_name for m in modules.values()}
    folder = out_dir / package / "handlers"
    for file in sorted(folder.glob("*.py")) if folder.is_dir() else ():
        rel = f"{package}/handlers/{file.name}"
        if rel not in modules:
            _orphaned_module(plan, rel, file, current, previous)
    return plan


def _read(target: Path, path: str, plan: HandlerPlan) -> str | None:
    try:
        with target.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        plan.notes.append(f"{path}: cannot read it ({exc}); left unchanged")
        return None


def _plan_module(
    plan: HandlerPlan,
    path: str,
    text: str | None,
    module: HandlerModule,
    previous: Mapping[str, set[str]],
) -> None:
    if text is None:
        return
    group = module.group
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        plan.notes.append(f"{path}:{line or 1}: cannot parse it ({exc}); left unchanged")
        return
    cls = _find_class(tree, group.class_name)
    wanted = [op.handler for op in group.operations]
    if cls is None:
        plan.notes.append(
            f"{path}: no class {group.class_name}; stubs not added for: {', '.join(wanted)}"
        )
        return
    defined = _methods(cls)
    before = previous.get(group.base_name, set())
    new = [name for name in wanted if name not in before and name not in defined]
    for node in _method_nodes(cls):
        if node.name not in wanted and (node.name in before or _overrides(node)):
            plan.orphans.append(Orphan(path, node.lineno, cls.name, node.name))
    if not new:
        return
    patched = append_stubs(text, tree, cls, [module.stubs[n] for n in new], module.imports_for(new))
    if isinstance(patched, _Refusal):
        plan.notes.append(f"{path}: {patched.reason}; stubs not added for: {', '.join(new)}")
        return
    count = f"+{len(new)} stub{'s' if len(new) > 1 else ''}"
    plan.patches[path] = Patch(text, patched, count)


def _orphaned_module(
    plan: HandlerPlan,
    rel: str,
    file: Path,
    current: set[str],
    previous: Mapping[str, set[str]],
) -> None:
    """A handler module no group generates any more: its handlers all lost their operation."""
    text = _read(file, rel, plan)
    if text is None:
        return
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        bases = {_name(b) for b in cls.bases} - {None}
        stale = {b for b in bases if b is not None and b.endswith(_BASE_SUFFIX)} - current
        if not stale:
            continue
        before = set().union(*(previous.get(b, set()) for b in stale))
        for node in _method_nodes(cls):
            if node.name in before or _overrides(node):
                plan.orphans.append(Orphan(rel, node.lineno, cls.name, node.name))


# ---------------------------------------------------------------------- the insertion


@dataclass(frozen=True)
class _Refusal:
    reason: str


def append_stubs(
    text: str,
    tree: ast.Module,
    cls: ast.ClassDef,
    stubs: list[str],
    imports: Mapping[str, str],
) -> str | _Refusal:
    """``text`` with ``stubs`` inserted after the last line of ``cls`` and the import lines
    for names the module does not bind yet inserted after its last import.

    Stubs arrive formatted with four-space indentation; they are re-indented to the class
    body's indentation and written with the file's line endings.
    """
    if not cls.body or cls.body[0].lineno == cls.lineno or cls.end_lineno is None:
        return _Refusal(f"class {cls.name} has its body on the class line")
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    first = lines[cls.body[0].lineno - 1]
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    if not indent:
        return _Refusal(f"cannot tell the indentation of class {cls.name}")
    block = "".join(newline + _reindent(stub, indent, newline) for stub in stubs)
    insertions = {cls.end_lineno: block}
    missing = [line for name, line in imports.items() if name not in _bound(tree)]
    if missing:
        after = _import_anchor(tree)
        insertions[after] = insertions.get(after, "") + "".join(
            line + newline for line in dict.fromkeys(missing)
        )
    out = [insertions.get(0, "")]  # keyed by the line number they follow (0: the top)
    for number, line in enumerate(lines, start=1):
        if number in insertions and not line.endswith(("\n", "\r")):
            line += newline  # the last line had no line break: add one, change nothing else
        out.append(line)
        out.append(insertions.get(number, ""))
    patched = "".join(out)
    return (
        patched
        if _preserved(text, patched, cls.name, len(stubs))
        else _Refusal("the result would not parse")
    )


def _reindent(stub: str, indent: str, newline: str) -> str:
    out = []
    for line in stub.splitlines():
        spaces = len(line) - len(line.lstrip(" "))
        out.append(indent * (spaces // 4) + " " * (spaces % 4) + line[spaces:] if line else "")
    return newline.join(out) + newline


def _import_anchor(tree: ast.Module) -> int:
    """The line after which new imports go: the last top-level import, else the docstring."""
    last = 0
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and node.end_lineno is not None:
            last = node.end_lineno
    if last:
        return last
    first = tree.body[0] if tree.body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
        and first.end_lineno is not None
    ):
        return first.end_lineno
    return 0


def _preserved(old: str, new: str, class_name: str, added: int) -> bool:
    """The new text parses, has ``added`` more methods, and keeps every old line in order."""
    try:
        tree = ast.parse(new)
    except (SyntaxError, ValueError):
        return False
    cls = _find_class(tree, class_name)
    if cls is None:
        return False
    old_cls = _find_class(ast.parse(old), class_name)
    if old_cls is None or len(_method_nodes(cls)) != len(_method_nodes(old_cls)) + added:
        return False
    remaining = iter(new.splitlines())
    return all(any(line == candidate for candidate in remaining) for line in old.splitlines())


# ---------------------------------------------------------------------- ast helpers


def _find_class(tree: ast.Module, name: str) -> ast.ClassDef | None:
    return next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name), None)


def _method_nodes(cls: ast.ClassDef) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _methods(cls: ast.ClassDef) -> set[str]:
    """Names the class body defines: methods and assigned attributes."""
    names = {n.name for n in _method_nodes(cls)}
    for node in cls.body:
        if isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _overrides(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(_name(d) == "override" for d in node.decorator_list)


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _bound(tree: ast.Module) -> set[str]:
    """Names the module binds at the top level (imports, definitions, assignments)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names |= {a.asname or a.name for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names
