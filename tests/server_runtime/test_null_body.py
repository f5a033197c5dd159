"""A JSON ``null`` sent for an optional request body is no body.

GitHub's contract gives ``null`` as the example body of optional ones (POST
/orgs/{org}/{security_product}/{enablement}): its schema has no ``type``, so ``null`` is
valid there, while the generated model is an object.  The handler receives ``None`` as for
an absent body; a required body still needs a value.
"""

from __future__ import annotations

from .conftest import Api

JSON = {"content-type": "application/json"}


def test_null_for_an_optional_body_reaches_the_handler_as_none(api: Api) -> None:
    for content in (b"null", b" null\n", b""):
        response = api.http.patch("/pets/3", content=content, headers=JSON)
        assert response.status_code == 200, (content, response.text)
        assert response.json() == {"pet_id": 3, "body": None}
    response = api.http.patch("/pets/3", json={"name": "Rex"})
    assert response.json() == {"pet_id": 3, "body": "Rex"}


def test_null_for_a_required_body_is_refused(api: Api) -> None:
    response = api.http.post("/pets", content=b"null", headers=JSON)
    assert response.status_code == api.invalid and response.json()["errors"][0]["in"] == "body"
