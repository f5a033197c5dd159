"""openapi-core's petstore over HTTP: a pet without ``name`` is refused (both frameworks).

Its ``PetCreate`` is ``allOf`` [PetCreatePartOne (requires ``name``), PetCreatePartTwo]
beside ``oneOf`` [Cat, Bird]; the generated type is the union of Cat and Bird alone, so
the runtime's check against the contract's own schema is what refuses the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from apigen import api

from ..corpus.specs import spec_path
from .service import imported, serve

pytestmark = pytest.mark.corpus
#: createPets requires an api-key header and a user cookie besides the body.
HEADERS = {"api-key": "a2V5", "cookie": "user=1"}


@pytest.fixture(scope="module", params=("fastapi", "flask"))
def base_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    out = tmp_path_factory.mktemp("core") / "service"
    package = f"core_pets_{request.param}"
    spec = spec_path("real/openapi-core-petstore.yaml")
    api.generate_server(spec, out, framework=request.param, package=package, mock=True,
                        formatter="none")  # fmt: skip
    with imported(Path(out), f"{package}.app") as module, serve(module.app, request.param) as url:
        yield url


def test_a_pet_without_a_name_is_refused(base_url: str) -> None:
    bad = httpx.post(f"{base_url}/pets", json={"wings": {"healthy": True}}, headers=HEADERS)
    assert bad.status_code in (400, 422), bad.text
    assert bad.headers["content-type"] == "application/json"  # the declared default error
    assert "body /name: required property is missing" in bad.json()["message"]


def test_a_named_bird_is_created(base_url: str) -> None:
    good = httpx.post(
        f"{base_url}/pets", json={"name": "Tweety", "wings": {"healthy": True}}, headers=HEADERS
    )
    assert good.status_code == 201, good.text
