"""Runtime of the generated server: copied verbatim into ``<package>/_generated/_runtime/``.

No dependency on apigen.  The core (every module but the adapters) imports only pydantic;
``fastapi_adapter`` imports FastAPI/Starlette, ``flask_adapter`` Flask/Werkzeug, and a
generated project holds only the adapter of its framework (import it by module, it is not
re-exported here).

API summary (what generated code uses; keep current):

- ``spec``: frozen dataclasses the generated ``operations.py`` instantiates.
  ``ParamSpec(name, wire, location, style, explode, required, shape="scalar",
  default=MISSING, allow_empty=False, properties=(), content=None)``: style/explode are the
  effective values (defaults applied); ``default`` is the spec's JSON default (validated
  like a received value); ``properties`` lists an exploded form object's property wire
  names; ``content`` is the media type of a ``content``-declared parameter.
  ``MediaSpec(media_type, kind)`` with kind ``json|form|multipart|binary|text``
  (``media_kind(media_type)`` gives the kind); ``BodySpec(required, media)``;
  ``ResponseSpec(status, media=(), headers=(), pointer="")`` (status ``"200"``/``"2XX"``/
  ``"default"``; pointer: the response object in the served contract, for mock mode);
  ``SchemeSpec(name, kind, location=None, wire_name=None, scheme_name=None)`` with kind
  ``apiKey|basic|bearer|oauth2|openIdConnect|other``;
  ``SecurityRequirement = tuple[tuple[scheme, tuple[scope, ...]], ...]`` (AND; ``()`` =
  anonymous allowed); ``OperationSpec(operation_id, method, path, tag_module, handler,
  params=(), body=None, responses=(), security=None, deprecated=False, types=...)``:
  ``security`` is a tuple of alternatives (OR), ``None``/``()`` = no security; ``types`` a
  zero-arg callable returning ``OperationTypes(params={py name: annotation},
  body={media type as in MediaSpec: annotation}, responses={status as in ResponseSpec:
  annotation or None})``, called once, on the operation's first request.
- Handler calls: ``getattr(handlers[op.tag_module], op.handler)(*path, **kwargs)``: path
  parameters by position in ``op.params`` order (path order, as the generated signatures
  declare them), every other parameter by Python name (absent optional ones without
  default: ``None``), ``body``
  (only when the operation has a request body; ``None`` when an optional body is absent)
  and ``ctx``.  ``async def`` handlers are awaited (FastAPI; Flask runs them to
  completion); plain ones run in a thread pool under FastAPI.  Return the value of the
  lowest declared 2xx, a ``Reply`` for any other declared status/media type/headers, or
  raise ``Problem``; ``NotImplementedError`` (or no handler at all) answers 501.
- ``request``: ``RawRequest`` (adapter -> core), ``UploadedFile(filename, content_type,
  data)`` (multipart file parts; a ``bytes`` subclass, so ``bytes`` fields hold it with its
  filename; converted for ``str`` fields), ``Headers`` (case-insensitive mapping),
  ``VALIDATION_CONTEXT`` (the pydantic context request data is validated with: the
  generated open enums accept only their listed values under it; responses stay open).
- ``security``: ``Principal(subject, scopes=frozenset(), claims={})``; ``SecurityHooks``
  with ``api_key(scheme, key)``, ``basic(scheme, username, password)``,
  ``bearer(scheme, token)`` (http bearer, oauth2, openIdConnect) -> ``Principal | None``
  (deny by default; may be ``async``) and ``has_scopes(principal, scopes)``.
- ``context``: ``RequestContext(principal, headers, request, operation_id)`` (``ctx``).
- ``problems``: ``Problem(status, title=None, detail=None, *, errors=(), headers=None)``,
  rendered as ``application/problem+json``; ``errors`` entries ``{"in", "name",
  "message"}`` (``name``: wire name, or a JSON pointer for ``"in": "body"``).  Where the
  operation declares the status (exact, else ``4XX``/``5XX``, else ``default``) with JSON
  media types but not problem+json, the document is sent as the first of them
  (``core.problem_media``) and made to fit the declared schema where it can
  (``fitting.fit_problem``: required members derived from the problem, the result
  validated, else the plain document).  A status declared only with raw media types
  (``application/x-tar``) is labelled with the first of them.
- ``responses``: ``Reply(status, body=None, headers={}, media_type=None)``; ``RawResponse``.
- ``core``: ``Endpoint`` (one operation, validators cached), ``handle``/``handle_async``,
  ``mock_enabled(default)`` (``APIGEN_MOCK=1``/``0`` overrides); ``mock``:
  ``mock_response(op, contract, adapters=None)`` (the lowest 2xx, else the declared
  101/3xx; required headers generated; an example that fails the response type's
  ``adapters[status]`` or the schema itself (``conformance``) is replaced by generated
  data, logged once), ``MockData(contract).value(schema)``.
- ``conformance``: ``violation(contract, schema, value, *, request=False)`` (``"/at:
  reason"`` or None) and ``first_violation`` (``(pointer, reason)``): the raw schema
  checked where the models are lax; ``request_body_schema(contract, path, method,
  media_type)``.  A JSON request body the models accept is also checked against its
  schema in the contract (``Endpoint``), so what the types cannot express is refused too.
- adapters: ``build_app(operations, handlers, hooks, contract, *, schemes=None,
  mock=False, title=None, version=None)`` -> ``FastAPI`` / ``Flask``.  ``handlers`` maps
  ``OperationSpec.tag_module`` to the handler object; ``contract`` is the OpenAPI document
  served at ``/openapi.json``, or a zero-arg function returning it (read on first use:
  ``contract.LazyContract``); ``schemes`` maps scheme names to ``SchemeSpec``;
  ``mock`` is the generation-time default.  Invalid requests: 422 (FastAPI) / 400 (Flask).
  The FastAPI app routes every operation through one ``OperationRoutes`` (a segment tree,
  ``routing.PathMatcher``) instead of one ``APIRoute`` each: start-up stays fast.  A path
  parameter's ``%2F`` stays in its value on both: a path with one is routed on the raw
  path's segments (ASGI ``raw_path``; WSGI ``RAW_URI``/``REQUEST_URI``, as werkzeug's server
  and gunicorn set them), each decoded once (``routing.encoded_slash_segments``); a ``.``
  or ``..`` piece in such a path finds no route (404).
"""

from .context import RequestContext
from .problems import PROBLEM_JSON, Problem
from .request import Headers, RawRequest, UploadedFile
from .responses import RawResponse, Reply
from .security import Principal, SecurityHooks
from .spec import (
    MISSING,
    BodySpec,
    MediaSpec,
    OperationSpec,
    OperationTypes,
    ParamSpec,
    ResponseSpec,
    SchemeSpec,
    SecurityRequirement,
    media_kind,
)

__all__ = [
    "MISSING",
    "PROBLEM_JSON",
    "BodySpec",
    "Headers",
    "MediaSpec",
    "OperationSpec",
    "OperationTypes",
    "ParamSpec",
    "Principal",
    "Problem",
    "RawRequest",
    "RawResponse",
    "Reply",
    "RequestContext",
    "ResponseSpec",
    "SchemeSpec",
    "SecurityHooks",
    "SecurityRequirement",
    "UploadedFile",
    "media_kind",
]
