"""The generated client, called over real HTTP against a real server on 127.0.0.1.

The client is generated from specs/examples/petstore.yaml into a temporary folder,
imported from there, and exercised sync and async: typed models back, typed errors
(with the documented error model parsed), auth per operation, retries, pagination.
Lint, mypy --strict and byte-identical regeneration of every example's client are checked
once for all of them in tests/golden/test_client_golden.py.
"""

from __future__ import annotations

import asyncio
import importlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from apigen import api

from .petstore_server import API_KEY, TOKEN, Shop, serve
from .tools import imported

EXAMPLES = Path(__file__).resolve().parents[2] / "specs" / "examples"
PACKAGE = "corner_pet_shop_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("client")
    result = api.generate_client(EXAMPLES / "petstore.yaml", out)
    assert result.package == PACKAGE
    return out


@pytest.fixture(scope="module")
def pkg(generated: Path) -> Iterator[ModuleType]:
    with imported(generated, PACKAGE) as module:
        yield module


@pytest.fixture
def server() -> Iterator[tuple[str, Shop]]:
    with serve() as running:
        yield running


def test_typed_calls_errors_and_pages(pkg: ModuleType, server: tuple[str, Shop]) -> None:
    base, shop = server
    models = importlib.import_module(f"{PACKAGE}.models")
    with pkg.Client(base, api_key=API_KEY, bearer_auth=TOKEN, oauth2=TOKEN) as client:
        first = client.pets.list_pets(limit=2)
        assert [p.name for p in first] == ["Miso", "Rex"]
        assert isinstance(first[0], models.Pet) and isinstance(first[0].animal, models.Cat)
        assert isinstance(first[1].animal, models.Dog)
        assert shop.requests[-1]["headers"]["X-API-Key"] == API_KEY  # first alternative
        everything = list(client.pets.list_pets_pages(limit=2))
        assert len(everything) == 5 and len({p.id for p in everything}) == 5
        created = client.pets.create_pet(
            body=models.NewPet(name="Nori", animal=models.Cat(kind="cat"), intake_notes="shy")
        )
        assert isinstance(created.id, uuid.UUID) and created.name == "Nori"
        assert shop.requests[-1]["body"]["intakeNotes"] == "shy"  # wire names on the wire
        with pytest.raises(pkg.ConflictError) as conflict:
            client.pets.create_pet(body={"name": "Nori", "animal": {"kind": "cat"}})
        assert conflict.value.status_code == 409
        assert conflict.value.parsed.code == "duplicate_pet"
        with pytest.raises(pkg.NotFoundError):
            client.pets.get_pet(uuid.UUID(int=999))
        assert client.pets.delete_pet(created.id) is None
        assert client.store.get_inventory()["available"] == 5


def test_query_styles_and_unknown_enum_values(pkg: ModuleType, server: tuple[str, Shop]) -> None:
    base, shop = server
    models = importlib.import_module(f"{PACKAGE}.models")
    shop.pets[str(uuid.UUID(int=1))]["status"] = "quarantined"  # not in the contract's enum
    with pkg.Client(base, api_key=API_KEY) as client:
        pets = client.pets.list_pets(limit=10, status=[models.PetStatus.AVAILABLE, "quarantined"])
        assert shop.requests[-1]["query"]["status"] == ["available,quarantined"]  # explode=false
        assert [p.status.value for p in pets] == ["quarantined"] + ["available"] * 4


def test_missing_credentials_fail_before_sending(pkg: ModuleType, server: tuple[str, Shop]) -> None:
    base, shop = server
    with pkg.Client(base) as client, pytest.raises(Exception, match=r"apiKey|bearerAuth"):
        client.pets.list_pets()
    assert shop.requests == []
    with pkg.Client(base) as client:  # security: [] on the inventory: no credentials needed
        assert client.store.get_inventory()


def test_retries_idempotent_calls(pkg: ModuleType, server: tuple[str, Shop]) -> None:
    base, shop = server
    shop.fail_next = 2
    with pkg.Client(base, api_key=API_KEY) as client:
        assert len(client.pets.list_pets(limit=2)) == 2
    assert len(shop.requests) == 3


def test_async_client(pkg: ModuleType, server: tuple[str, Shop]) -> None:
    base, _ = server

    async def run() -> list[Any]:
        async with pkg.AsyncClient(base, api_key=API_KEY) as client:
            names = [p.name async for p in client.pets.list_pets_pages(limit=2)]
            with pytest.raises(pkg.NotFoundError):
                await client.pets.get_pet(uuid.UUID(int=999))
            return names

    assert len(asyncio.run(run())) == 5
