"""Appending stubs to a developer's handler module: insertions only, in the file's own style."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from apigen.render.handlers import append_stubs, previous_interface

STUB = '''    @override
    async def added(self, *, when: _dt.date, ctx: RequestContext) -> models.Pet | Reply:
        """GET /added"""
        raise NotImplementedError
'''
IMPORTS = {
    "_dt": "import datetime as _dt",
    "override": "from typing_extensions import override",
    "models": "from .._generated import models",
}


def patch(text: str, stubs: list[str] | None = None, imports: dict[str, str] | None = None) -> str:
    tree = ast.parse(text)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    result = append_stubs(text, tree, cls, stubs or [STUB], IMPORTS if imports is None else imports)
    assert isinstance(result, str), result
    return result


def inserted_only(old: str, new: str) -> bool:
    """Every line of ``old`` is in ``new``, in order, byte for byte."""
    remaining = iter(new.splitlines(keepends=True))
    return all(any(line == other for other in remaining) for line in old.splitlines(keepends=True))


USER = '''"""My pets."""

from __future__ import annotations

from typing_extensions import override

from .._generated import models
from .._generated.interface import PetsHandlersBase

DB: dict[int, str] = {}


class PetsHandlers(PetsHandlersBase):
    """Mine."""

    @override
    async def get(self, pet_id: int, *, ctx: RequestContext) -> models.Pet | Reply:
        return models.Pet(name=DB[pet_id])  # my code

    # a trailing comment inside the class


def helper() -> None:
    pass
'''


def test_stub_goes_after_the_class_and_imports_after_the_last_import() -> None:
    new = patch(USER)
    assert inserted_only(USER, new)
    lines = new.splitlines()
    assert (
        lines.index("import datetime as _dt")
        == lines.index("from .._generated.interface import PetsHandlersBase") + 1
    )
    cls = next(n for n in ast.parse(new).body if isinstance(n, ast.ClassDef))
    assert [m.name for m in cls.body if isinstance(m, ast.AsyncFunctionDef)] == ["get", "added"]
    # names the module already binds are not imported again
    assert new.count("from typing_extensions import override") == 1
    assert new.count("from .._generated import models") == 1
    assert new.index("async def added") < new.index("def helper")


def test_crlf_and_tab_indented_files_keep_their_style() -> None:
    text = "class PetsHandlers(Base):\r\n\tdef get(self) -> None:\r\n\t\tpass\r\n"
    new = patch(text, imports={})
    assert inserted_only(text, new)
    assert "\n" not in new.replace("\r\n", "")
    assert "\r\n\t@override\r\n\tasync def added(self, *, when" in new
    assert '\r\n\t\t"""GET /added"""\r\n\t\traise NotImplementedError\r\n' in new
    ast.parse(new)


def test_two_space_indent_and_a_last_line_without_newline() -> None:
    text = "class PetsHandlers(Base):\n  x = 1"
    new = patch(text, imports={})
    assert new.startswith("class PetsHandlers(Base):\n  x = 1\n\n  @override\n  async def added(")
    assert "\n    raise NotImplementedError\n" in new
    ast.parse(new)


def test_module_without_imports_gets_them_after_its_docstring() -> None:
    text = '"""Doc\nstring."""\n\n\nclass PetsHandlers:\n    pass\n'
    new = patch(text, imports={"_dt": "import datetime as _dt"})
    assert new.startswith('"""Doc\nstring."""\nimport datetime as _dt\n\n\nclass PetsHandlers:')
    assert inserted_only(text, new)


def test_class_on_one_line_is_refused() -> None:
    text = "class PetsHandlers(Base): pass\n"
    tree = ast.parse(text)
    cls = tree.body[0]
    assert isinstance(cls, ast.ClassDef)
    result = append_stubs(text, tree, cls, [STUB], {})
    assert not isinstance(result, str)
    assert "class line" in result.reason


def test_previous_interface_lists_methods_per_base_class(tmp_path: Path) -> None:
    text = (
        "class PetsHandlersBase:\n    async def a(self) -> None: ...\n"
        "    def b(self) -> None: ...\n"
        "class Other:\n    def c(self) -> None: ...\n"
    )
    assert previous_interface(text) == {"PetsHandlersBase": {"a", "b"}}
    assert previous_interface(None) == {}
    assert previous_interface("class (") == {}


@pytest.mark.parametrize("count", [1, 3])
def test_several_stubs_are_separated_by_one_blank_line(count: int) -> None:
    stubs = [STUB.replace("added", f"added_{i}") for i in range(count)]
    new = patch("class PetsHandlers(Base):\n    x = 1\n", stubs, {})
    assert new.count("\n\n    @override\n") == count
    assert "\n\n\n" not in new
