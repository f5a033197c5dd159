"""Parameter serialisation against the OpenAPI 3.1.1 style-examples table, and on the wire.

The table's ``undefined`` column is exercised with the empty string, which RFC 6570 expands the
same way (``;color``, ``.``, ``color=``); the runtime treats None as "do not send" instead.
The table rows follow 3.1.1, which corrected 3.1.0's ``label``/``explode: false`` row
(``.blue.black.brown``) to the RFC 6570 result ``.blue,black,brown``.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal

import pytest
from pydantic import BaseModel, ConfigDict, Field
from runtime import (
    BaseClient,
    OperationInfo,
    Param,
    cookie_header,
    encode_query,
    render_path,
    serialize_cookies,
    serialize_header,
)

from .server import ScriptedServer

EMPTY = ""
STRING = "blue"
ARRAY = ["blue", "black", "brown"]
OBJECT = {"R": 100, "G": 200, "B": 150}
VALUES = {"undefined": EMPTY, "string": STRING, "array": ARRAY, "object": OBJECT}

# (style, explode) -> {column: expected}; n/a cells are left out.
SPEC_TABLE: dict[tuple[str, bool], dict[str, str]] = {
    ("matrix", False): {
        "undefined": ";color",
        "string": ";color=blue",
        "array": ";color=blue,black,brown",
        "object": ";color=R,100,G,200,B,150",
    },
    ("matrix", True): {
        "undefined": ";color",
        "string": ";color=blue",
        "array": ";color=blue;color=black;color=brown",
        "object": ";R=100;G=200;B=150",
    },
    ("label", False): {
        "undefined": ".",
        "string": ".blue",
        "array": ".blue,black,brown",
        "object": ".R,100,G,200,B,150",
    },
    ("label", True): {
        "undefined": ".",
        "string": ".blue",
        "array": ".blue.black.brown",
        "object": ".R=100.G=200.B=150",
    },
    ("simple", False): {
        "undefined": "",
        "string": "blue",
        "array": "blue,black,brown",
        "object": "R,100,G,200,B,150",
    },
    ("simple", True): {
        "undefined": "",
        "string": "blue",
        "array": "blue,black,brown",
        "object": "R=100,G=200,B=150",
    },
    ("form", False): {
        "undefined": "color=",
        "string": "color=blue",
        "array": "color=blue,black,brown",
        "object": "color=R,100,G,200,B,150",
    },
    ("form", True): {
        "undefined": "color=",
        "string": "color=blue",
        "array": "color=blue&color=black&color=brown",
        "object": "R=100&G=200&B=150",
    },
    ("spaceDelimited", False): {
        "array": "color=blue%20black%20brown",
        "object": "color=R%20100%20G%20200%20B%20150",
    },
    ("pipeDelimited", False): {
        "array": "color=blue%7Cblack%7Cbrown",
        "object": "color=R%7C100%7CG%7C200%7CB%7C150",
    },
    ("deepObject", True): {
        "object": "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150",
    },
}
PATH_STYLES = {"matrix", "label", "simple"}
CASES = [
    pytest.param(style, explode, column, expected, id=f"{style}-{explode}-{column}")
    for (style, explode), row in SPEC_TABLE.items()
    for column, expected in row.items()
]


def serialise(style: str, explode: bool, value: object) -> str:
    param = Param("color", value, style, explode)  # type: ignore[arg-type]
    if style in PATH_STYLES:
        return render_path("{color}", [param])
    return encode_query([param])


@pytest.mark.parametrize(("style", "explode", "column", "expected"), CASES)
def test_spec_style_table(style: str, explode: bool, column: str, expected: str) -> None:
    assert serialise(style, explode, VALUES[column]) == expected


def test_table_covers_every_cell_the_spec_defines() -> None:
    assert len(CASES) == 8 * 4 + 2 + 2 + 1


# Headers use the simple style without percent-encoding, and the value only (no name).
@pytest.mark.parametrize(
    ("explode", "value", "expected"),
    [
        (False, STRING, "blue"),
        (False, ARRAY, "blue,black,brown"),
        (True, ARRAY, "blue,black,brown"),
        (False, OBJECT, "R,100,G,200,B,150"),
        (True, OBJECT, "R=100,G=200,B=150"),
    ],
)
def test_header_simple_style(explode: bool, value: object, expected: str) -> None:
    assert serialize_header(Param("X-Color", value, "simple", explode)) == expected


@pytest.mark.parametrize(
    ("explode", "value", "expected"),
    [
        (True, STRING, "color=blue"),
        (False, ARRAY, "color=blue,black,brown"),
        (True, ARRAY, "color=blue; color=black; color=brown"),
        (False, OBJECT, "color=R,100,G,200,B,150"),
        (True, OBJECT, "R=100; G=200; B=150"),
    ],
)
def test_cookie_form_style(explode: bool, value: object, expected: str) -> None:
    pairs = serialize_cookies([Param("color", value, "form", explode)])
    assert cookie_header(pairs) == expected


def test_defaults_follow_the_location() -> None:
    # path/header: simple, explode false; query/cookie: form, explode true.
    assert render_path("/p/{id}", [Param("id", ARRAY)]) == "/p/blue,black,brown"
    assert encode_query([Param("color", ARRAY)]) == "color=blue&color=black&color=brown"
    assert serialize_header(Param("X", OBJECT)) == "R,100,G,200,B,150"
    assert serialize_cookies([Param("c", ARRAY)]) == [("c", "blue"), ("c", "black"), ("c", "brown")]


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


class Level(enum.IntEnum):
    LOW = 1


class Filter(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    min_price: int | None = Field(default=None, alias="minPrice")
    colour: Colour | None = None
    tags: list[str] | None = None


def test_value_types() -> None:
    moment = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    ident = uuid.UUID("12345678-1234-5678-1234-567812345678")
    query = encode_query(
        [
            Param("yes", True),
            Param("no", False),
            Param("n", 42),
            Param("x", 1.5),
            Param("colour", Colour.RED),
            Param("level", Level.LOW),
            Param("day", dt.date(2024, 1, 2)),
            Param("at", moment),
            Param("id", ident),
            Param("price", Decimal("9.99")),
            Param("absent", None),
            Param("list", ["a", None, Colour.GREEN, 3, True]),
        ]
    )
    assert query == (
        "yes=true&no=false&n=42&x=1.5&colour=red&level=1&day=2024-01-02"
        "&at=2024-01-02T03%3A04%3A05Z&id=12345678-1234-5678-1234-567812345678&price=9.99"
        "&list=a&list=green&list=3&list=true"
    )


def test_model_values_dump_by_alias_without_none() -> None:
    value = Filter(min_price=5, colour=Colour.GREEN)
    assert encode_query([Param("filter", value, "deepObject", True)]) == (
        "filter%5BminPrice%5D=5&filter%5Bcolour%5D=green"
    )
    assert encode_query([Param("filter", value, "form", True)]) == "minPrice=5&colour=green"
    assert serialize_header(Param("X-Filter", value, explode=True)) == "minPrice=5,colour=green"


def test_deep_object_nests_objects_and_repeats_arrays() -> None:
    value = {"price": {"gte": 1, "lte": 9}, "tags": ["a", "b"], "skip": None}
    assert encode_query([Param("f", value, "deepObject", True)]) == (
        "f%5Bprice%5D%5Bgte%5D=1&f%5Bprice%5D%5Blte%5D=9&f%5Btags%5D=a&f%5Btags%5D=b"
    )


def test_reserved_characters_and_unicode() -> None:
    tricky = "a/b:c?d&e=f #ü,"
    assert encode_query([Param("q", tricky)]) == "q=a%2Fb%3Ac%3Fd%26e%3Df%20%23%C3%BC%2C"
    # allowReserved keeps RFC 3986 reserved characters (but never "#") and existing escapes.
    assert encode_query([Param("q", tricky + "%41", allow_reserved=True)]) == (
        "q=a/b:c?d&e=f%20%23%C3%BC,%41"
    )
    assert render_path("/files/{p}", [Param("p", "dir/a b")]) == "/files/dir%2Fa%20b"
    assert render_path("/files/{p}", [Param("p", "dir/a?b", allow_reserved=True)]) == (
        "/files/dir/a%3Fb"
    )
    # A delimiter inside a value is encoded so the list stays unambiguous.
    assert encode_query([Param("c", ["a,b", "c"], "form", False)]) == "c=a%2Cb,c"
    assert render_path("{c}", [Param("c", ["a;b", "c"], "matrix", True)]) == ";c=a%3Bb;c=c"


def test_json_content_parameters() -> None:
    value = {"lat": 1.5, "long": -2, "name": None}
    assert encode_query([Param("coords", value, content_type="application/json")]) == (
        "coords=%7B%22lat%22%3A1.5%2C%22long%22%3A-2%7D"
    )
    header = Param("X-Coords", value, content_type="application/json")
    assert serialize_header(header) == '{"lat":1.5,"long":-2}'


def test_cookie_values_keep_token_characters() -> None:
    pairs = serialize_cookies([Param("session", "abc=/+", "form", True), Param("x", "a b;c")])
    assert cookie_header(pairs) == "session=abc=/+; x=a%20b%3Bc"


def test_errors_for_bad_parameters() -> None:
    with pytest.raises(ValueError, match="required"):
        render_path("/pets/{id}", [Param("id", None)])
    with pytest.raises(ValueError, match="no value for path parameter 'id'"):
        render_path("/pets/{id}", [])
    with pytest.raises(ValueError, match="not valid for query"):
        encode_query([Param("x", "1", "matrix")])
    with pytest.raises(ValueError, match="not valid for header"):
        serialize_header(Param("x", "1", "form"))


# --- what a real server receives ----------------------------------------------------------

OP = OperationInfo("GET", "/styles/{simple}/{label}/{matrix}/{matrixx}", "styles")


def test_server_receives_serialised_parameters(server: ScriptedServer) -> None:
    with BaseClient(base_url=server.base_url) as client:
        response = client.request(
            OP,
            path_params=[
                Param("simple", OBJECT, "simple", True),
                Param("label", ARRAY, "label", False),
                Param("matrix", OBJECT, "matrix", False),
                Param("matrixx", ARRAY, "matrix", True),
            ],
            query=[
                Param("form", ARRAY, "form", False),
                Param("exploded", ARRAY),
                Param("spaced", ARRAY, "spaceDelimited", False),
                Param("piped", ARRAY, "pipeDelimited", False),
                Param("deep", OBJECT, "deepObject", True),
                Param("skipped", None),
                Param("text", "a b&c=d"),
            ],
            headers=[Param("X-Colour", OBJECT, explode=True), Param("X-None", None)],
            cookies=[Param("color", ARRAY, "form", False), Param("session", "s=1")],
        )
    assert response.status_code == 200
    (received,) = server.requests()
    assert received.raw_path == (
        "/styles/R=100,G=200,B=150/.blue,black,brown/;matrix=R,100,G,200,B,150"
        "/;matrixx=blue;matrixx=black;matrixx=brown"
    )
    assert received.raw_query == (
        "form=blue,black,brown&exploded=blue&exploded=black&exploded=brown"
        "&spaced=blue%20black%20brown&piped=blue%7Cblack%7Cbrown"
        "&deep%5BR%5D=100&deep%5BG%5D=200&deep%5BB%5D=150&text=a%20b%26c%3Dd"
    )
    assert received.query() == {
        "form": ["blue,black,brown"],
        "exploded": ARRAY,
        "spaced": ["blue black brown"],
        "piped": ["blue|black|brown"],
        "deep[R]": ["100"],
        "deep[G]": ["200"],
        "deep[B]": ["150"],
        "text": ["a b&c=d"],
    }
    assert received.header("X-Colour") == "R=100,G=200,B=150"
    assert received.header("X-None") is None
    assert received.header("Cookie") == "color=blue,black,brown; session=s=1"


def test_server_receives_encoded_path_segment(server: ScriptedServer) -> None:
    op = OperationInfo("GET", "/files/{name}", "getFile")
    with BaseClient(base_url=server.base_url + "/api/") as client:
        client.request(op, path_params=[Param("name", "a/b c?.txt")])
    (received,) = server.requests()
    assert received.raw_path == "/api/files/a%2Fb%20c%3F.txt"
    assert received.raw_query == ""
