"""Identifiers from untrusted names: safe, readable, unique, deterministic."""

from __future__ import annotations

import keyword

import pytest

from apigen.ir.naming import NameScope, class_name, constant_name, derive_operation_id, snake_name


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("petId", "pet_id"),
        ("HTTPResponse", "http_response"),
        ("from", "from_"),
        ("class", "class_"),
        ("2fa-code", "n2fa_code"),
        ("x-rate-limit", "x_rate_limit"),
        ("Ünïcödé name", "unicode_name"),
        ("$ref", "ref"),
        ("", "value"),
        ("self", "self_"),
        ("model_config", "model_config_"),
        ("__import__('os')", "import_os"),
        ("type", "type_"),
        ("match", "match_"),
    ],
)
def test_snake(raw: str, expected: str) -> None:
    assert snake_name(raw) == expected


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("pet", "Pet"),
        ("pet-status", "PetStatus"),
        ("200_response", "Model200Response"),
        ("None", "None_"),
        ("a.b.C", "ABC"),
        ("class", "Class"),
    ],
)
def test_class(raw: str, expected: str) -> None:
    assert class_name(raw) == expected


def test_non_ascii_names_stay_distinct() -> None:
    assert snake_name("名前") != snake_name("住所")
    assert snake_name("名前").isidentifier()


@pytest.mark.parametrize("raw", ["in-progress", "1", "", "_x", "a b", "True", "ñ"])
def test_constants_are_identifiers(raw: str) -> None:
    name = constant_name(raw)
    assert name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")


def test_scope_resolves_collisions_deterministically() -> None:
    scope = NameScope()
    names = [scope.claim(snake_name(n)) for n in ["userId", "user_id", "UserID", "user-id"]]
    assert names == ["user_id", "user_id_2", "user_id_3", "user_id_4"]
    cls = NameScope()
    assert [cls.claim(class_name(n)) for n in ["Pet", "pet", "PET"]] == ["Pet", "Pet_2", "PET_3"]


def test_derived_operation_ids() -> None:
    assert derive_operation_id("GET", "/pets/{petId}/toys") == "get_pets_petId_toys"
    assert snake_name(derive_operation_id("get", "/pets/{petId}")) == "get_pets_pet_id"
    assert derive_operation_id("post", "/") == "post_root"


@pytest.mark.parametrize("raw", ["l", "L", "O", "o", "I", "i"])
def test_no_name_is_ambiguous_to_pycodestyle(raw: str) -> None:
    """ruff's E741-E743 reject ``l``, ``O`` and ``I`` as names (tic-tac-toe's mark "O")."""
    for name in (snake_name(raw), class_name(raw), constant_name(raw)):
        assert name not in ("l", "O", "I") and name.isidentifier()
