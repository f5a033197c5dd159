"""The loader: formats by content, safe YAML, hostile inputs refused cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from apigen.errors import SpecError
from apigen.spec.load import load_document

from .conftest import WriteSpec


def codes(exc: pytest.ExceptionInfo[SpecError]) -> list[str]:
    return [d.code for d in exc.value.diagnostics]


def test_json_detected_by_content_even_with_yaml_extension(write_spec: WriteSpec) -> None:
    doc = load_document(write_spec('{"openapi": "3.0.0"}', "spec.yaml"))
    assert doc.format == "json" and doc.root == {"openapi": "3.0.0"}


def test_yaml_in_json_named_file_is_reported_as_json_error(write_spec: WriteSpec) -> None:
    with pytest.raises(SpecError) as exc:
        load_document(write_spec("{openapi: 3.0.0, ", "spec.json"))
    d = exc.value.diagnostics[0]
    assert d.code == "syntax-error" and d.location.line == 1 and d.blocking


def test_yaml_flow_mapping_is_yaml(write_spec: WriteSpec) -> None:
    doc = load_document(write_spec("{openapi: 3.0.0}\n", "spec.yml"))
    assert doc.format == "yaml" and doc.root == {"openapi": "3.0.0"}


def test_yaml_keys_become_strings_and_dates_stay_text(write_spec: WriteSpec) -> None:
    doc = load_document(write_spec("responses:\n  200: {}\n  default: {}\nday: 2024-01-02\n"))
    assert list(doc.root["responses"]) == ["200", "default"]
    assert doc.root["day"] == "2024-01-02"


def test_duplicate_keys_recorded_with_position(write_spec: WriteSpec) -> None:
    doc = load_document(write_spec("a: 1\nb:\n  c: 1\n  c: 2\n"))
    assert doc.root == {"a": 1, "b": {"c": 2}}
    [dup] = doc.duplicate_keys
    assert (dup.key, dup.line, dup.column) == ("c", 4, 3)


def test_duplicate_keys_in_json(write_spec: WriteSpec) -> None:
    doc = load_document(write_spec('{"a": 1, "a": 2}', "s.json"))
    assert [d.key for d in doc.duplicate_keys] == ["a"]


@pytest.mark.parametrize(
    "payload",
    [
        "a: !!python/object/apply:os.system ['echo pwned']\n",
        "a: !!python/name:os.system\n",
        "a: !custom 1\n",
    ],
)
def test_python_and_unknown_tags_refused(write_spec: WriteSpec, payload: str) -> None:
    with pytest.raises(SpecError) as exc:
        load_document(write_spec(payload))
    assert codes(exc) == ["unsafe-yaml"]
    assert exc.value.diagnostics[0].location.line == 1


def billion_laughs(levels: int = 12) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join(f"*a{i - 1}" for _ in range(10))
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_refused(write_spec: WriteSpec) -> None:
    with pytest.raises(SpecError) as exc:
        load_document(write_spec(billion_laughs()))
    assert codes(exc) == ["alias-bomb"]


def test_modest_aliases_allowed(write_spec: WriteSpec) -> None:
    doc = load_document(write_spec("base: &b {type: string}\nx: *b\ny: *b\n"))
    assert doc.root["x"] == {"type": "string"}


def test_recursive_alias_refused(write_spec: WriteSpec) -> None:
    with pytest.raises(SpecError) as exc:
        load_document(write_spec("a: &a [1, *a]\n"))
    assert codes(exc) == ["recursive-alias"]


@pytest.mark.parametrize(
    "name,text",
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000),
        ("deep.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ],
)
def test_deep_nesting_refused_cleanly(write_spec: WriteSpec, name: str, text: str) -> None:
    with pytest.raises(SpecError) as exc:
        load_document(write_spec(text, name))
    assert codes(exc)[0] in ("nesting-too-deep", "syntax-error")


def test_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"openapi: \xff\xfe\n")
    with pytest.raises(SpecError) as exc:
        load_document(path)
    assert codes(exc) == ["syntax-error"]


def test_yaml_syntax_error_has_position(write_spec: WriteSpec) -> None:
    with pytest.raises(SpecError) as exc:
        load_document(write_spec("a: 1\nb: [1, 2\nc: 3\n"))
    d = exc.value.diagnostics[0]
    assert d.code == "syntax-error" and d.location.line is not None and d.location.line >= 2


SCALARS = """\
a: yes
b: no
c: on
d: 017
e: 0o17
f: 0x1F
g: 1e3
h: 2024-01-02
i: .inf
j: ~
k: True
l: -.5
200: ok
"""


@pytest.mark.parametrize("fast", [True, False])
def test_yaml_12_core_schema_on_both_paths(
    write_spec: WriteSpec, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apigen.spec import load

    if not fast:
        monkeypatch.setattr(load, "_yaml_rs", None)
    root = load_document(write_spec(SCALARS)).root
    assert root == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": 17,
        "e": 15,
        "f": 31,
        "g": 1000.0,
        "h": "2024-01-02",
        "i": float("inf"),
        "j": None,
        "k": True,
        "l": -0.5,
        "200": "ok",
    }


def test_fast_path_agrees_with_pyyaml_on_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    from apigen.spec import load

    examples = Path(__file__).resolve().parents[2] / "specs" / "examples"
    files = sorted(examples.rglob("*.yaml"))
    fast = [load_document(p).root for p in files]
    monkeypatch.setattr(load, "_yaml_rs", None)
    slow = [load_document(p).root for p in files]
    assert files and fast == slow
