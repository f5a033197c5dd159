"""Every OpenAPI 3 parameter style/explode combination, through both adapters."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Api

POINT = {"x": 1, "y": 2}


def params(api: Api, url: str, **kw: Any) -> dict[str, Any]:
    response = api.http.get(url, **kw)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body["params"]


def problem(api: Api, url: str, **kw: Any) -> dict[str, Any]:
    response = api.http.get(url, **kw)
    assert response.status_code == api.invalid, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/p/simple/5/3,4,5/x,1,y,2", {"s": 5, "a": [3, 4, 5], "o": POINT}),
        ("/p/simple-x/3,4/x=1,y=2", {"a": [3, 4], "o": POINT}),
        ("/p/label/.5/.3,4,5/.x,1,y,2", {"s": 5, "a": [3, 4, 5], "o": POINT}),
        ("/p/label-x/.3.4.5/.x=1.y=2", {"a": [3, 4, 5], "o": POINT}),
        ("/p/matrix/;s=5/;a=3,4,5/;o=x,1,y,2", {"s": 5, "a": [3, 4, 5], "o": POINT}),
        ("/p/matrix-x/;a=3;a=4;a=5/;x=1;y=2", {"a": [3, 4, 5], "o": POINT}),
    ],
)
def test_path_styles(api: Api, url: str, expected: dict[str, Any]) -> None:
    assert params(api, url) == expected


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("/p/label/5/.1/.x,1,y,2", ["s"]),  # label value without its dot
        ("/p/matrix/;t=5/;a=1/;o=x,1,y,2", ["s"]),  # matrix value under another name
        ("/p/simple/5/1,b,3/x,1,y", ["a", "o"]),  # bad item, odd key/value list
        ("/p/simple-x/1/x=1,y", ["o"]),  # exploded object without '='
        ("/p/simple/five/1/x,1,y,oops", ["s", "o"]),
    ],
)
def test_bad_path_values_name_each_parameter(api: Api, url: str, names: list[str]) -> None:
    errors = problem(api, url)["errors"]
    assert sorted({e["name"] for e in errors}) == sorted(names)
    assert {e["in"] for e in errors} == {"path"}


def test_path_wire_name_with_dash_and_percent_decoding(api: Api) -> None:
    assert api.http.get("/pets/1").json()["name"] == "Tom"
    assert params(api, "/p/simple/%35/3%2C4/x,1,y,2")["a"] == [3, 4]


def test_angle_brackets_in_a_path_are_literal_text(api: Api) -> None:
    def operation(url: str) -> Any:
        response = api.http.get(url)
        assert response.status_code == 200, response.text
        return response.json()["operation"], response.json()["params"]

    assert operation("/odd/%3Cupload_url%3E") == ("angle", {})
    assert operation("/odd/upload_url") == ("odd_name", {"name": "upload_url"})
    assert operation("/odd/x%3Cy%3E7/z") == ("angle_mixed", {"id": 7})
    assert api.http.get("/odd/x7/z").status_code == 404


def test_one_route_for_a_path_whose_parameter_is_renamed_per_method(api: Api) -> None:
    assert params(api, "/things/5") == {"thing_id": 5}
    deleted = api.http.delete("/things/6")
    assert deleted.json()["params"] == {"id": 6}
    assert api.http.put("/things/6").status_code == 405


def test_query_form_and_delimited_styles(api: Api) -> None:
    url = (
        "/q?s=1&a=1&a=2&b=3,4&x=1&y=2&f=x,5,y,6&sp=1%202%203&pp=a|b%7Cc"
        "&d[name]=rex&d[range][min]=1&d[range][max]=9&page%5Bsize%5D=50"
    )
    got = params(api, url)
    assert got == {
        "s": 1,
        "a": [1, 2],
        "b": [3, 4],
        "o": POINT,
        "f": {"x": 5, "y": 6},
        "sp": [1, 2, 3],
        "pp": ["a", "b|c"],
        "d": {"name": "rex", "range": {"min": 1, "max": 9}},
        "e": None,
        "n": None,
        "dflt": 7,
        "j": None,
        "page_size": 50,
    }


def test_query_delimiters_encoded_by_the_client_still_split(api: Api) -> None:
    got = params(api, "/q?s=1&b=3%2C4&pp=a%7Cb&sp=1+2")
    assert (got["b"], got["pp"], got["sp"]) == ([3, 4], ["a", "b"], [1, 2])


def test_query_content_json_and_empty_values(api: Api) -> None:
    got = params(api, '/q?s=1&j={"x":3,"y":4}&e=&n=')
    assert got["j"] == {"x": 3, "y": 4}
    assert got["e"] == ""  # allowEmptyValue: kept
    assert got["n"] is None  # empty without allowEmptyValue: as if absent


def test_query_exploded_object_without_known_properties_takes_unclaimed_keys(api: Api) -> None:
    got = params(api, "/q/free?limit=3&colour=red&size=L")
    assert got == {"limit": 3, "rest": {"colour": "red", "size": "L"}}
    assert params(api, "/q/free") == {"limit": None, "rest": None}


def test_query_errors_name_every_bad_field(api: Api) -> None:
    body = problem(api, '/q?a=1&a=x&b=1,y&d[range][min]=z&j={"x":1&page%5Bsize%5D=big')
    by_name: dict[str, list[str]] = {}
    for error in body["errors"]:
        assert error["in"] == "query"
        by_name.setdefault(error["name"], []).append(error["message"])
    assert sorted(by_name) == ["a", "b", "d", "j", "page[size]", "s"]
    assert by_name["s"] == ["required parameter"]
    assert by_name["a"][0].startswith("1: ")  # which item
    assert "range.min" in by_name["d"][0] or "range.max" in " ".join(by_name["d"])
    assert body["detail"] == "6 invalid fields"


def test_required_query_parameter_with_empty_value(api: Api) -> None:
    body = problem(api, "/q?s=")
    assert body["errors"] == [{"in": "query", "name": "s", "message": "empty value not allowed"}]


def test_header_simple_styles(api: Api) -> None:
    headers = {"X-Int": "5", "X-List": "1, 2,3", "X-Obj": "x,1,y,2", "X-Obj-X": "x=3,y=4"}
    got = params(api, "/h", headers=headers)
    assert got == {"x_int": 5, "x_list": [1, 2, 3], "x_obj": POINT, "x_objx": {"x": 3, "y": 4}}


def test_header_names_are_case_insensitive_and_errors_use_wire_names(api: Api) -> None:
    assert params(api, "/h", headers={"x-int": "7"})["x_int"] == 7
    body = problem(api, "/h", headers={"X-List": "a"})
    assert sorted(e["name"] for e in body["errors"]) == ["X-Int", "X-List"]
    assert {e["in"] for e in body["errors"]} == {"header"}


def test_cookie_form_styles(api: Api) -> None:
    got = params(api, "/c", headers={"Cookie": "session=abc; ids=1,2; pt=x,1,y,2"})
    assert got == {"session": "abc", "ids": [1, 2], "pt": POINT}
    body = problem(api, "/c", headers={"Cookie": "ids=1,x"})
    assert sorted((e["in"], e["name"]) for e in body["errors"]) == [
        ("cookie", "ids"),
        ("cookie", "session"),
    ]


def test_handler_context_carries_the_framework_request(api: Api) -> None:
    body = api.http.get("/q?s=1").json()
    assert body["operation"] == "query_styles"
    assert body["request"] == ("starlette" if api.framework == "fastapi" else "flask")
