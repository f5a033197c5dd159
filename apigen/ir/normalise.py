"""A resolved :class:`~apigen.spec.resolve.Spec` -> the :class:`~apigen.ir.model.Api`.

This module assembles the API-level parts (info, servers, security schemes,
tags) and delegates schemas and operations to their own modules.  It never
fails on a spec that loaded: where something cannot be typed precisely it
falls back to a looser type and returns a warning naming it, because users
of generators expect output from the imperfect specs vendors publish.
"""

from __future__ import annotations

from typing import Any

from apigen.errors import Diagnostic, Location, Severity, escape_pointer
from apigen.ir.collector import without_collector
from apigen.ir.model import (
    Api,
    OAuthFlow,
    SecurityScheme,
    Server,
    ServerVariable,
    Source,
    Tag,
)
from apigen.ir.naming import NameScope, snake_name
from apigen.ir.operations import OperationBuilder, security_requirements
from apigen.ir.schemas import SchemaConverter
from apigen.spec.resolve import Spec

__all__ = ["normalise"]

_V2_FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}


@without_collector
def normalise(spec: Spec) -> tuple[Api, list[Diagnostic]]:
    """Build the IR; returns it with the warnings raised on the way."""
    warnings: list[Diagnostic] = []

    def warn(code: str, message: str, source: Source) -> None:
        warnings.append(
            Diagnostic(code, Severity.WARNING, message, Location(source.file, source.pointer))
        )

    schemas = SchemaConverter(spec, warn)
    schemas.register_components()
    schemas.convert_deep_chains()
    builder = OperationBuilder(spec, schemas, warn)
    operations = builder.path_operations()
    webhooks = builder.webhook_operations()
    schemas.convert_components()

    tree: dict[str, Any] = spec.root.root
    info: dict[str, Any] = tree["info"] if isinstance(tree.get("info"), dict) else {}
    name = spec.root.name

    def locate(source: Source) -> tuple[int, int] | None:
        doc = next((d for d in spec.documents.values() if d.name == source.file), None)
        if doc is None:
            return None
        pos = spec.locator(doc).position(source.pointer)
        return (pos.line, pos.column) if pos else None

    api = Api(
        title=str(info.get("title") or "API"),
        version=str(info.get("version") or "0"),
        openapi_version=spec.version,
        source=Source(name, ""),
        description=info.get("description") if isinstance(info.get("description"), str) else None,
        servers=_servers(tree, spec.major),
        operations=operations,
        webhooks=webhooks,
        models=tuple(schemas.models.values()),
        enums=tuple(schemas.enums.values()),
        aliases=tuple(schemas.aliases.values()),
        security_schemes=_security_schemes(spec),
        security=security_requirements(tree.get("security")),
        tags=_tags(tree, operations, webhooks),
        locate=locate,
    )
    return api, [spec.locate(w) for w in warnings]


def _servers(tree: dict[str, Any], major: str) -> tuple[Server, ...]:
    if major == "2.0":
        host = tree.get("host")
        base = tree.get("basePath") if isinstance(tree.get("basePath"), str) else ""
        if not isinstance(host, str):
            return (Server(base or "/"),) if base else ()
        schemes = [s for s in tree.get("schemes") or ["https"] if isinstance(s, str)]
        return tuple(Server(f"{scheme}://{host}{base}") for scheme in schemes)
    found = []
    for server in tree.get("servers") or []:
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        variables = tuple(
            ServerVariable(
                str(var_name),
                str(var.get("default", "")),
                tuple(str(e) for e in var.get("enum") or []),
                var.get("description") if isinstance(var.get("description"), str) else None,
            )
            for var_name, var in (server.get("variables") or {}).items()
            if isinstance(var, dict)
        )
        desc = server.get("description")
        found.append(Server(server["url"], desc if isinstance(desc, str) else None, variables))
    return tuple(found)


def _security_schemes(spec: Spec) -> tuple[SecurityScheme, ...]:
    tree = spec.root.root
    if spec.major == "2.0":
        raw, base = tree.get("securityDefinitions"), "/securityDefinitions"
    else:
        comps = tree.get("components") if isinstance(tree.get("components"), dict) else {}
        raw, base = comps.get("securitySchemes"), "/components/securitySchemes"
    if not isinstance(raw, dict):
        return ()
    scope = NameScope()
    found = []
    for name in raw:
        pointer = f"{base}/{escape_pointer(name)}"
        target = spec.deref(raw[name], spec.root, pointer)
        s = target.value
        if not isinstance(s, dict):
            continue
        kind = str(s.get("type", ""))
        scheme = s.get("scheme")
        flows: tuple[OAuthFlow, ...] = ()
        if kind == "basic":  # 2.0
            kind, scheme = "http", "basic"
        if kind == "oauth2":
            flows = _v2_flow(s) if spec.major == "2.0" else _flows(s.get("flows"))
        found.append(
            SecurityScheme(
                name=name,
                py_name=scope.claim(snake_name(name)),
                kind=kind,
                source=Source(target.document.name, target.pointer),
                description=s.get("description") if isinstance(s.get("description"), str) else None,
                location=s.get("in") if isinstance(s.get("in"), str) else None,
                parameter_name=s.get("name") if isinstance(s.get("name"), str) else None,
                scheme=scheme.lower() if isinstance(scheme, str) else None,
                bearer_format=s.get("bearerFormat")
                if isinstance(s.get("bearerFormat"), str)
                else None,
                flows=flows,
                open_id_connect_url=(
                    s.get("openIdConnectUrl")
                    if isinstance(s.get("openIdConnectUrl"), str)
                    else None
                ),
            )
        )
    return tuple(found)


def _scopes(raw: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, dict):
        return ()
    return tuple((str(k), str(v) if v is not None else "") for k, v in raw.items())


def _flows(raw: Any) -> tuple[OAuthFlow, ...]:
    if not isinstance(raw, dict):
        return ()
    return tuple(
        OAuthFlow(
            str(kind),
            _scopes(flow.get("scopes")),
            _str(flow.get("authorizationUrl")),
            _str(flow.get("tokenUrl")),
            _str(flow.get("refreshUrl")),
        )
        for kind, flow in raw.items()
        if isinstance(flow, dict)
    )


def _v2_flow(s: dict[str, Any]) -> tuple[OAuthFlow, ...]:
    kind = _V2_FLOWS.get(str(s.get("flow")), str(s.get("flow")))
    return (
        OAuthFlow(
            kind, _scopes(s.get("scopes")), _str(s.get("authorizationUrl")), _str(s.get("tokenUrl"))
        ),
    )


def _tags(tree: dict[str, Any], *groups: tuple[Any, ...]) -> tuple[Tag, ...]:
    """Declared tags first, then tags used by operations but never declared."""
    scope = NameScope({"self", "close", "aclose", "with_options"})
    found: dict[str, Tag] = {}
    for tag in tree.get("tags") or []:
        if isinstance(tag, dict) and isinstance(tag.get("name"), str) and tag["name"] not in found:
            found[tag["name"]] = Tag(
                tag["name"], scope.claim(snake_name(tag["name"])), _str(tag.get("description"))
            )
    for group in groups:
        for op in group:
            for name in op.tags:
                if name not in found:
                    found[name] = Tag(name, scope.claim(snake_name(name)))
    return tuple(found.values())


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None
