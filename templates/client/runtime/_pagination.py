"""Walking paginated list operations page by page, yielding items.

Generated code builds a ``SyncPage``/``AsyncPage`` from two things: a ``fetch`` callable that
performs the operation for a ``PageRequest`` (extra query parameters, or a full next-page URL)
and returns ``(items, response)``, and a strategy object that knows how the API paginates.
Strategies are stateless: the current position lives in the ``PageRequest``, so a page object
can be iterated again from the start, and nothing is fetched until iteration begins.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeAlias, TypeVar

import httpx

from ._config import RequestOptions

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    """Which page to fetch: query parameters to set, or an absolute URL from a ``Link`` header."""

    query: Mapping[str, object] = field(default_factory=dict)
    url: str | None = None

    def options(self, base: RequestOptions | None = None) -> RequestOptions:
        """Merge this page's position into per-call ``RequestOptions`` for ``request``."""
        merged: RequestOptions = {}
        if base:
            merged.update(base)
        if self.query:
            merged["extra_query"] = {**(merged.get("extra_query") or {}), **self.query}
        if self.url is not None:
            merged["url"] = self.url
        return merged


@dataclass(frozen=True)
class Page(Generic[T]):
    """One fetched page: its items, the raw response, and the request that produced it."""

    items: Sequence[T]
    response: httpx.Response
    request: PageRequest


class PaginationStrategy(ABC):
    """How an API says where the next page is."""

    @abstractmethod
    def first(self) -> PageRequest:
        """The request for the first page."""

    @abstractmethod
    def next(
        self, current: PageRequest, items: Sequence[object], response: httpx.Response
    ) -> PageRequest | None:
        """The request for the page after ``current``, or None when ``current`` was the last."""


def _json_path(response: httpx.Response, path: str | Sequence[str]) -> Any:
    """Look up ``a.b.c`` (or ``["a", "b", "c"]``) in the JSON body; None if absent."""
    keys = path.split(".") if isinstance(path, str) else list(path)
    try:
        node: Any = response.json()
    except ValueError:
        return None
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _as_int(value: object) -> int | None:
    """Read a page number/offset/total given as int or numeric string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


class CursorPagination(PaginationStrategy):
    """An opaque cursor (next token) sent back in ``param``.

    The next cursor comes from the body field at ``body_path`` (dotted, e.g. ``"meta.next"``)
    or from the response header ``header``. Iteration stops when there is no cursor, when a
    page is empty, when ``has_more_path`` is given and false, or when the server repeats the
    cursor it was just sent (which would otherwise loop forever).
    """

    def __init__(
        self,
        param: str = "cursor",
        *,
        body_path: str | Sequence[str] | None = None,
        header: str | None = None,
        has_more_path: str | Sequence[str] | None = None,
        start: str | None = None,
    ) -> None:
        if (body_path is None) == (header is None):
            raise ValueError("give exactly one of body_path and header")
        self.param = param
        self.body_path = body_path
        self.header = header
        self.has_more_path = has_more_path
        self.start = start

    def first(self) -> PageRequest:
        return PageRequest({self.param: self.start} if self.start is not None else {})

    def next(
        self, current: PageRequest, items: Sequence[object], response: httpx.Response
    ) -> PageRequest | None:
        if not items:
            return None
        if self.has_more_path is not None and not _json_path(response, self.has_more_path):
            return None
        if self.header is not None:
            cursor: object = response.headers.get(self.header)
        else:
            assert self.body_path is not None
            cursor = _json_path(response, self.body_path)
        if cursor is None or cursor == "" or isinstance(cursor, (dict, list, bool)):
            return None
        text = str(cursor)
        if current.query.get(self.param) == text:
            return None
        return PageRequest({self.param: text})


class LastItemPagination(PaginationStrategy):
    """The cursor is a field of the last item of a page (Stripe: ``starting_after=<last id>``).

    The items are read from the JSON body at ``items_path`` (``"data"``), so the cursor is the
    value the server sent, whatever the item's Python model calls that field. Iteration stops
    on an empty page, when ``has_more_path`` is given and false, when the last item has no
    usable ``id_field``, or when the cursor repeats the one just sent.
    """

    def __init__(
        self,
        param: str = "starting_after",
        *,
        items_path: str | Sequence[str] = "data",
        id_field: str = "id",
        has_more_path: str | Sequence[str] | None = "has_more",
        start: str | None = None,
    ) -> None:
        self.param = param
        self.items_path = items_path
        self.id_field = id_field
        self.has_more_path = has_more_path
        self.start = start

    def first(self) -> PageRequest:
        return PageRequest({self.param: self.start} if self.start is not None else {})

    def next(
        self, current: PageRequest, items: Sequence[object], response: httpx.Response
    ) -> PageRequest | None:
        if not items:
            return None
        if self.has_more_path is not None and _json_path(response, self.has_more_path) is not True:
            return None
        raw = _json_path(response, self.items_path)
        last = raw[-1] if isinstance(raw, list) and raw else None
        cursor = last.get(self.id_field) if isinstance(last, dict) else None
        if cursor is None or cursor == "" or isinstance(cursor, (dict, list, bool)):
            return None
        text = str(cursor)
        if current.query.get(self.param) == text:
            return None
        return PageRequest({self.param: text})


class PagePagination(PaginationStrategy):
    """Numbered pages (``page=1, 2, ...``), optionally with a page size parameter.

    Stops on an empty page, on a page shorter than ``page_size`` (when known), or when the page
    number reaches the total found at ``total_pages_path``. ``size_param`` + ``page_size`` make
    the strategy send the size itself; leave them None when the operation already sends it.
    """

    def __init__(
        self,
        page_param: str = "page",
        *,
        size_param: str | None = None,
        page_size: int | None = None,
        start: int = 1,
        total_pages_path: str | Sequence[str] | None = None,
    ) -> None:
        self.page_param = page_param
        self.size_param = size_param
        self.page_size = page_size
        self.start = start
        self.total_pages_path = total_pages_path

    def _request(self, page: int) -> PageRequest:
        query: dict[str, object] = {self.page_param: page}
        if self.size_param is not None and self.page_size is not None:
            query[self.size_param] = self.page_size
        return PageRequest(query)

    def first(self) -> PageRequest:
        return self._request(self.start)

    def next(
        self, current: PageRequest, items: Sequence[object], response: httpx.Response
    ) -> PageRequest | None:
        page = _as_int(current.query.get(self.page_param))
        if page is None or not items:
            return None
        if self.page_size is not None and len(items) < self.page_size:
            return None
        if self.total_pages_path is not None:
            total = _as_int(_json_path(response, self.total_pages_path))
            if total is not None and page >= total:
                return None
        return self._request(page + 1)


class OffsetPagination(PaginationStrategy):
    """``offset``/``limit`` windows: the next offset is the current one plus the items seen.

    Stops on an empty page, on a page shorter than ``limit`` (when known), or once the offset
    reaches the total found at ``total_path``.
    """

    def __init__(
        self,
        offset_param: str = "offset",
        *,
        limit_param: str | None = "limit",
        limit: int | None = None,
        start: int = 0,
        total_path: str | Sequence[str] | None = None,
    ) -> None:
        self.offset_param = offset_param
        self.limit_param = limit_param
        self.limit = limit
        self.start = start
        self.total_path = total_path

    def _request(self, offset: int) -> PageRequest:
        query: dict[str, object] = {self.offset_param: offset}
        if self.limit_param is not None and self.limit is not None:
            query[self.limit_param] = self.limit
        return PageRequest(query)

    def first(self) -> PageRequest:
        return self._request(self.start)

    def next(
        self, current: PageRequest, items: Sequence[object], response: httpx.Response
    ) -> PageRequest | None:
        offset = _as_int(current.query.get(self.offset_param))
        if offset is None or not items:
            return None
        if self.limit is not None and len(items) < self.limit:
            return None
        following = offset + len(items)
        if self.total_path is not None:
            total = _as_int(_json_path(response, self.total_path))
            if total is not None and following >= total:
                return None
        return self._request(following)


def _split_top_level(value: str, separator: str) -> list[str]:
    """Split on ``separator`` outside ``<...>`` targets and quoted strings."""
    parts: list[str] = []
    current: list[str] = []
    in_angle = in_quote = escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif in_quote:
            escaped = char == "\\"
            in_quote = char != '"'
        elif in_angle:
            in_angle = char != ">"
        elif char == '"':
            in_quote = True
        elif char == "<":
            in_angle = True
        elif char == separator:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _unquote(value: str) -> str:
    """Strip RFC 8288 quoted-string quoting from a parameter value."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def parse_link_header(values: Sequence[str]) -> dict[str, str]:
    """Map each ``rel`` to its target URL from RFC 8288 ``Link`` header values.

    A link with several relation types (``rel="next last"``) is registered under each; the
    first link for a relation wins. Targets are returned as written (possibly relative).
    """
    links: dict[str, str] = {}
    for value in values:
        for link in _split_top_level(value, ","):
            link = link.strip()
            if not link.startswith("<") or ">" not in link:
                continue
            target, _, rest = link[1:].partition(">")
            for param in _split_top_level(rest, ";"):
                name, equals, raw = param.partition("=")
                if not equals or name.strip().lower() != "rel":
                    continue
                for relation in _unquote(raw).lower().split():
                    links.setdefault(relation, target.strip())
    return links


class LinkHeaderPagination(PaginationStrategy):
    """RFC 8288 ``Link: <url>; rel="next"`` headers (GitHub style): follow the link as is.

    Relative targets are resolved against the URL of the response that carried them.
    Stops when there is no such link, on an empty page, or if the link points to the page
    just fetched.
    """

    def __init__(self, rel: str = "next") -> None:
        self.rel = rel.lower()

    def first(self) -> PageRequest:
        return PageRequest()

    def next(
        self, current: PageRequest, items: Sequence[object], response: httpx.Response
    ) -> PageRequest | None:
        if not items:
            return None
        target = parse_link_header(response.headers.get_list("link")).get(self.rel)
        if not target:
            return None
        absolute = str(response.url.join(target))
        if absolute == str(response.url):
            return None
        return PageRequest(url=absolute)


FetchPage: TypeAlias = Callable[[PageRequest], tuple[Sequence[T], httpx.Response]]
AsyncFetchPage: TypeAlias = Callable[[PageRequest], Awaitable[tuple[Sequence[T], httpx.Response]]]


class SyncPage(Generic[T]):
    """Lazily iterates every item of every page; ``pages()`` iterates pages instead.

    ``max_pages`` bounds how many pages one iteration fetches (None: until the last page).
    """

    def __init__(
        self,
        fetch: FetchPage[T],
        strategy: PaginationStrategy,
        *,
        max_pages: int | None = None,
    ) -> None:
        self._fetch = fetch
        self._strategy = strategy
        self._max_pages = max_pages

    def pages(self) -> Iterator[Page[T]]:
        """Fetch and yield pages one at a time, starting from the first."""
        request: PageRequest | None = self._strategy.first()
        fetched = 0
        while request is not None and (self._max_pages is None or fetched < self._max_pages):
            items, response = self._fetch(request)
            fetched += 1
            yield Page(items, response, request)
            request = self._strategy.next(request, items, response)

    def first_page(self) -> Page[T]:
        """Fetch only the first page (e.g. to look at totals or headers)."""
        request = self._strategy.first()
        items, response = self._fetch(request)
        return Page(items, response, request)

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPage(Generic[T]):
    """Asynchronous twin of ``SyncPage``: ``async for item in page`` / ``page.pages()``."""

    def __init__(
        self,
        fetch: AsyncFetchPage[T],
        strategy: PaginationStrategy,
        *,
        max_pages: int | None = None,
    ) -> None:
        self._fetch = fetch
        self._strategy = strategy
        self._max_pages = max_pages

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Fetch and yield pages one at a time, starting from the first."""
        request: PageRequest | None = self._strategy.first()
        fetched = 0
        while request is not None and (self._max_pages is None or fetched < self._max_pages):
            items, response = await self._fetch(request)
            fetched += 1
            yield Page(items, response, request)
            request = self._strategy.next(request, items, response)

    async def first_page(self) -> Page[T]:
        """Fetch only the first page."""
        request = self._strategy.first()
        items, response = await self._fetch(request)
        return Page(items, response, request)

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def to_list(self) -> list[T]:
        """Collect every item (convenient in scripts and tests)."""
        return [item async for item in self]
