"""Where the two specs of a diff come from: a file on disk, or a file at a git revision.

``git:REF:PATH`` names PATH as it was at REF in the git repository holding the
current directory: ``git:origin/main:openapi.yaml``, ``git:HEAD~1:specs/api.yaml``,
``git:v1.2.0:./api.yaml``.  PATH is relative to the repository's top level, as in
``git show REF:PATH``; a PATH starting with ``./`` or ``../`` is relative to the
current directory instead.

The folder holding PATH is materialised at REF into a temporary directory with
its layout kept, so relative ``$ref``\\s between files work as they do in a
checkout.  Only spec-like files are written (``.yaml``, ``.yml``, ``.json``, and
PATH itself); with ``--allow-outside-refs`` the whole tree at REF is written, not
only PATH's folder.  Git runs with argument lists, never through a shell, and
reads objects with ``git ls-tree`` and ``git cat-file``: no attributes
(``export-ignore``, ``export-subst``) change what is read.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from apigen.errors import UsageError
from apigen.spec.load import display_name

__all__ = ["GIT_PREFIX", "SpecSource", "is_git_source", "open_source"]

GIT_PREFIX = "git:"
#: File names written when materialising a folder (besides the root spec itself).
SPEC_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class SpecSource:
    """A spec ready to load: its local root ``path`` and the ``name`` to show for it.

    ``rename`` maps the names the loader gives files inside a temporary
    directory back to the names of the same files in the repository, so that
    reports point at ``specs/api.yaml`` rather than at a deleted temp file.
    """

    path: Path
    name: str
    #: True when the files are a snapshot of a git revision, not the working tree
    from_git: bool = False
    _tmp_prefix: str | None = field(default=None, repr=False)
    #: the repository's top level and the directory names are given relative to
    _top: Path | None = field(default=None, repr=False)
    _cwd: Path | None = field(default=None, repr=False)

    def display_file(self, file: str) -> str:
        """The name to report for a file of this spec, as the loader named it."""
        if self._tmp_prefix is None or self._top is None or self._cwd is None:
            return file
        for prefix in (self._tmp_prefix, os.path.realpath(self._tmp_prefix)):
            if file.startswith(prefix + os.sep):
                in_repo = self._top / file[len(prefix) + 1 :]
                return os.path.relpath(in_repo, self._cwd).replace(os.sep, "/")
        return file

    def display_text(self, text: str) -> str:
        """Replace temporary-directory paths anywhere in a message."""
        if self._tmp_prefix is None or self._top is None or self._cwd is None:
            return text
        top = os.path.relpath(self._top, self._cwd).replace(os.sep, "/")
        replacement = "" if top == "." else top + "/"
        for prefix in (os.path.realpath(self._tmp_prefix), self._tmp_prefix):
            text = text.replace(prefix + os.sep, replacement)
        return text


def is_git_source(arg: str) -> bool:
    return arg.startswith(GIT_PREFIX)


@contextmanager
def open_source(arg: str, role: str, *, whole_tree: bool = False) -> Iterator[SpecSource]:
    """Turn a command-line argument into a local spec; temporary files go on exit.

    ``role`` ("base" or "revision") names the argument in error messages.
    Raises :class:`UsageError` (exit 2) for a missing file, a bad git ref, a
    path not present at that ref, or a current directory outside any git repo.
    """
    if not is_git_source(arg):
        path = Path(arg)
        if not path.exists():
            raise UsageError(f"{role} spec not found: {arg}")
        if not path.is_file():
            raise UsageError(f"{role} spec is not a file: {arg}")
        yield SpecSource(path, arg)
        return
    ref, _, spec_path = arg[len(GIT_PREFIX) :].partition(":")
    if not ref or not spec_path:
        raise UsageError(f"{role} {arg}: expected git:REF:PATH, e.g. git:origin/main:openapi.yaml")
    if ref.startswith("-"):
        raise UsageError(f"{role} {arg}: a git ref cannot start with '-'")
    repo = _Git(arg, role)
    rel = repo.repo_path(spec_path)
    commit = repo.commit(ref)
    repo.require_blob(commit, ref, rel)
    folder = "" if whole_tree else posixpath.dirname(rel)
    with tempfile.TemporaryDirectory(prefix="apigen-diff-") as tmp:
        repo.materialise(commit, folder, rel, Path(tmp))
        yield SpecSource(
            Path(tmp, *rel.split("/")),
            arg,
            from_git=True,
            _tmp_prefix=display_name(Path(tmp).resolve()),
            _top=repo.top,
            _cwd=Path.cwd().resolve(),
        )


class _Git:
    """The repository holding the current directory, driven by argument lists only."""

    def __init__(self, arg: str, role: str) -> None:
        self.arg = arg
        self.role = role
        out = self._run(["rev-parse", "--show-toplevel", "--show-prefix"], cwd=Path.cwd())
        if out is None:
            raise self.error("the current directory is not inside a git repository")
        lines = out.decode("utf-8", "surrogateescape").splitlines()
        self.top = Path(lines[0]).resolve()
        self.prefix = lines[1] if len(lines) > 1 else ""

    def error(self, message: str) -> UsageError:
        return UsageError(f"{self.role} {self.arg}: {message}")

    def _run(self, args: list[str], *, cwd: Path | None = None, stdin: bytes = b"") -> bytes | None:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=cwd or self.top,
                input=stdin,
                capture_output=True,
                check=False,
            )
        except FileNotFoundError:
            raise self.error("git is not installed (or not on PATH)") from None
        return done.stdout if done.returncode == 0 else None

    def repo_path(self, spec_path: str) -> str:
        """PATH relative to the top level: as given, or from the cwd for ./ and ../."""
        path = spec_path.replace("\\", "/")
        if path.startswith(("./", "../")) or path in (".", ".."):
            path = posixpath.join(self.prefix, path)
        path = posixpath.normpath(path.lstrip("/"))
        if path == "." or path.startswith("../"):
            raise self.error("the path is outside the repository")
        return path

    def commit(self, ref: str) -> str:
        out = self._run(["rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"])
        if not out:
            raise self.error(f"unknown git revision {ref!r}")
        return out.decode().strip()

    def require_blob(self, commit: str, ref: str, rel: str) -> None:
        out = self._run(["cat-file", "-t", f"{commit}:{rel}"])
        if out is None:
            raise self.error(f"{rel!r} does not exist at {ref}")
        if out.strip() != b"blob":
            raise self.error(f"{rel!r} is not a file at {ref}")

    def materialise(self, commit: str, folder: str, root: str, dest: Path) -> None:
        args = ["ls-tree", "-r", "-z", "--full-tree", commit]
        if folder:
            args += ["--", folder + "/"]
        listing = self._run(args)
        if listing is None:
            raise self.error(f"cannot list {folder or 'the tree'!r} at that revision")
        wanted: list[tuple[str, str]] = []  # (object id, path)
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, name_bytes = entry.partition(b"\t")
            mode, kind, oid = meta.decode().split()
            name = name_bytes.decode("utf-8", "surrogateescape")
            # Regular files only: no symlinks (120000), no submodules (commit entries).
            if kind != "blob" or mode not in ("100644", "100755"):
                continue
            if name == root or name.lower().endswith(SPEC_SUFFIXES):
                wanted.append((oid, name))
        if not wanted:
            return
        batch = self._run(
            ["cat-file", "--batch"], stdin="".join(f"{o}\n" for o, _ in wanted).encode()
        )
        if batch is None:
            raise self.error("cannot read files at that revision")
        pos = 0
        for _oid, name in wanted:
            header_end = batch.index(b"\n", pos)
            size = int(batch[pos:header_end].split()[2])
            body = batch[header_end + 1 : header_end + 1 + size]
            pos = header_end + 1 + size + 1
            target = dest.joinpath(*name.split("/"))
            # Paths come from git's own tree, but never write outside dest all the same.
            if not target.resolve().is_relative_to(dest.resolve()):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
