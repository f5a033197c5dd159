"""Request bodies of every kind, their errors (JSON pointers) and 415."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Api


def errors_of(api: Api, response: Any) -> list[dict[str, str]]:
    assert response.status_code == api.invalid, response.text
    assert response.headers["content-type"] == "application/problem+json"
    found: list[dict[str, str]] = response.json()["errors"]
    return found


def test_json_body_validated_into_the_model(api: Api) -> None:
    response = api.http.post("/pets", json={"name": "Rex", "pet-type": "cat"})
    assert response.status_code == 201
    assert response.json() == {"id": 99, "name": "Rex", "tag": None, "pet-type": "cat"}


def test_json_body_errors_are_json_pointers(api: Api) -> None:
    body = {"name": "", "owner": {"name": "a", "age": "old"}}
    errors = errors_of(api, api.http.post("/pets", json=body))
    assert sorted(e["name"] for e in errors) == ["/name", "/owner/age"]
    assert {e["in"] for e in errors} == {"body"}
    missing = errors_of(api, api.http.post("/pets", json={"owner": {"age": 3}}))
    assert sorted(e["name"] for e in missing) == ["/name", "/owner/name"]


def test_union_member_tags_are_not_in_the_pointer(api: Api) -> None:
    ok = api.http.post("/animals", json={"kind": "cat", "lives": 9})
    assert ok.json() == {"kind": "cat", "lives": 9}
    errors = errors_of(api, api.http.post("/animals", json={"kind": "cat", "lives": "many"}))
    assert [e["name"] for e in errors] == ["/lives"]


def test_malformed_json_and_missing_body(api: Api) -> None:
    headers = {"content-type": "application/json"}
    errors = errors_of(api, api.http.post("/pets", content=b'{"name": ', headers=headers))
    assert errors[0]["name"] == "" and "JSON" in errors[0]["message"]
    errors = errors_of(api, api.http.post("/pets", headers=headers))
    assert errors == [{"in": "body", "name": "", "message": "request body is required"}]


def test_body_and_parameter_errors_reported_together(api: Api) -> None:
    response = api.http.request("PATCH", "/pets/abc", json={"name": 5})
    names = sorted((e["in"], e["name"]) for e in errors_of(api, response))
    assert names == [("body", "/name"), ("path", "pet-id")]


def test_optional_body_may_be_absent(api: Api) -> None:
    assert api.http.patch("/pets/1").json() == {"pet_id": 1, "body": None}
    assert api.http.patch("/pets/1", json={"name": "Z"}).json() == {"pet_id": 1, "body": "Z"}


@pytest.mark.parametrize(
    ("content_type", "status"),
    [("text/plain", 415), ("application/xml", 415), (None, 415), ("application/json", 201)],
)
def test_undeclared_content_type_is_415(api: Api, content_type: str | None, status: int) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = api.http.post("/pets", content=b'{"name": "a"}', headers=headers)
    assert response.status_code == status, response.text
    if status == 415:
        assert response.headers["content-type"] == "application/problem+json"
        assert "application/json" in response.json()["detail"]


def test_json_media_type_with_parameters_matches(api: Api) -> None:
    headers = {"content-type": "application/json; charset=utf-8"}
    response = api.http.post("/pets", content='{"name": "Zoë"}'.encode(), headers=headers)
    assert response.status_code == 201
    assert response.json()["name"] == "Zoë"


def test_urlencoded_form_with_repeated_field(api: Api) -> None:
    response = api.http.post("/pets/form", data={"name": "Rex", "age": "3", "tags": ["a", "b"]})
    assert response.json() == {"name": "Rex", "age": 3, "tags": ["a", "b"]}
    single = api.http.post("/pets/form", data={"name": "Rex", "age": "3", "tags": "solo"})
    assert single.json()["tags"] == ["solo"]
    errors = errors_of(api, api.http.post("/pets/form", data={"age": "x"}))
    assert sorted(e["name"] for e in errors) == ["/age", "/name"]


def test_repeated_form_keys_fill_arrays_named_by_alias(api: Api) -> None:
    form = {"StatusCallbackEvent": ["ringing", "answered"], "Count": ["1", "2"]}
    response = api.http.post("/calls", data=form)
    assert response.json() == {"Events": ["ringing", "answered"], "counts": [1, 2]}
    multipart = api.http.post("/calls", files=[("StatusCallbackEvent", (None, b"a")),
                                               ("StatusCallbackEvent", (None, b"b"))])  # fmt: skip
    assert multipart.json() == {"Events": ["a", "b"]}


def test_multipart_json_parts_are_decoded(api: Api) -> None:
    settings = b'{"record": true}'
    legs = b'[{"record": false, "timeout": 5}]'
    for content_type in (None, "application/json"):
        files = [("Settings", (None, settings, content_type)), ("Legs", (None, legs, content_type)),
                 ("Count", (None, b"[1, 2]", content_type))]  # fmt: skip
        response = api.http.post("/calls", files=files)
        assert response.status_code == 200, response.text
        assert response.json() == {
            "settings": {"record": True},
            "legs": [{"record": False, "timeout": 5}],
            "counts": [1, 2],
        }
    as_file = [("Settings", ("s.json", settings, "application/json"))]
    assert api.http.post("/calls", files=as_file).json()["settings"]["record"] is True


def test_the_same_operation_accepts_json_too(api: Api) -> None:
    response = api.http.post("/pets/form", json={"name": "Rex", "age": 4})
    assert response.json() == {"name": "Rex", "age": 4}  # unset defaults are not sent


def test_multipart_with_files_text_lists_and_json_part(api: Api) -> None:
    files = [
        ("photo", ("rex.txt", b"woof", "text/plain")),
        ("extra", ("a.bin", b"\x00\x01", "application/octet-stream")),
        ("extra", ("b.bin", b"\x02", "application/octet-stream")),
        ("thumb", ("t.png", b"\x89PNG....", "image/png")),
    ]
    data = {"caption": "my dog", "tags": ["good", "boy"], "meta": '{"x": 1, "y": 2}'}
    response = api.http.post("/pets/1/photo", files=files, data=data)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "photo": ["rex.txt", "text/plain", "woof"],
        "caption": "my dog",
        "tags": ["good", "boy"],
        "extra": ["a.bin", "b.bin"],
        "thumb": 8,
        "meta": {"x": 1, "y": 2},
    }


def test_multipart_missing_file_is_named(api: Api) -> None:
    response = api.http.post("/pets/1/photo", files=[("other", ("x", b"1", "text/plain"))])
    assert [e["name"] for e in errors_of(api, response)] == ["/photo"]


def test_multipart_into_a_dict_of_files_and_text(api: Api) -> None:
    files = [("doc", ("d.txt", b"hello", "text/plain"))]
    response = api.http.post("/pets/1/files", files=files, data={"note": "hi"})
    assert response.json() == {"doc": ["d.txt", "hello"], "note": "hi"}


def test_malformed_multipart_is_an_invalid_request(api: Api) -> None:
    headers = {"content-type": "multipart/form-data; boundary=xyz"}
    response = api.http.post("/pets/1/photo", content=b"--xyz\r\nbroken", headers=headers)
    assert response.status_code == api.invalid, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_octet_stream_and_wildcard_binary(api: Api) -> None:
    response = api.http.put(
        "/blobs/a", content=b"\x00abc", headers={"content-type": "application/octet-stream"}
    )
    assert response.status_code == 200
    assert response.content == b"cba\x00"
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["x-size"] == "4"
    png = api.http.put("/blobs/b", content=b"PNG", headers={"content-type": "image/png"})
    assert (png.content, png.headers["x-type"]) == (b"GNP", "image/png")
    text = api.http.put("/blobs/c", content=b"x", headers={"content-type": "text/plain"})
    assert text.status_code == 415


def test_text_body_uses_the_declared_charset(api: Api) -> None:
    response = api.http.post(
        "/notes",
        content="grüße".encode("latin-1"),
        headers={"content-type": "text/plain; charset=latin-1"},
    )
    assert response.text == "GRÜSSE"
    assert response.headers["content-type"].startswith("text/plain")
    bad = api.http.post("/notes", content=b"\xff\xfe", headers={"content-type": "text/plain"})
    assert errors_of(api, bad)[0]["in"] == "body"
