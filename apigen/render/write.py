"""The only stage that touches disk: write a rendered tree, safely and completely.

Rendering happens in memory first, so a failure never leaves half a tree.
A manifest (``.apigen-manifest.json``) records every file apigen wrote with
its hash; that is what lets a rerun update only what changed, delete files
that are no longer generated, and refuse to touch anything else:

- a folder with files but no manifest is refused unless ``force``;
- a file apigen did not write is never overwritten or deleted;
- a generated file the user edited is not deleted when it goes stale;
- ``once`` files (scaffolds the developer owns) are created when missing,
  never rewritten, never recorded;
- ``patches`` change a file the developer owns by insertion only (stubs appended
  to a handler class): applied only if the file still holds the text the patch was
  computed from, never recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from apigen.errors import ApigenError, UsageError

__all__ = ["MANIFEST", "Patch", "Plan", "plan_tree", "write_tree"]

MANIFEST = ".apigen-manifest.json"


@dataclass(frozen=True)
class Patch:
    """New text for a developer's file: ``base`` is the text it was computed from."""

    base: str
    text: str
    note: str  # what changes, for the plan: "+2 stubs"


@dataclass
class Plan:
    """What a write would do, by relative path."""

    create: list[str] = field(default_factory=list)
    update: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # stale but edited by the user: left alone
    patch: dict[str, str] = field(default_factory=dict)  # developer's file -> what is inserted

    @property
    def changed(self) -> bool:
        return bool(self.create or self.update or self.delete or self.patch)

    @property
    def changed_count(self) -> int:
        return len(self.create) + len(self.update) + len(self.delete) + len(self.patch)

    def lines(self, prefix: str = "", *, summarise_over: int | None = None) -> list[str]:
        """One line per file, each path after ``prefix``.

        With ``summarise_over``, more created/updated files than that are counted per folder
        instead (GitHub's client creates ~1,500); deletions, patches and kept files are
        always listed: they touch the developer's tree.
        """
        if summarise_over is not None and len(self.create) + len(self.update) > summarise_over:
            lines = _per_folder("create", self.create, prefix)
            lines += _per_folder("update", self.update, prefix)
        else:
            lines = [f"create {prefix}{p}" for p in self.create]
            lines += [f"update {prefix}{p}" for p in self.update]
        return (
            lines
            + [f"patch  {prefix}{p} ({note})" for p, note in self.patch.items()]
            + [f"delete {prefix}{p}" for p in self.delete]
            + [f"keep   {prefix}{p} (edited by hand, no longer generated)" for p in self.kept]
        )


def _per_folder(verb: str, paths: list[str], prefix: str) -> list[str]:
    counts: dict[str, int] = {}
    for path in paths:
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        counts[folder] = counts.get(folder, 0) + 1
    return [
        f"{verb} {n} file(s) in {prefix + folder or '.'}" for folder, n in sorted(counts.items())
    ]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_path(rel: str) -> None:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not rel or rel.startswith("./"):
        raise ApigenError(f"refusing to write outside the output folder: {rel!r}")


def _read_manifest(out_dir: Path) -> dict[str, str] | None:
    path = out_dir / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        assert isinstance(files, dict)
        return {str(k): str(v) for k, v in files.items()}
    except (ValueError, KeyError, AssertionError) as exc:
        raise ApigenError(f"{path}: not a valid apigen manifest ({exc})") from None


def plan_tree(
    out_dir: Path,
    files: Mapping[str, str],
    once: Mapping[str, str] | None = None,
    *,
    force: bool = False,
    patches: Mapping[str, Patch] | None = None,
) -> Plan:
    """Work out the changes without writing; raises on anything unsafe."""
    once = once or {}
    patches = patches or {}
    for rel in (*files, *once, *patches):
        _check_path(rel)
    manifest = _read_manifest(out_dir)
    if manifest is None:
        if out_dir.exists() and any(out_dir.iterdir()) and not force:
            raise UsageError(
                f"{out_dir} is not empty and was not generated by apigen "
                "(no manifest); pass --force to write into it"
            )
        manifest = {}
    plan = Plan()
    foreign = []
    for rel, text in sorted(files.items()):
        target = out_dir / rel
        if rel not in manifest:
            if target.exists():
                foreign.append(rel)
            else:
                plan.create.append(rel)
        elif not target.exists() or target.read_text(encoding="utf-8") != text:
            plan.update.append(rel)
        else:
            plan.unchanged.append(rel)
    if foreign:
        raise ApigenError(
            "refusing to overwrite files apigen did not generate: "
            + ", ".join(foreign[:5])
            + (" ..." if len(foreign) > 5 else "")
        )
    for rel in sorted(once):
        if not (out_dir / rel).exists():
            plan.create.append(rel)
    for rel, patch in sorted(patches.items()):
        if rel in files or rel in manifest:
            raise ApigenError(f"refusing to patch a generated file: {rel!r}")
        if patch.text != patch.base:
            plan.patch[rel] = patch.note
    for rel, digest in sorted(manifest.items()):
        if rel in files:
            continue
        target = out_dir / rel
        if not target.exists():
            continue
        if _digest(target.read_text(encoding="utf-8")) == digest:
            plan.delete.append(rel)
        else:
            plan.kept.append(rel)
    return plan


def write_tree(
    out_dir: Path,
    files: Mapping[str, str],
    once: Mapping[str, str] | None = None,
    *,
    force: bool = False,
    dry_run: bool = False,
    patches: Mapping[str, Patch] | None = None,
) -> Plan:
    """Apply the plan: each file replaced atomically, the manifest written last."""
    once = once or {}
    patches = patches or {}
    plan = plan_tree(out_dir, files, once, force=force, patches=patches)
    if dry_run:
        return plan
    for rel in plan.patch:
        _apply_patch(out_dir / rel, patches[rel])
    for folder in sorted({(out_dir / rel).parent for rel in (*plan.create, *plan.update)}):
        folder.mkdir(parents=True, exist_ok=True)
    texts = {**once, **files}
    _each(_create, [(out_dir / rel, texts[rel]) for rel in plan.create])
    _each(_atomic_write, [(out_dir / rel, texts[rel]) for rel in plan.update])
    for rel in plan.delete:
        (out_dir / rel).unlink()
        _prune_empty(out_dir, (out_dir / rel).parent)
    manifest = {
        "generator": "apigen",
        "files": {rel: _digest(text) for rel, text in sorted(files.items())},
    }
    _atomic_write(out_dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return plan


def _apply_patch(path: Path, patch: Patch) -> None:
    """Replace a developer's file with its patched text, if nobody changed it meanwhile."""
    with path.open(encoding="utf-8", newline="") as handle:
        current = handle.read()
    if current != patch.base:
        raise ApigenError(f"{path} changed while apigen was generating; run it again")
    mode = path.stat().st_mode & 0o7777
    _atomic_write(path, patch.text)
    path.chmod(mode)  # the developer's file keeps its permissions


#: Threads that write files.  Creating a file waits on the file system's journal (0.04 ms
#: to over 0.5 ms a file on this project's ext4 disk, depending on what else it serves),
#: not on Python; threads overlap those waits when the disk serves others (GitHub's 1,550
#: files 0.68 s -> 0.30 s), and cost nothing measurable when it does not (1,127 files in
#: one folder right after deleting as many: 0.31-0.63 s in one thread, 0.31-0.66 s in 8).
_WRITERS = 8


def _each(write: Callable[[Path, str], None], items: list[tuple[Path, str]]) -> None:
    """``write`` every (path, text); in threads when there are many.  The first error is
    raised once all writes are done (the manifest is not written then, as on any error)."""
    if len(items) < 64:
        for path, text in items:
            write(path, text)
        return
    with ThreadPoolExecutor(_WRITERS) as pool:
        for _ in pool.map(lambda item: write(*item), items):
            pass


def _create(path: Path, text: str) -> None:
    """Write a file that does not exist yet, and never one that appeared meanwhile.

    No temporary file and rename as for updates: there is no previous content to keep
    whole, and a file left half-written by a crash is as foreign to the next run as a
    whole one (it is not in the manifest, which is written last).  Folders are made
    beforehand, once each.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise ApigenError(f"{path} appeared while apigen was writing; run it again") from None
    try:
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(fd, data) :]
    finally:
        os.close(fd)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune_empty(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
