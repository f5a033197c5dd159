"""render_models: the generated pydantic models import, validate real payloads and type-check.

Every test renders a spec into a fresh package under tmp_path, imports it, and works with
the classes as users would.  Warnings are errors here (pytest config), so importing and
validating must not warn either.
"""

from __future__ import annotations

import datetime
import importlib
import io
import json
import random
import subprocess
import sys
import tokenize
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any, Literal, Union

import pytest

pytest.importorskip("pydantic")

from pydantic import BaseModel, Field, Tag, TypeAdapter, ValidationError

from apigen.errors import Diagnostic
from apigen.ir.model import Api
from apigen.ir.normalise import normalise
from apigen.render import models as rm
from apigen.render.models import ModelTypes, render_models
from apigen.spec.resolve import load_spec

EXAMPLES = Path(__file__).resolve().parents[2] / "specs" / "examples"
EXAMPLE_SPECS = [
    "petstore.yaml",
    "webhooks-3.1.yaml",
    "swagger2.yaml",
    "multifile/openapi.yaml",
    "kitchen-sink.yaml",
]
LAYOUTS = ["split", "single"]

Build = Callable[..., ModuleType]


def example(name: str) -> Api:
    api, _ = normalise(load_spec(EXAMPLES / name))
    return api


def inline(tmp_path: Path, schemas: dict[str, Any], **extra: Any) -> Api:
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    doc.update(extra)
    path = tmp_path / f"spec-{uuid.uuid4().hex[:8]}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    api, _ = normalise(load_spec(path))
    return api


@pytest.fixture
def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Build]:
    """Render an Api as package ``<unique>.models`` under tmp_path and import it."""
    made: list[str] = []
    monkeypatch.syspath_prepend(str(tmp_path))

    def build(
        api: Api, layout: str = "split", warnings: list[Diagnostic] | None = None
    ) -> ModuleType:
        package = f"gen_{uuid.uuid4().hex[:12]}"
        write(tmp_path / package, render_models(api, layout=layout, warnings=warnings))  # type: ignore[arg-type]
        made.append(package)
        return importlib.import_module(package + ".models")

    yield build
    for name in [m for m in sys.modules if m.split(".")[0] in made]:
        del sys.modules[name]


def write(root: Path, files: dict[str, str]) -> None:
    root.mkdir(parents=True)
    (root / "__init__.py").write_text("", encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def annotation_namespace(models: ModuleType) -> dict[str, Any]:
    """What a generator's module has in scope (ANNOTATION_IMPORTS plus the models)."""
    return {
        "models": models,
        "_dt": datetime,
        "_uuid": uuid,
        "Annotated": Annotated,
        "Any": Any,
        "Literal": Literal,
        "Union": Union,
        "Field": Field,
        "Tag": Tag,
    }


# --------------------------------------------------------------------------- examples


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("spec", EXAMPLE_SPECS)
def test_spec_examples_validate_and_round_trip(spec: str, layout: str, build: Build) -> None:
    api = example(spec)
    models = build(api, layout)
    types = ModelTypes(api)
    ns = annotation_namespace(models)
    checked = 0
    for op in api.all_operations():
        media = [m for r in op.responses for m in r.content]
        media += list(op.body.content) if op.body else []
        for mt in media:
            for ex in mt.examples:
                adapter: TypeAdapter[Any] = TypeAdapter(
                    eval(types.annotation(mt.type, qualifier="models."), ns)
                )
                value = adapter.validate_python(ex.value)
                back = adapter.dump_python(value, mode="json", by_alias=True, exclude_unset=True)
                assert back == ex.value, (op.id, ex.name)
                checked += 1
    for model in api.models:
        cls = getattr(models, model.name)
        for value in model.examples:
            cls.model_validate(value)
            checked += 1
        for f in model.fields:
            for value in f.examples:
                TypeAdapter(
                    eval(types.annotation(f.type, qualifier="models."), ns)
                ).validate_python(value)
                checked += 1
    assert checked > 0


def test_every_model_builds(build: Build) -> None:
    for spec in EXAMPLE_SPECS:
        models = build(example(spec))
        for name in models.__all__:
            obj = getattr(models, name)
            if isinstance(obj, type) and issubclass(obj, BaseModel):
                obj.model_json_schema()


# --------------------------------------------------------------------------- behaviour


DISCRIMINATORS: dict[str, Any] = {
    # Implicit mapping (schema names) while the variants declare other values: the
    # values the variants declare win (OpenAI's spec does this).
    "Tokens": {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"type": "string", "enum": ["tokens"]}},
    },
    "Duration": {
        "type": "object",
        "required": ["type", "seconds"],
        "properties": {
            "type": {"type": "string", "const": "duration"},
            "seconds": {"type": "number"},
        },
    },
    "Usage": {
        "oneOf": [
            {"$ref": "#/components/schemas/Tokens"},
            {"$ref": "#/components/schemas/Duration"},
        ],
        "discriminator": {"propertyName": "type"},
    },
    # Several values for one variant, and a plain string tag.
    "A": {
        "type": "object",
        "properties": {"t": {"type": "string"}, "a": {"type": "integer"}},
    },
    "B": {
        "type": "object",
        "properties": {"t": {"type": "string"}, "b": {"type": "integer"}},
    },
    "AB": {
        "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
        "discriminator": {
            "propertyName": "t",
            "mapping": {"a": "#/components/schemas/A", "alpha": "A", "b": "B"},
        },
    },
}


ENUMS: dict[str, Any] = {
    "Level": {"type": "integer", "enum": [1, 2, 3]},
    "Ratio": {"type": "number", "enum": [0.5, 1.5]},
    "Flag": {"type": "boolean", "enum": [True]},
    "Mixed": {"enum": ["a", 1]},
    "Box": {
        "type": "object",
        "properties": {
            "level": {"$ref": "#/components/schemas/Level"},
            "ratio": {"$ref": "#/components/schemas/Ratio"},
            "flag": {"$ref": "#/components/schemas/Flag"},
            "mixed": {"$ref": "#/components/schemas/Mixed"},
        },
    },
}
TYPED_EXTRAS: dict[str, Any] = {
    "Counts": {
        "type": "object",
        "properties": {"total": {"type": "integer"}},
        "additionalProperties": {"type": "integer"},
    }
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_unknown_enum_values_do_not_crash(layout: str, build: Build, tmp_path: Path) -> None:
    models = build(example("petstore.yaml"), layout)
    status = models.PetStatus("sleeping")
    assert status.value == "sleeping" and status == "sleeping" and str(status) == "sleeping"
    assert status.name == "UNKNOWN"
    assert models.PetStatus("available") is models.PetStatus.AVAILABLE
    assert str(models.PetStatus.AVAILABLE) == "available"
    pet = models.Pet.model_validate({"name": "Rex", "animal": {"kind": "dog"}, "status": "lost"})
    assert pet.status.value == "lost"
    assert pet.model_dump(mode="json", by_alias=True, exclude_unset=True)["status"] == "lost"

    numbers = build(inline(tmp_path, ENUMS), layout)
    box = numbers.Box.model_validate({"level": 7, "ratio": 2.5, "flag": False, "mixed": 3})
    assert box.level == 7 and box.level.name == "UNKNOWN" and box.level is not numbers.Level(1)
    assert numbers.Level(2) is numbers.Level.VALUE_2
    assert box.ratio == 2.5 and box.flag is False and box.mixed == 3
    with pytest.raises(ValidationError):
        numbers.Box.model_validate({"level": "high"})


@pytest.mark.parametrize("layout", LAYOUTS)
def test_nullable_and_optional_fields(layout: str, build: Build) -> None:
    models = build(example("webhooks-3.1.yaml"), layout)
    sub = models.Subscription.model_validate(
        {
            "id": "8a2d4e10-1c3b-4f7a-9e65-0b1d2c3e4f50",
            "url": "https://example.com/hook",
            "eventTypes": ["order.created"],
            "active": True,
            "createdAt": "2024-03-02T10:15:00Z",
            "pausedAt": None,
            "description": None,
        }
    )
    assert sub.paused_at is None and sub.description is None
    assert isinstance(sub.created_at, datetime.datetime)
    assert isinstance(sub.id, uuid.UUID)
    with pytest.raises(ValidationError):  # required and not nullable
        models.Subscription.model_validate({"url": "x", "eventTypes": [], "active": None})


@pytest.mark.parametrize("layout", LAYOUTS)
def test_discriminated_union_picks_the_variant(layout: str, build: Build) -> None:
    models = build(example("petstore.yaml"), layout)
    animal: TypeAdapter[Any] = TypeAdapter(models.Animal)
    assert type(animal.validate_python({"kind": "cat", "indoor": False})) is models.Cat
    assert type(animal.validate_python({"kind": "dog", "breed": "beagle"})) is models.Dog
    dog = models.Dog(kind=models.DogKind.DOG)
    assert animal.validate_python(dog) is dog
    # An unknown or missing tag falls back to the plain union instead of failing.
    assert type(animal.validate_python({"kind": "parrot"})) in (models.Cat, models.Dog)
    pet = models.Pet.model_validate(
        {"name": "Miso", "animal": {"kind": "dog", "goodWithKids": True}}
    )
    assert isinstance(pet.animal, models.Dog) and pet.animal.good_with_kids is True


REF = "#/components/schemas/"
RECURSIVE: dict[str, Any] = {
    "Node": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": REF + "Node"}},
        },
    },
    # A base that refers to its own subclass (allOf): a cycle across modules.
    "Base": {
        "type": "object",
        "properties": {"kind": {"type": "string"}, "latest": {"$ref": REF + "Derived"}},
    },
    "Derived": {
        "allOf": [
            {"$ref": REF + "Base"},
            {"type": "object", "properties": {"extra": {"type": "integer"}}},
        ]
    },
    "Json": {
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {"$ref": REF + "Json"}},
            {"type": "object", "additionalProperties": {"$ref": REF + "Json"}},
        ]
    },
    "Holder": {"type": "object", "properties": {"value": {"$ref": REF + "Json"}}},
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_discriminator_mappings(layout: str, build: Build, tmp_path: Path) -> None:
    api = inline(tmp_path, DISCRIMINATORS)
    models = build(api, layout)
    usage: TypeAdapter[Any] = TypeAdapter(models.Usage)
    assert type(usage.validate_python({"type": "tokens"})) is models.Tokens
    assert type(usage.validate_python({"type": "duration", "seconds": 1})) is models.Duration
    ab: TypeAdapter[Any] = TypeAdapter(models.AB)
    assert type(ab.validate_python({"t": "alpha", "b": 1})) is models.A
    assert type(ab.validate_python({"t": "b", "a": 1})) is models.B


DEFAULTS: dict[str, Any] = {
    "Color": {"type": "string", "enum": ["red", "green"]},
    "Point": {
        "type": "object",
        "required": ["x"],
        "properties": {"x": {"type": "integer"}, "y": {"type": "integer", "default": 0}},
    },
    "Settings": {
        "type": "object",
        "properties": {
            "tags": {"type": "array", "items": {"type": "string"}, "default": ["a", "b"]},
            "empty": {"type": "array", "items": {"type": "string"}, "default": []},
            "color": {
                "allOf": [{"$ref": "#/components/schemas/Color"}],
                "default": "green",
            },
            "other": {"allOf": [{"$ref": "#/components/schemas/Color"}], "default": "blue"},
            "origin": {
                "allOf": [{"$ref": "#/components/schemas/Point"}],
                "default": {"x": 1},
            },
            "day": {"type": "string", "format": "date", "default": "2024-02-29"},
            "at": {
                "type": "string",
                "format": "date-time",
                "default": "2024-01-01T00:00:00Z",
            },
            "ratio": {"type": "number", "default": 1},
            "labels": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "default": {},
            },
            "broken": {"type": "integer", "default": "many"},
            "tooBig": {"type": "integer", "maximum": 5, "default": 9},
        },
    },
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_recursive_and_cyclic_models(layout: str, build: Build, tmp_path: Path) -> None:
    api = inline(tmp_path, RECURSIVE)
    for first in ("Derived", "Base", "Holder"):  # any import order works
        models = build(api, layout)
        getattr(models, first)
        node = models.Node.model_validate(
            {"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}
        )
        assert node.children[0].children[0].name == "c"
        derived = models.Derived.model_validate(
            {"kind": "x", "extra": 1, "latest": {"kind": "y", "latest": {"extra": 2}}}
        )
        assert derived.latest.latest.extra == 2
        assert not issubclass(models.Derived, models.Base)  # allOf is flattened
        holder = models.Holder.model_validate({"value": {"a": ["b", {"c": "d"}]}})
        assert holder.value == {"a": ["b", {"c": "d"}]}
        with pytest.raises(ValidationError):
            models.Holder.model_validate({"value": {"a": [1]}})


@pytest.mark.parametrize("layout", LAYOUTS)
def test_closed_and_open_models(layout: str, build: Build, tmp_path: Path) -> None:
    models = build(example("webhooks-3.1.yaml"), layout)
    with pytest.raises(ValidationError):
        models.ListSubscriptionsFilter.model_validate({"active": True, "surprise": 1})
    open_ = models.Problem.model_validate({"title": "x", "traceId": "abc"})
    assert open_.model_extra == {"traceId": "abc"}
    typed = build(inline(tmp_path, TYPED_EXTRAS), layout)
    assert typed.Counts.model_validate({"total": 1, "a": 2}).model_extra == {"a": 2}
    with pytest.raises(ValidationError):
        typed.Counts.model_validate({"a": "two"})


@pytest.mark.parametrize("layout", LAYOUTS)
def test_defaults(layout: str, build: Build, tmp_path: Path) -> None:
    models = build(example("petstore.yaml"), layout)
    assert models.Cat.model_validate({"kind": "cat"}).indoor is True
    warnings: list[Diagnostic] = []
    api = inline(tmp_path, DEFAULTS)
    settings_module = build(api, layout, warnings)
    first = settings_module.Settings()
    second = settings_module.Settings()
    assert first.tags == ["a", "b"] and first.tags is not second.tags
    assert first.empty == [] and first.labels == {}
    assert first.color is settings_module.Color.GREEN
    assert first.other == "blue" and first.other.name == "UNKNOWN"
    assert first.origin == settings_module.Point(x=1) and first.origin.y == 0
    assert first.day == datetime.date(2024, 2, 29)
    assert first.at == datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    assert first.ratio == 1.0
    assert first.broken is None and first.too_big is None
    dropped = sorted(d.message for d in warnings if d.code == rm.DEFAULT_DROPPED)
    assert len(dropped) == 2 and all("left out" in m for m in dropped)
    assert all(d.location.pointer.startswith("/components/schemas/Settings") for d in warnings)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_read_only_and_write_only(layout: str, build: Build) -> None:
    models = build(example("petstore.yaml"), layout)
    request = models.NewPet(
        name="Miso", animal=models.Cat(kind=models.CatKind.CAT), intake_notes="n"
    )
    assert models.dump_request(request) == {
        "name": "Miso",
        "animal": {"kind": "cat"},
        "intakeNotes": "n",
    }
    pet = models.Pet.model_validate(
        {
            "id": "3f1c2a64-9b7e-4c55-8d0e-2f6b1a9c7e10",
            "name": "Miso",
            "arrivedAt": "2024-03-02T10:15:00Z",
            "animal": {"kind": "cat"},
            "intakeNotes": "secret",
        }
    )
    assert "id" not in models.dump_request(pet) and "arrivedAt" not in models.dump_request(pet)
    assert "intakeNotes" not in models.dump_response(pet)
    assert models.dump_response(pet)["id"] == "3f1c2a64-9b7e-4c55-8d0e-2f6b1a9c7e10"
    # readOnly fields are optional even when required: a request never carries them.
    assert models.Pet(name="x", animal=models.Dog(kind="dog")).id is None
    assert models.Pet.__apigen_read_only__ == frozenset({"id", "arrived_at"})


@pytest.mark.parametrize("layout", LAYOUTS)
def test_wire_names(layout: str, build: Build) -> None:
    models = build(example("petstore.yaml"), layout)
    by_wire = models.Pet.model_validate(
        {
            "name": "a",
            "animal": {"kind": "cat", "livesLeft": 3},
            "arrivedAt": "2024-01-01T00:00:00Z",
        }
    )
    by_name = models.Pet(
        name="a", animal=models.Cat(kind="cat", lives_left=3), arrived_at="2024-01-01T00:00:00Z"
    )
    assert by_wire == by_name
    dumped = by_wire.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == {
        "name": "a",
        "animal": {"kind": "cat", "livesLeft": 3},
        "arrivedAt": "2024-01-01T00:00:00Z",
    }


PATTERNS: dict[str, Any] = {
    "Code": {
        "type": "object",
        "properties": {
            "sku": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "lookahead": {"type": "string", "pattern": "^(?=.*[0-9])[a-z0-9]+$"},
            "broken": {"type": "string", "pattern": "[a-"},
        },
    }
}


def test_patterns_are_checked(build: Build, tmp_path: Path) -> None:
    warnings: list[Diagnostic] = []
    api = inline(tmp_path, PATTERNS)
    files = render_models(api, warnings=warnings)
    assert [d.code for d in warnings] == [rm.PATTERN_DROPPED, rm.PATTERN_DROPPED]
    assert files["models/code.py"].count("# A pattern was left out") == 2
    models = build(api)
    assert models.Code(sku="ABC", lookahead="abc", broken="[").sku == "ABC"
    with pytest.raises(ValidationError):
        models.Code(sku="abc")


def test_formats_and_constraints(build: Build, tmp_path: Path) -> None:
    api = inline(
        tmp_path,
        {
            "Sample": {
                "type": "object",
                "properties": {
                    "day": {"type": "string", "format": "date"},
                    "raw": {"type": "string", "format": "binary"},
                    "b64": {"type": "string", "format": "byte"},
                    "mail": {"type": "string", "format": "email", "maxLength": 5},
                    "big": {"type": "integer", "format": "int64", "exclusiveMinimum": 0},
                    "ids": {
                        "type": "array",
                        "uniqueItems": True,
                        "minItems": 1,
                        "items": {"type": "string", "format": "uuid", "maxLength": 3},
                    },
                    "scores": {
                        "type": "array",
                        "items": {"type": "number", "minimum": 0, "maximum": 1},
                    },
                    "fixed": {"const": "v1"},
                },
            }
        },
    )
    types = ModelTypes(api)
    fields = {f.py_name: f for f in api.model("Sample").fields}
    assert (
        types.annotation(fields["ids"].type) == "Annotated[list[_uuid.UUID], Field(min_length=1)]"
    )
    assert types.annotation(fields["scores"].type) == "list[Annotated[float, Field(ge=0, le=1)]]"
    assert types.annotation(fields["fixed"].type) == 'Literal["v1"]'
    models = build(api)
    s = models.Sample(
        day="2024-01-02",
        raw=b"\x00",
        b64="AAE=",
        mail="a@b",
        big=2**40,
        ids=[str(uuid.UUID(int=1))],
    )
    assert s.day == datetime.date(2024, 1, 2) and s.raw == b"\x00" and s.b64 == "AAE="
    assert s.ids == [uuid.UUID(int=1)]
    bad_values: list[dict[str, Any]] = [
        {"mail": "toolong@x"},
        {"big": 0},
        {"ids": []},
        {"scores": [2]},
        {"fixed": "v2"},
    ]
    for bad in bad_values:
        with pytest.raises(ValidationError):
            models.Sample.model_validate(bad)


def test_generator_annotations(tmp_path: Path, build: Build) -> None:
    api = example("petstore.yaml")
    types = ModelTypes(api)
    create = next(op for op in api.operations if op.id == "createPet")
    assert create.body is not None
    assert types.annotation(create.body.content[0].type, qualifier="models.") == "models.NewPet"
    listing = next(op for op in api.operations if op.id == "listPets")
    assert types.annotation(listing.responses[0].content[0].type, qualifier="m.") == "list[m.Pet]"
    animal = api.alias("Animal").type
    text = types.annotation(animal, qualifier="models.")
    assert text.startswith("Annotated[Union[Annotated[models.Cat, Tag(")
    assert "models.discriminator(" in text
    models = build(api)
    adapter: TypeAdapter[Any] = TypeAdapter(eval(text, annotation_namespace(models)))
    assert type(adapter.validate_python({"kind": "dog"})) is models.Dog


# --------------------------------------------------------------------------- the package


def test_lazy_package(build: Build) -> None:
    models = build(example("petstore.yaml"))
    package = models.__name__
    assert not [m for m in sys.modules if m.startswith(package + ".")]
    assert "Pet" in models.__all__ and "Pet" in dir(models)
    pet = models.Pet
    loaded = {m.rsplit(".", 1)[1] for m in sys.modules if m.startswith(package + ".")}
    assert "pet" in loaded and "pet_status" in loaded and "new_pet" not in loaded
    assert models.Pet is pet
    with pytest.raises(AttributeError):
        models.NoSuchModel  # noqa: B018


def test_renamed_components(build: Build) -> None:
    api = example("multifile/openapi.yaml")  # Order -> Order_2, Money -> Order2Total
    for layout in LAYOUTS:
        models = build(api, layout)
        assert models.Order is models.Order_2 and models.Money is models.Order2Total


def test_output_is_deterministic() -> None:
    for spec in EXAMPLE_SPECS:
        for layout in LAYOUTS:
            first = render_models(example(spec), layout=layout)  # type: ignore[arg-type]
            assert render_models(example(spec), layout=layout) == first  # type: ignore[arg-type]


HOSTILE: dict[str, Any] = {
    "Field": {
        "type": "object",
        "description": 'Ends with a quote" and """ triple quotes, a backslash \\ and a \x00 null',
        "required": ["class"],
        "properties": {
            "class": {"type": "string", "description": "desc \"\"\" ''' \\N{DAGGER} \u2028 sep"},
            "__init__": {"type": "integer", "default": 3},
            "model_config": {"type": "string", "default": '"; import os #'},
            '"; import os #': {"type": "string", "enum": ['"; import os #', "a'b", 'x"""y', "\\"]},
            "self": {"type": "boolean"},
            "tricky\nname": {"type": "string"},
            "# -*- coding: latin-1 -*-": {
                "type": "string",
                "description": '# type: ignore\n# fmt: off\n"""',
            },
            "Any": {"$ref": "#/components/schemas/Any"},
            # Names of helpers the class body uses: they must not shadow them.
            "discriminator": {"type": "string"},
            "json_default": {"type": "string"},
            "frozenset": {"type": "string", "readOnly": True},
            "later": {"type": "array", "items": {"type": "integer"}, "default": [1]},
            "choice": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Any"},
                    {"$ref": "#/components/schemas/Other"},
                ],
                "discriminator": {"propertyName": "kind"},
            },
        },
    },
    "Any": {
        "type": "object",
        "additionalProperties": False,
        "properties": {"kind": {"type": "string"}},
    },
    "Other": {"type": "object", "properties": {"kind": {"type": "string"}}},
    "BaseModel": {"type": "string", "enum": ["__class__", "mro", "_missing_", ""]},
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_hostile_names_stay_data(layout: str, build: Build, tmp_path: Path) -> None:
    api = inline(tmp_path, HOSTILE, info={"title": 'T """ \\', "version": "1"})
    for rel, text in render_models(api, layout=layout).items():  # type: ignore[arg-type]
        compile(text, rel, "exec")
        comments = [
            tok.string
            for tok in tokenize.generate_tokens(io.StringIO(text).readline)
            if tok.type == tokenize.COMMENT
        ]
        assert all(not c.startswith(("# -*-", "# type:", "# fmt:")) for c in comments)
    models = build(api, layout)
    wire = {
        "class": "c",
        "__init__": 1,
        "model_config": "m",
        '"; import os #': 'x"""y',
        "self": True,
        "tricky\nname": "t",
        "# -*- coding: latin-1 -*-": "enc",
        "Any": {},
    }
    wire["discriminator"] = wire["json_default"] = "d"
    wire["choice"] = {"kind": "Other", "x": 1}
    obj = models.Field.model_validate(wire)
    assert type(obj.choice) is models.Other and obj.later == [1]
    assert models.Field.__apigen_read_only__ == frozenset({"frozenset"})
    assert obj.model_dump(mode="json", by_alias=True, exclude_unset=True) == wire
    assert obj.class_ == "c" and obj.init == 1 and obj.self_ is True
    defaults = models.Field(class_="c")
    assert defaults.init == 3 and defaults.model_config_ == '"; import os #'
    field_info = models.Field.model_fields["class_"]
    assert field_info.description == HOSTILE["Field"]["properties"]["class"]["description"]
    assert models.Field.__doc__.startswith('Ends with a quote" and """ triple quotes')
    assert [m.value for m in models.BaseModel] == ["__class__", "mro", "_missing_", ""]
    with pytest.raises(ValidationError):
        models.Any.model_validate({"x": 1})


# --------------------------------------------------------------------------- formatting


def black_or_skip() -> Any:
    return pytest.importorskip("black")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_output_is_black_stable(layout: str, tmp_path: Path) -> None:
    black = black_or_skip()
    mode = black.Mode(line_length=100)
    apis = [example(s) for s in EXAMPLE_SPECS] + [inline(tmp_path, HOSTILE)]
    for api in apis:
        for rel, text in render_models(api, layout=layout).items():  # type: ignore[arg-type]
            assert black.format_str(text, mode=mode) == text, rel


def test_imports_below_the_body_are_marked_for_linters(tmp_path: Path) -> None:
    """Cycles import at the bottom; ``# noqa: E402`` keeps ruff quiet, long names included."""
    black = black_or_skip()
    long = "Node" + "x" * 90
    api = inline(
        tmp_path,
        {
            "Node": {
                "type": "object",
                "properties": {"next": {"$ref": f"#/components/schemas/{long}"}},
            },
            long: {"type": "object", "properties": {"back": {"$ref": "#/components/schemas/Node"}}},
        },
    )
    files = render_models(api)
    late = [line for text in files.values() for line in text.splitlines() if "E402" in line]
    assert len(late) == 2 and any(line.endswith("import (  # noqa: E402") for line in late)
    for rel, text in files.items():
        assert black.format_str(text, mode=black.Mode(line_length=100)) == text, rel
        (tmp_path / "pkg" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pkg" / rel).write_text(text, encoding="utf-8")
    lint = [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "E402,PGH004"]
    result = subprocess.run([*lint, str(tmp_path / "pkg")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("seed", range(4))
def test_imports_are_split_as_black_splits_them(seed: int) -> None:
    """``_import`` spells a long import directly (one name a line) when its opening line
    fits, and falls back to the general printer when not: black must agree either way."""
    black = black_or_skip()
    r = random.Random(seed)
    for _ in range(50):
        module = "." + "m" * r.choice([1, 30, 80, 95, 110])
        names = []
        for _ in range(r.randint(1, 4)):
            name = "N" + "x" * r.choice([2, 30, 60, 100])
            names.append(f"{name} as {name}" if r.random() < 0.5 else name)
        depth = r.choice([0, 1])
        text = "\n".join(rm._import(module, names, depth)) + "\n"
        source = ("if TYPE_CHECKING:\n" if depth else "") + text
        assert black.format_str(source, mode=black.Mode(line_length=100)) == source, source


def test_string_literals_are_quoted_as_black_quotes_them() -> None:
    """``_string``'s quotes on texts full of quotes and backslashes: black must agree."""
    black = black_or_skip()
    r = random.Random(7)
    texts = ["".join(r.choice("ab'\"\\\n") for _ in range(r.randint(0, 8))) for _ in range(400)]
    source = "".join(f"x = {rm._string(text).text}\n" for text in texts)
    assert black.format_str(source, mode=black.Mode(line_length=100)) == source
    assert [eval(line[4:]) for line in source.splitlines()] == texts


def _random_type(r: random.Random, depth: int = 0) -> rm._Expr:
    name = "N" + "x" * r.choice([2, 10, 30, 60, 95])
    roll = r.random()
    if depth > 2 or roll < 0.3:
        return rm._Atom(r.choice(["str", "_dt.datetime", name, name + ".MEMBER"]))
    if roll < 0.45:
        return rm._Sub("list", (_random_type(r, depth + 1),))
    if roll < 0.55:
        return rm._Sub("dict", (rm._Atom("str"), _random_type(r, depth + 1)))
    if roll < 0.7:
        return rm._Sub("Union", tuple(_random_type(r, depth + 1) for _ in range(r.randint(2, 5))))
    if roll < 0.8:
        kws = tuple(
            rm._Kw(k, _random_value(r, depth + 1))
            for k in ("min_length", "pattern")[: r.randint(1, 2)]
        )
        return rm._Sub("Annotated", (_random_type(r, depth + 1), rm._Call("Field", kws)))
    if roll < 0.9:
        return rm._Or((_random_type(r, depth + 1), rm._NONE))
    return rm._Sub(
        "Literal", tuple(rm._string("s" * r.randint(1, 60)) for _ in range(r.randint(1, 3)))
    )


def _random_value(r: random.Random, depth: int = 0) -> rm._Expr:
    roll = r.random()
    if depth > 2 or roll < 0.4:
        return r.choice([rm._string("s" * r.choice([1, 20, 60, 95, 120])), rm._number(1), rm._NONE])
    if roll < 0.6:
        return rm._Display("[", tuple(_random_value(r, depth + 1) for _ in range(r.randint(0, 4))))
    if roll < 0.75:
        pairs = (
            rm._Pair(rm._string("k" * r.randint(1, 50)), _random_value(r, depth + 1))
            for _ in range(3)
        )
        return rm._Display("{", tuple(pairs))
    return rm._Call("json_default", (_random_value(r, depth + 1),))


def test_formatter_matches_black_on_random_statements() -> None:
    """The built-in black port against black itself, on the statement shapes it emits."""
    black = black_or_skip()
    mode = black.Mode(line_length=100)
    r = random.Random(1234)
    for _ in range(400):
        depth = r.choice([0, 1])
        target = "n" + "x" * r.choice([2, 20, 60])
        ann = _random_type(r) if r.random() < 0.8 else None
        kws = [
            rm._Kw(k, _random_value(r))
            for k in ("default", "validation_alias", "description")[: r.randint(0, 3)]
        ]
        value = r.choice([None, rm._NONE, rm._Call("Field", tuple(kws)), _random_value(r)])
        if ann is None and value is None:
            value = rm._NONE
        mine = "\n".join(rm._statement(target, ann, value, depth)) + "\n"
        flat = (
            target
            + (": " + rm._flat(ann) if ann else "")
            + (" = " + rm._flat(value) if value else "")
        )
        source = ("class C:\n    " + flat + "\n") if depth else flat + "\n"
        expected = black.format_str(source, mode=mode)
        if depth:
            expected = expected.split("\n", 1)[1]
        assert mine == expected, flat


def test_docstrings_match_black() -> None:
    """Spec prose as docstrings: quotes, backslashes, tabs, wide characters, long lines."""
    black = black_or_skip()
    mode = black.Mode(line_length=100)
    r = random.Random(5)
    pieces = ["a", "word", '"', '"quoted"', "\\", "  ", "\n", "\n\n", "\t", "é", "漢字", '"""']
    for _ in range(600):
        words = [r.choice([*pieces, "x" * r.randint(1, 130)]) for _ in range(r.randint(1, 40))]
        text = " ".join(words) + ('"' if r.random() < 0.3 else "")
        if not text.strip():
            continue
        depth = r.choice([0, 1])
        body = "\n".join(rm._docstring_lines(text, depth)) + "\n"
        source = body if depth == 0 else "class C:\n" + body
        assert black.format_str(source, mode=mode) == source, text


# --------------------------------------------------------------------------- type checking

USER_CODE = """\
from __future__ import annotations

from .models import Animal, Cat, CatKind, Dog, NewPet, Pet, PetStatus, dump_request


def describe(animal: Animal) -> str:
    if isinstance(animal, Cat):
        return f"cat, {animal.lives_left} lives"
    return f"dog, breed {animal.breed}"


def register(name: str) -> dict[str, object]:
    pet = NewPet(name=name, animal=Cat(kind=CatKind.CAT, lives_left=9), status=PetStatus.AVAILABLE)
    return dump_request(pet)


def is_available(pet: Pet) -> bool:
    return pet.status == PetStatus.AVAILABLE and isinstance(pet.animal, (Cat, Dog))
"""


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
def test_mypy_strict_on_generated_models(layout: str, tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    packages = []
    for i, spec in enumerate(EXAMPLE_SPECS):
        package = f"typed_{i}"
        write(tmp_path / package, render_models(example(spec), layout=layout))  # type: ignore[arg-type]
        packages.append(package)
    (tmp_path / "typed_0" / "user.py").write_text(USER_CODE, encoding="utf-8")
    features = {
        "hostile": HOSTILE,
        "discriminators": DISCRIMINATORS,
        "enums": ENUMS,
        "extras": TYPED_EXTRAS,
        "recursive": RECURSIVE,
        "defaults": DEFAULTS,
        "patterns": PATTERNS,
    }
    for name, schemas in features.items():
        files = render_models(inline(tmp_path, schemas), layout=layout)  # type: ignore[arg-type]
        write(tmp_path / f"typed_{name}", files)
        packages.append(f"typed_{name}")
    args = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--no-incremental",
        "--python-version",
        "3.10",
    ]
    for package in packages:
        args += ["-p", package]
    result = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
