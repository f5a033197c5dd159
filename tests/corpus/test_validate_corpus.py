"""validate() on the real corpus: verdicts agree with openapi-spec-validator 0.9.0.

MANIFEST.tsv records, for every file, what openapi-spec-validator says of it.
Every real spec must get the same valid/invalid verdict from us, and every
document in invalid/ must be rejected, pointing where that validator points
when its message lets us pin the place.
"""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import pytest

from apigen.errors import Diagnostic, SpecError
from apigen.spec.resolve import RefPolicy, Spec, load_spec
from apigen.spec.validate import validate

from .specs import OUTSIDE_REFS, SPECS, UNSUPPORTED, big_specs, params, real_specs, spec_path

pytestmark = pytest.mark.corpus


@cache
def manifest() -> dict[str, str]:
    """file -> openapi-spec-validator's verdict column ("VALID", "INVALID: ...")."""
    rows = (SPECS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    column = header.index("openapi_spec_validator_0_9_0")
    out: dict[str, str] = {}
    for row in rows[1:]:
        cells = row.split("\t")
        if len(cells) > column:
            out[cells[0]] = cells[column]
    return out


def invalid_docs() -> list[str]:
    if not SPECS.is_dir():
        return []
    return sorted(str(p.relative_to(SPECS)) for p in (SPECS / "invalid").glob("*") if p.is_file())


def _load(rel: str) -> Spec:
    return load_spec(spec_path(rel), RefPolicy(allow_outside=rel in OUTSIDE_REFS))


def _errors(findings: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in findings if d.is_error]


def _ids(names: list[object]) -> list[str]:
    return [Path(str(n)).name if isinstance(n, str) else "missing" for n in names]


#: Where openapi-spec-validator points for each document it rejects, as
#: (code, file suffix, pointer, text in the message); None: any error will do.
PINNED: dict[str, tuple[str, str, str, str]] = {
    # invalid/
    "invalid/osv-v2.0-empty.yaml": ("schema-violation", "", "", "'info'"),
    "invalid/osv-v3.0-empty.yaml": ("schema-violation", "", "", "'info'"),
    "invalid/osv-v2.0-missing-reference.yaml": (
        "unresolved-ref", "", "/paths/~1pets/get/responses/200/schema/$ref", "definitions/Pets"),
    "invalid/osv-v3.0-missing-description.yaml": (
        "schema-violation", "", "/paths/~1/get/responses/200", "'description'"),
    "invalid/osv-v3.0-property-missing-reference.yaml": (
        "unresolved-ref", "", "/components/schemas/SomeDataType/properties/prop1/$ref",
        "<some-broken-uri>"),
    "invalid/oai-3.1-invalid_schema_types.yaml": (
        "schema-violation", "", "/components/schemas/invalid_null", "got null"),
    "invalid/oai-3.1-no_containers.yaml": ("schema-violation", "", "", "'paths'"),
    "invalid/oai-3.1-unknown_container.yaml": ("schema-violation", "", "/overlays", "'overlays'"),
    "invalid/oai-3.1-server_enum_empty.yaml": (
        "schema-violation", "", "/servers/0/variables/var/enum", "empty"),
    "invalid/oai-3.1-servers.yaml": ("schema-violation", "", "/servers", "'array'"),
    # ...and the two openapi-spec-validator misses:
    "invalid/oai-3.1-example-examples.yaml": (
        "mutually-exclusive-example", "", "/components/parameters/animal", "example"),
    "invalid/oai-3.1-link-object-no-body.yaml": (
        "schema-violation", "", "/components/links/Link-Object-with-body-property/body",
        "'body'"),
    # real/
    "real/docker-engine.yaml": (
        "invalid-default", "", "/definitions/SwarmInfo/properties/RemoteManagers/default",
        "null"),
    "real/slack-web.json": (
        "schema-violation", "", "/definitions/objs_channel/properties/latest/items", "list"),
    "real/openai.yaml": (
        "schema-violation", "", "/components/schemas/ContainerResource/required", "repeats"),
    "real/digitalocean/DigitalOcean-public.v2.yaml": (
        "schema-violation", "DigitalOcean-public.v2.yaml", "/tags/0/description", "$ref"),
    "real/temporal-openapiv2.json": ("unresolved-ref", "", "", "apiCommonV1Link"),
    "real/temporal-openapiv3.yaml": ("schema-violation", "", "/description", "'description'"),
}


def _assert_pinned(rel: str, findings: list[Diagnostic]) -> None:
    pin = PINNED.get(rel)
    if pin is None:
        return
    code, file_suffix, pointer, text = pin
    suffix = file_suffix or Path(rel).name
    matches = [
        d for d in findings
        if d.code == code
        and d.location.file.endswith(suffix)
        and (d.location.pointer == pointer or (code == "unresolved-ref" and not pointer))
        and text in d.message
    ]
    assert matches, (pin, [d.format_text() for d in findings[:20]])
    assert all(d.location.line is not None for d in matches)


@pytest.mark.parametrize("rel", params(invalid_docs()), ids=_ids(params(invalid_docs())))
def test_invalid_document_is_rejected(rel: str) -> None:
    try:
        spec = _load(rel)
    except SpecError as exc:
        assert exc.diagnostics and exc.diagnostics[0].blocking
        return
    findings = validate(spec)
    assert _errors(findings), f"{rel}: nothing reported"
    _assert_pinned(rel, findings)


@pytest.mark.parametrize("rel", params(real_specs()), ids=_ids(params(real_specs())))
def test_real_spec_verdict_agrees_with_openapi_spec_validator(rel: str) -> None:
    if rel in UNSUPPORTED:
        with pytest.raises(SpecError) as exc:
            _load(rel)
        assert exc.value.diagnostics[0].code == "unsupported-version"
        return
    spec = _load(rel)
    findings = validate(spec)
    expected = manifest()[rel]
    errors = _errors(findings)
    if expected.startswith("VALID"):
        assert not errors, [d.format_text() for d in errors[:10]]
    else:
        assert expected.startswith("INVALID") and errors
        _assert_pinned(rel, findings)
    keys = [(d.location.file, d.location.line or 0, d.location.column or 0, d.code)
            for d in findings]
    assert keys == sorted(keys)
    assert len(set(findings)) == len(findings)


@pytest.mark.slow
@pytest.mark.parametrize("rel", params(big_specs()), ids=_ids(params(big_specs())))
def test_big_spec_is_valid_and_fast(rel: str) -> None:
    start = time.perf_counter()
    spec = _load(rel)
    findings = validate(spec)
    elapsed = time.perf_counter() - start
    if rel.endswith("github-octokit-21.0.0.json"):
        # A real fault in that release: a boolean default on a string enum.
        [error] = _errors(findings)
        assert error.code == "invalid-default" and "make_latest" in error.location.pointer
    else:
        assert not _errors(findings), [d.format_text() for d in _errors(findings)[:10]]
    # The target is well under 4 s on one core; twice that catches a regression
    # without making a busy CI machine fail.
    assert elapsed < 8.0, f"{rel}: load + validate took {elapsed:.1f}s"
