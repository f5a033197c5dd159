"""A tiny contract and a hand-written WSGI app for it with one planted bug (stdlib only).

The app is faithful to the contract except that a quantity above 900 makes it fail (a 500):
a valid request that the suite's example and generated cases never send, and that
``--apigen-fuzz`` must find.  Its form operation (``addNote``) has nothing fuzzing breaks on
purpose, so its invalid-request test is skipped, saying why.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

SPEC = """\
openapi: 3.0.3
info: {title: Stock room, version: 1.0.0}
paths:
  /items:
    post:
      operationId: addItem
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewItem'}
            example: {sku: A-1, quantity: 3}
      responses:
        '201':
          description: Added.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
        '400':
          description: The request breaks the contract.
  /notes:
    post:
      operationId: addNote
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [text]
              properties: {text: {type: string, maxLength: 50}}
      responses:
        '204':
          description: Noted.
        '400':
          description: The request breaks the contract.
components:
  schemas:
    NewItem:
      type: object
      required: [sku, quantity]
      properties:
        sku: {type: string, minLength: 1, maxLength: 20}
        quantity: {type: integer, minimum: 0, maximum: 1000}
    Item:
      allOf:
        - $ref: '#/components/schemas/NewItem'
        - type: object
          required: [id]
          properties:
            id: {type: integer}
"""
#: Quantities above this make the app fail: the planted bug.
OVERFLOW = 900


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    status, body = _route(environ)
    data = b"" if body is None else json.dumps(body).encode()
    headers = [("Content-Length", str(len(data)))]
    if body is not None:
        headers.append(("Content-Type", "application/json"))
    start_response(status, headers)
    return [data]


def _route(environ: dict[str, Any]) -> tuple[str, Any]:
    if environ["REQUEST_METHOD"] != "POST" or environ["PATH_INFO"] not in ("/items", "/notes"):
        return "404 Not Found", None
    size = int(environ.get("CONTENT_LENGTH") or 0)
    data = environ["wsgi.input"].read(size)
    if environ["PATH_INFO"] == "/notes":
        text = parse_qs(data.decode(), keep_blank_values=True).get("text", [])
        return (
            "204 No Content" if len(text) == 1 and len(text[0]) <= 50 else "400 Bad Request"
        ), None
    try:
        item = json.loads(data or b"null")
    except ValueError:
        return "400 Bad Request", None
    if not _valid(item):
        return "400 Bad Request", None
    if item["quantity"] > OVERFLOW:
        return "500 Internal Server Error", {"error": "the shelf overflows"}
    return "201 Created", {"sku": item["sku"], "quantity": item["quantity"], "id": 1}


def _valid(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    sku, quantity = item.get("sku"), item.get("quantity")
    return (
        isinstance(sku, str)
        and 1 <= len(sku) <= 20
        and isinstance(quantity, int)
        and not isinstance(quantity, bool)
        and 0 <= quantity <= 1000
    )
