"""Pagination patterns, sync and async, against a server that paginates for real.

The ``fetch`` functions below are written the way generated code is meant to write them:
``request`` with the page's options merged in, ``parse`` into the page model, return
``(items, response)``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import cast

import httpx
import pytest
from pydantic import BaseModel, TypeAdapter
from runtime import (
    AsyncBaseClient,
    AsyncPage,
    BaseClient,
    CursorPagination,
    LastItemPagination,
    LinkHeaderPagination,
    OffsetPagination,
    OperationInfo,
    PagePagination,
    PageRequest,
    PaginationStrategy,
    Param,
    SyncPage,
    parse,
    parse_link_header,
)

from .server import Received, Reply, ScriptedServer, json_reply

ITEMS = [{"id": n} for n in range(10)]


class Item(BaseModel):
    id: int


class ItemPage(BaseModel):
    data: list[Item]


PAGE = TypeAdapter(ItemPage)
LIST = OperationInfo("GET", "/items", "listItems")


def one(received: Received, name: str, default: int) -> int:
    return int(received.query().get(name, [str(default)])[0])


def paginating(server: ScriptedServer) -> Callable[[Received], Reply]:
    """Serve ITEMS in every supported style, chosen by the ``style`` query parameter."""

    def handler(received: Received) -> Reply:
        style = received.query()["style"][0]
        if style in ("cursor", "cursor-header", "cursor-stuck"):
            start = int(received.query().get("cursor", ["c0"])[0][1:])
            chunk = ITEMS[start : start + 4]
            following = f"c{start + 4}" if start + 4 < len(ITEMS) else None
            if style == "cursor-stuck":
                following = "c0"
            if style == "cursor-header":
                headers = {"X-Next-Cursor": following} if following else {}
                return json_reply(200, {"data": chunk}, headers)
            return json_reply(200, {"data": chunk, "meta": {"next": following}})
        if style in ("last-item", "last-item-no-flag"):
            after = received.query().get("starting_after")
            start = int(after[0]) + 1 if after else 0
            chunk = ITEMS[start : start + 4]
            listing: dict[str, object] = {"object": "list", "data": chunk, "url": "/items"}
            if style == "last-item":
                listing["has_more"] = start + 4 < len(ITEMS)
            return json_reply(200, listing)
        if style == "page":
            page, size = one(received, "page", 1), one(received, "per_page", 4)
            return json_reply(200, {"data": ITEMS[(page - 1) * size : page * size]})
        if style in ("offset", "offset-total"):
            offset, limit = one(received, "offset", 0), one(received, "limit", 3)
            body: dict[str, object] = {"data": ITEMS[offset : offset + limit]}
            if style == "offset-total":
                body["total"] = len(ITEMS)
            return json_reply(200, body)
        if style in ("link", "link-relative", "link-foreign"):
            page = one(received, "page", 1)
            chunk = ITEMS[(page - 1) * 4 : page * 4]
            links = []
            if page * 4 < len(ITEMS):
                target = f"/items?style={style}&page={page + 1}"
                if style == "link":
                    target = server.url(target)
                elif style == "link-foreign":
                    target = f"http://localhost:{server.port}{target}"
                links.append(f'<{target}>; rel="next"')
            links.append(f'<{server.url("/items?page=3")}>; rel="last"')
            return json_reply(200, {"data": chunk}, {"Link": ", ".join(links)})
        return json_reply(400, {"message": f"unknown style {style}"})

    return handler


def sync_fetch(
    client: BaseClient, style: str
) -> Callable[[PageRequest], tuple[list[Item], httpx.Response]]:
    def fetch(page: PageRequest) -> tuple[list[Item], httpx.Response]:
        response = client.request(LIST, query=[Param("style", style)], options=page.options())
        return cast(ItemPage, parse(response, {"200": PAGE})).data, response

    return fetch


def async_fetch(
    client: AsyncBaseClient, style: str
) -> Callable[[PageRequest], Awaitable[tuple[list[Item], httpx.Response]]]:
    async def fetch(page: PageRequest) -> tuple[list[Item], httpx.Response]:
        response = await client.request(LIST, query=[Param("style", style)], options=page.options())
        return cast(ItemPage, parse(response, {"200": PAGE})).data, response

    return fetch


PATTERNS: list[tuple[str, Callable[[], PaginationStrategy], list[str]]] = [
    (
        "cursor",
        lambda: CursorPagination("cursor", body_path="meta.next"),
        ["style=cursor", "style=cursor&cursor=c4", "style=cursor&cursor=c8"],
    ),
    (
        "cursor-header",
        lambda: CursorPagination("cursor", header="X-Next-Cursor"),
        [
            "style=cursor-header",
            "style=cursor-header&cursor=c4",
            "style=cursor-header&cursor=c8",
        ],
    ),
    (
        "last-item",
        lambda: LastItemPagination("starting_after", items_path="data", id_field="id"),
        [
            "style=last-item",
            "style=last-item&starting_after=3",
            "style=last-item&starting_after=7",
        ],
    ),
    (
        # Without a has-more flag the walk ends at the first empty page.
        "last-item-no-flag",
        lambda: LastItemPagination(has_more_path=None),
        [f"style=last-item-no-flag{f'&starting_after={n}' if n else ''}" for n in (0, 3, 7, 9)],
    ),
    (
        "page",
        lambda: PagePagination("page", size_param="per_page", page_size=4),
        [
            "style=page&page=1&per_page=4",
            "style=page&page=2&per_page=4",
            "style=page&page=3&per_page=4",
        ],
    ),
    (
        "offset",
        lambda: OffsetPagination("offset", limit_param="limit", limit=3),
        [f"style=offset&offset={n}&limit=3" for n in (0, 3, 6, 9)],
    ),
    (
        "offset-total",
        lambda: OffsetPagination("offset", limit_param=None, total_path="total"),
        [
            "style=offset-total&offset=0",
            "style=offset-total&offset=3",
            "style=offset-total&offset=6",
            "style=offset-total&offset=9",
        ],
    ),
    (
        "link",
        lambda: LinkHeaderPagination(),
        ["style=link", "style=link&page=2", "style=link&page=3"],
    ),
    (
        "link-relative",
        lambda: LinkHeaderPagination("next"),
        ["style=link-relative", "style=link-relative&page=2", "style=link-relative&page=3"],
    ),
]


@pytest.mark.parametrize(("style", "strategy", "queries"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_sync_pagination(
    server: ScriptedServer,
    style: str,
    strategy: Callable[[], PaginationStrategy],
    queries: list[str],
) -> None:
    server.route("/items", paginating(server))
    with BaseClient(base_url=server.base_url) as client:
        pager = SyncPage(sync_fetch(client, style), strategy())
        assert [item.id for item in pager] == list(range(10))
    assert [r.raw_query for r in server.requests()] == queries


@pytest.mark.parametrize(("style", "strategy", "queries"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_async_pagination(
    server: ScriptedServer,
    style: str,
    strategy: Callable[[], PaginationStrategy],
    queries: list[str],
) -> None:
    server.route("/items", paginating(server))

    async def main() -> list[int]:
        async with AsyncBaseClient(base_url=server.base_url) as client:
            pager = AsyncPage(async_fetch(client, style), strategy())
            return [item.id async for item in pager]

    assert asyncio.run(main()) == list(range(10))
    assert [r.raw_query for r in server.requests()] == queries


def test_page_pagination_stops_on_an_empty_page(server: ScriptedServer) -> None:
    server.route("/items", paginating(server))
    with BaseClient(base_url=server.base_url) as client:
        # Page size unknown to the strategy: it stops at the first empty page.
        pager = SyncPage(sync_fetch(client, "page"), PagePagination("page"))
        assert len(list(pager)) == 10
    assert [one(r, "page", 0) for r in server.requests()] == [1, 2, 3, 4]


def test_pages_first_page_max_pages_and_reiteration(server: ScriptedServer) -> None:
    server.route("/items", paginating(server))
    with BaseClient(base_url=server.base_url) as client:
        pager = SyncPage(sync_fetch(client, "cursor"), CursorPagination(body_path="meta.next"))
        pages = list(pager.pages())
        assert [[i.id for i in p.items] for p in pages] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
        assert pages[1].request == PageRequest({"cursor": "c4"})
        assert pages[1].response.json()["meta"]["next"] == "c8"
        assert [i.id for i in pager.first_page().items] == [0, 1, 2, 3]
        assert [i.id for i in pager] == list(range(10))  # starts over
        limited = SyncPage(
            sync_fetch(client, "cursor"), CursorPagination(body_path="meta.next"), max_pages=2
        )
        assert len(list(limited)) == 8
    assert len(server.requests()) == 3 + 1 + 3 + 2


def test_async_pages_and_to_list(server: ScriptedServer) -> None:
    server.route("/items", paginating(server))

    async def main() -> tuple[int, list[int], list[int]]:
        async with AsyncBaseClient(base_url=server.base_url) as client:
            pager = AsyncPage(async_fetch(client, "page"), PagePagination(page_size=4))
            count = len([page async for page in pager.pages()])
            first = [i.id for i in (await pager.first_page()).items]
            return count, first, [i.id for i in await pager.to_list()]

    assert asyncio.run(main()) == (3, [0, 1, 2, 3], list(range(10)))


def test_repeated_cursor_does_not_loop(server: ScriptedServer) -> None:
    server.route("/items", paginating(server))
    with BaseClient(base_url=server.base_url) as client:
        pager = SyncPage(
            sync_fetch(client, "cursor-stuck"), CursorPagination(body_path="meta.next")
        )
        assert [i.id for i in pager] == [0, 1, 2, 3] * 2
    assert len(server.requests()) == 2


def test_link_to_another_origin_is_refused(server: ScriptedServer) -> None:
    server.route("/items", paginating(server))
    with BaseClient(base_url=server.base_url) as client:
        pager = SyncPage(sync_fetch(client, "link-foreign"), LinkHeaderPagination())
        with pytest.raises(ValueError, match="refusing to send credentials"):
            list(pager)
    assert len(server.requests()) == 1


def test_page_options_replace_operation_params(server: ScriptedServer) -> None:
    with BaseClient(base_url=server.base_url) as client:
        options = PageRequest({"page": 2}).options({"extra_query": {"x": "1"}, "max_retries": 0})
        assert options == {"extra_query": {"x": "1", "page": 2}, "max_retries": 0}
        client.request(LIST, query=[Param("page", 1), Param("q", "a")], options=options)
    assert server.requests()[0].raw_query == "q=a&x=1&page=2"


def test_parse_link_header() -> None:
    value = (
        '<https://api.example.com/items?page=2&a=1,2>; rel="next", '
        '<https://api.example.com/items?page=9>; title="a, b; c"; rel="last end", '
        "</items?page=1>; rel=first, <https://other/>; rel=next"
    )
    assert parse_link_header([value, '<https://x/prev>; REL="Prev"']) == {
        "next": "https://api.example.com/items?page=2&a=1,2",
        "last": "https://api.example.com/items?page=9",
        "end": "https://api.example.com/items?page=9",
        "first": "/items?page=1",
        "prev": "https://x/prev",
    }
    assert parse_link_header(["garbage", ""]) == {}


def test_cursor_strategy_needs_exactly_one_source() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        CursorPagination()
    with pytest.raises(ValueError, match="exactly one"):
        CursorPagination(body_path="next", header="X-Next")


def test_has_more_and_total_pages_fields() -> None:
    def reply(body: object) -> httpx.Response:
        return httpx.Response(200, json=body, request=httpx.Request("GET", "http://127.0.0.1/"))

    cursor = CursorPagination("after", body_path="next", has_more_path="has_more")
    start = cursor.first()
    assert start == PageRequest()
    assert cursor.next(start, [1], reply({"next": "x", "has_more": True})) == PageRequest(
        {"after": "x"}
    )
    assert cursor.next(start, [1], reply({"next": "x", "has_more": False})) is None
    assert cursor.next(start, [1], reply({"has_more": True})) is None

    pages = PagePagination(total_pages_path=["meta", "pages"], start=2)
    second = pages.first()
    assert second == PageRequest({"page": 2})
    assert pages.next(second, [1], reply({"meta": {"pages": 3}})) == PageRequest({"page": 3})
    assert pages.next(PageRequest({"page": 3}), [1], reply({"meta": {"pages": 3}})) is None


def test_last_item_cursor_stops() -> None:
    def reply(body: object) -> httpx.Response:
        return httpx.Response(200, json=body, request=httpx.Request("GET", "http://127.0.0.1/"))

    strategy = LastItemPagination("after", items_path=["result", "rows"], id_field="key")
    start = strategy.first()
    assert start == PageRequest()
    page = {"result": {"rows": [{"key": "a"}, {"key": "b"}]}, "has_more": True}
    assert strategy.next(start, [1, 2], reply(page)) == PageRequest({"after": "b"})
    assert strategy.next(start, [1, 2], reply({**page, "has_more": False})) is None
    assert strategy.next(start, [1, 2], reply({"result": page["result"]})) is None  # no flag
    assert strategy.next(start, [], reply(page)) is None
    assert strategy.next(PageRequest({"after": "b"}), [1], reply(page)) is None  # repeated
    for last in ({"key": None}, {"key": ""}, {"key": {"x": 1}}, {}, "b"):
        body = {"result": {"rows": [{"key": "a"}, last]}, "has_more": True}
        assert strategy.next(start, [1, 2], reply(body)) is None
    assert LastItemPagination(start="z").first() == PageRequest({"starting_after": "z"})
