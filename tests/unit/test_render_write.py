"""The writer: manifest-guarded, never touches what it did not write."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from apigen.errors import ApigenError, UsageError
from apigen.render.env import docstring, identifier, py_literal
from apigen.render.write import MANIFEST, plan_tree, write_tree


def test_first_write_then_update_and_stale_delete(tmp_path: Path) -> None:
    out = tmp_path / "out"
    plan = write_tree(out, {"pkg/a.py": "A = 1\n", "pkg/b.py": "B = 1\n"})
    assert plan.create == ["pkg/a.py", "pkg/b.py"]
    assert json.loads((out / MANIFEST).read_text())["files"].keys() == {"pkg/a.py", "pkg/b.py"}
    plan = write_tree(out, {"pkg/a.py": "A = 2\n"})
    assert (plan.update, plan.delete) == (["pkg/a.py"], ["pkg/b.py"])
    assert not (out / "pkg/b.py").exists() and (out / "pkg/a.py").read_text() == "A = 2\n"
    assert not write_tree(out, {"pkg/a.py": "A = 2\n"}).changed


def test_user_files_are_never_touched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"gen.py": "x = 1\n"})
    (out / "mine.py").write_text("# mine\n")
    with pytest.raises(ApigenError, match=r"did not generate: mine\.py"):
        write_tree(out, {"gen.py": "x = 1\n", "mine.py": "overwritten\n"})
    assert (out / "mine.py").read_text() == "# mine\n"
    write_tree(out, {"gen.py": "x = 2\n"})
    assert (out / "mine.py").exists()


def test_edited_stale_file_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.py": "a\n", "b.py": "b\n"})
    (out / "b.py").write_text("b edited\n")
    plan = write_tree(out, {"a.py": "a\n"})
    assert plan.kept == ["b.py"] and (out / "b.py").read_text() == "b edited\n"


def test_non_empty_folder_needs_force(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(UsageError, match="--force"):
        write_tree(tmp_path, {"a.py": "a\n"})
    write_tree(tmp_path, {"a.py": "a\n"}, force=True)
    assert (tmp_path / "notes.txt").read_text() == "hello"


def test_once_files_are_created_but_never_rewritten(tmp_path: Path) -> None:
    write_tree(tmp_path / "o", {"g.py": "g\n"}, {"handlers.py": "stub\n"})
    (tmp_path / "o" / "handlers.py").write_text("my code\n")
    plan = write_tree(tmp_path / "o", {"g.py": "g\n"}, {"handlers.py": "new stub\n"})
    assert not plan.changed and (tmp_path / "o" / "handlers.py").read_text() == "my code\n"


@pytest.mark.parametrize("bad", ["../escape.py", "/etc/passwd", "a/../../b.py"])
def test_paths_stay_inside(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ApigenError, match="outside"):
        write_tree(tmp_path / "o", {bad: "x"})


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    plan = plan_tree(tmp_path / "o", {"a.py": "a\n"})
    assert plan.create == ["a.py"] and not (tmp_path / "o").exists()
    assert write_tree(tmp_path / "o", {"a.py": "a\n"}, dry_run=True).lines() == ["create a.py"]
    assert not (tmp_path / "o").exists()


HOSTILE = ['"""; import os; os.system("x"); """', "\\", 'ends with "', "\x00\x1b[2J", "é ünï"]


@pytest.mark.parametrize("text", HOSTILE)
def test_literals_and_docstrings_stay_inert(text: str) -> None:
    source = f'def f():\n    """{docstring(text)}"""\n    return {py_literal(text)}\n'
    tree = ast.parse(source)
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef) and len(func.body) == 2
    namespace: dict[str, object] = {}
    exec(compile(tree, "<test>", "exec"), namespace)
    assert namespace["f"]() == text  # type: ignore[operator]


def test_docstring_blank_lines_carry_no_indentation() -> None:
    """Whitespace-only lines are lint errors (W293) the formatter leaves in some docstrings."""
    text = docstring("First.\n\nSecond, ending with a backslash \\\n\n  indented", indent=8)
    assert text.split("\n") == [
        "First.",
        "",
        "        Second, ending with a backslash \\\\",
        "",
        "          indented",
    ]


def test_py_literal_json_values() -> None:
    value = {"a": [1, 2.5, None, True, "x"], "b": {"c": float("inf")}}
    assert eval(py_literal(value)) == value


@pytest.mark.parametrize("bad", ["class", "a-b", "__import__('os')", ""])
def test_identifier_refuses(bad: str) -> None:
    with pytest.raises(ValueError):
        identifier(bad)


def test_many_files_are_written_in_threads_completely(tmp_path: Path) -> None:
    files = {f"pkg/sub{i % 7}/m{i}.py": f"value = {i}\n" for i in range(500)}
    plan = write_tree(tmp_path / "o", files)
    assert len(plan.create) == 500
    written = {
        p.relative_to(tmp_path / "o").as_posix(): p.read_text(encoding="utf-8")
        for p in (tmp_path / "o").rglob("*.py")
    }
    assert written == files
    changed = {**files, "pkg/sub3/m3.py": "value = -3\n"}
    assert write_tree(tmp_path / "o", changed).update == ["pkg/sub3/m3.py"]
    assert (tmp_path / "o/pkg/sub3/m3.py").read_text(encoding="utf-8") == "value = -3\n"


def test_a_file_that_appears_while_writing_stops_the_write(tmp_path: Path) -> None:
    from apigen.render import write

    items = [(tmp_path / f"f{i}.py", "x\n") for i in range(100)]
    (tmp_path / "f57.py").write_text("mine\n", encoding="utf-8")
    with pytest.raises(ApigenError, match="appeared while apigen was writing"):
        write._each(write._create, items)
    assert (tmp_path / "f57.py").read_text(encoding="utf-8") == "mine\n"
