"""Regeneration: the contract changes (versions/v1 -> v2), the developer's code survives.

v1 -> v2 removes ``listReviews``, adds ``createLoan``, renames the path parameter ``id`` of
``getBook``/``deleteBook`` to ``bookId``, drops ``reason`` from ``deleteBook``, adds an
optional ``language`` to ``listBooks`` and removes the ``Review`` schema.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from apigen import api
from apigen.render.write import MANIFEST

from ..client.tools import mypy_problems
from .service import add_after_imports, implement, imported, serve

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "specs" / "examples" / "versions" / "v1.yaml"
V2 = ROOT / "specs" / "examples" / "versions" / "v2.yaml"
FRAMEWORKS = ("fastapi", "flask")

BOOKS_HEAD = """
from .._generated._runtime import Problem

# the developer's own module-level code
SHELF: dict[int, str] = {}
"""
ANY_BEARER = """
from library._generated._runtime.security import Principal, SecurityHooks
from library._generated._runtime.spec import SchemeSpec


class Security(SecurityHooks):
    def bearer(self, scheme: SchemeSpec, token: str) -> Principal | None:
        return Principal(token)
"""
HELPER = '''

    def describe(self, book_id: int) -> str:
        """A helper of the developer's (no @override): never reported."""
        return SHELF.get(book_id, "unknown")
'''


def generate(spec: Path, out: Path, framework: str, **options: object) -> api.ServerResult:
    return api.generate_server(spec, out, framework=framework, package="library", **options)  # type: ignore[arg-type]


def developer_edits(out: Path) -> None:
    """Implement two v1 handlers, add module code and a helper method, delete a stub."""
    books = out / "library" / "handlers" / "books.py"
    add_after_imports(books, BOOKS_HEAD)
    implement(books, "get_book", '        raise Problem(404, "Not Found", f"no book {id}")')
    implement(books, "list_reviews", "        return []")
    text = books.read_text(encoding="utf-8")
    start = text.index("    @override\n", text.index("def create_book(") - 40)
    end = text.index("raise NotImplementedError\n", start) + len("raise NotImplementedError\n")
    books.write_text(text[:start].rstrip("\n") + "\n" + text[end:] + HELPER, encoding="utf-8")


def read_tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apigen", "generate", "server", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def in_order(old: str, new: str) -> bool:
    remaining = iter(new.splitlines(keepends=True))
    return all(any(line == other for other in remaining) for line in old.splitlines(keepends=True))


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_developer_code_survives_a_contract_change(framework: str, tmp_path: Path) -> None:
    generate(V1, tmp_path, framework)
    developer_edits(tmp_path)
    handlers = tmp_path / "library" / "handlers"
    books_before = (handlers / "books.py").read_text(encoding="utf-8")
    loans_before = (handlers / "loans.py").read_text(encoding="utf-8")
    assert (tmp_path / "library" / "_generated" / "models" / "review.py").exists()

    result = generate(V2, tmp_path, framework)

    books_after = (handlers / "books.py").read_text(encoding="utf-8")
    assert books_after == books_before  # nothing new in books; create_book stays deleted
    loans_after = (handlers / "loans.py").read_text(encoding="utf-8")
    assert loans_after.startswith(loans_before.rstrip("\n"))
    assert in_order(loans_before, loans_after)
    added = loans_after[len(loans_before.rstrip("\n")) :]
    assert "    @override\n" in added and "def create_loan(" in added
    assert added.rstrip().endswith("raise NotImplementedError")
    assert result.plan.patch == {"library/handlers/loans.py": "+1 stub"}
    # the removed operation's handler is named with file and line; the helper is not
    line = 1 + books_after.splitlines().index(
        next(ln for ln in books_after.splitlines() if "def list_reviews(" in ln)
    )
    (orphan,) = result.orphans
    assert orphan.startswith(f"library/handlers/books.py:{line}: BooksHandlers.list_reviews ")
    assert "describe" not in orphan
    # stale generated files go; the manifest no longer lists them
    assert "library/_generated/models/review.py" in result.plan.delete
    assert not (tmp_path / "library" / "_generated" / "models" / "review.py").exists()
    assert "review.py" not in (tmp_path / MANIFEST).read_text(encoding="utf-8")
    # the scaffold is the developer's after the first run
    assert not [p for p in result.plan.create if not p.startswith("library/_generated/")]

    again = generate(V2, tmp_path, framework)
    assert not again.plan.changed and again.orphans == result.orphans


def test_check_and_dry_run_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "svc"
    made = cli(str(V1), "--framework", "flask", "-o", str(out), "--package-name", "library")
    assert made.returncode == 0, made.stderr
    up_to_date = cli(
        str(V1), "--framework", "flask", "-o", str(out), "--package-name", "library", "--check"
    )
    assert up_to_date.returncode == 0, up_to_date.stderr
    assert up_to_date.stdout.strip().endswith("up to date")
    before = read_tree(out)
    stale = cli(
        str(V2), "--framework", "flask", "-o", str(out), "--package-name", "library", "--check"
    )
    assert stale.returncode == 1
    assert "update library/_generated/interface.py" in stale.stdout
    assert "patch  library/handlers/loans.py (+1 stub)" in stale.stdout
    assert stale.stdout.strip().endswith("out of date")
    dry = cli(
        str(V2), "--framework", "flask", "-o", str(out), "--package-name", "library", "--dry-run"
    )
    assert dry.returncode == 0
    assert "delete library/_generated/models/review.py" in dry.stdout
    assert "would change" in dry.stdout
    assert "list_reviews" in dry.stderr  # the orphan is reported even in a dry run
    assert read_tree(out) == before


def test_refuses_foreign_folders_and_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    refused = cli(str(V1), "--framework", "fastapi", "-o", str(tmp_path))
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "--force" in refused.stderr
    forced = cli(str(V1), "--framework", "fastapi", "-o", str(tmp_path), "--force")
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_bad_input_is_one_line_and_non_zero(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\ninfo: [\n", encoding="utf-8")
    for args, code in (
        ((str(broken), "--framework", "flask"), 1),
        ((str(V1), "--framework", "django"), 2),
        ((str(V1), "--framework", "flask", "--package-name", "not-a-name"), 2),
        ((str(tmp_path / "missing.yaml"), "--framework", "flask"), 2),
    ):
        result = cli(*args, "-o", str(tmp_path / "out"))
        assert result.returncode == code, (args, result.stderr)
        assert result.stderr.startswith("apigen: error:") and result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_mypy_names_every_handler_that_no_longer_fits(tmp_path: Path) -> None:
    """v1 with implemented handlers passes mypy --strict; after v2, mypy names each misfit."""
    generate(V1, tmp_path, "fastapi")
    developer_edits(tmp_path)
    assert mypy_problems(["library"], [tmp_path], tmp_path) is None
    generate(V2, tmp_path, "fastapi")
    problems = mypy_problems(["library"], [tmp_path], tmp_path) or ""
    books = [ln for ln in problems.splitlines() if "handlers/books.py" in ln and "error:" in ln]
    named = {
        name
        for name in ("get_book", "list_books", "delete_book", "list_reviews")
        if any(name in ln for ln in books)
    }
    # get_book only renamed its positional path parameter (id -> book_id): not a type error
    assert named == {"list_books", "delete_book", "list_reviews"}, problems
    assert "handlers/loans.py" not in problems, problems


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_renamed_path_parameter_keeps_working(framework: str, tmp_path: Path) -> None:
    generate(V1, tmp_path, framework)
    developer_edits(tmp_path)
    generate(V2, tmp_path, framework)
    (tmp_path / "library" / "security.py").write_text(ANY_BEARER, encoding="utf-8")
    with imported(tmp_path, "library.app") as module, serve(module.app, framework) as url:
        response = httpx.get(f"{url}/books/5", headers={"Authorization": "Bearer t"}, timeout=20)
    assert response.status_code == 404, response.text
    assert response.json()["detail"] == "no book 5"


@pytest.mark.parametrize("formatter", ["none", "black"])
def test_stubs_follow_the_chosen_formatter(formatter: str, tmp_path: Path) -> None:
    generate(V1, tmp_path, "flask", formatter=formatter)
    loans = tmp_path / "library" / "handlers" / "loans.py"
    before = loans.read_text(encoding="utf-8")
    result = generate(V2, tmp_path, "flask", formatter=formatter)
    after = loans.read_text(encoding="utf-8")
    assert result.plan.patch == {"library/handlers/loans.py": "+1 stub"}
    assert after.startswith(before.rstrip("\n")) and "def create_loan(" in after[len(before) :]
    fresh = tmp_path / "fresh"
    generate(V2, fresh, "flask", formatter=formatter)
    new_module = (fresh / "library" / "handlers" / "loans.py").read_text(encoding="utf-8")
    stub = after[after.index("    @override\n    def create_loan(") :]
    assert new_module.endswith(stub)  # an appended stub looks like a freshly generated one
