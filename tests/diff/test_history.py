"""Real history: the diff runs on every real version pair, and a few findings,
checked by hand against the two documents, are pinned here."""

from __future__ import annotations

import pytest

from apigen.diff.engine import compare
from apigen.diff.model import Change, Level
from apigen.ir.normalise import normalise
from apigen.spec.resolve import load_spec

from ..corpus.specs import SPECS, params

pytestmark = pytest.mark.corpus


def pair_names() -> list[str]:
    folder = SPECS / "pairs"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def run(name: str) -> list[Change]:
    folder = SPECS / "pairs" / name
    if not folder.is_dir():
        pytest.skip(f"shared specs not found at {SPECS}")
    old, new = (next(folder.glob(f"{side}.*")) for side in ("old", "new"))
    return compare(normalise(load_spec(old))[0], normalise(load_spec(new))[0])


def breaking(changes: list[Change]) -> set[tuple[str, str | None, str | None]]:
    return {(c.id, c.method, c.path) for c in changes if c.level == Level.BREAKING}


@pytest.mark.parametrize("name", params(pair_names()))
def test_every_pair_compares(name: str) -> None:
    changes = run(name)
    assert changes, "each real pair has at least one change"
    assert all(c.file and c.pointer.startswith("/") for c in changes)


def test_xero_renames_every_path() -> None:
    changes = run("xero-projects")
    assert {c.id for c in changes if c.level == Level.BREAKING} == {
        "api-path-removed-without-deprecation"
    }
    assert ("api-path-removed-without-deprecation", "get", "/projects") in breaking(changes)
    added = {(c.method, c.path) for c in changes if c.id == "endpoint-added"}
    assert ("get", "/Projects") in added


def test_spotify_tightened_limit_and_dropped_a_status() -> None:
    found = breaking(run("spotify"))
    assert ("request-parameter-max-decreased", "get", "/search") in found
    assert ("request-parameter-default-value-changed", "get", "/search") in found
    assert ("response-success-status-removed", "delete", "/me/following") in found


def test_twilio_request_properties_became_required() -> None:
    changes = run("twilio-content-v1")
    found = breaking(changes)
    assert ("request-property-became-required", "post", "/v1/Content") in found
    # Global security was added, but every operation already had its own: no change.
    assert "api-global-security-added" not in {c.id for c in changes}


def test_train_travel_body_required_in_operation_and_webhook() -> None:
    found = breaking(run("train-travel"))
    assert ("request-body-became-required", "post", "/bookings/{bookingId}/payment") in found
    assert ("request-body-became-required", "post", "newBooking") in found


@pytest.mark.slow
@pytest.mark.parametrize("pair", params(["stripe", "github"] if SPECS.is_dir() else []))
def test_big_version_pairs(pair: str) -> None:
    files = {
        "stripe": ("stripe-2023-03-27.yaml", "stripe-2023-09-12.yaml"),
        "github": ("github-octokit-21.0.0.json", "github-octokit-23.0.2.json"),
    }[pair]
    old, new = (normalise(load_spec(SPECS / "big" / f))[0] for f in files)
    changes = compare(old, new)
    assert any(c.level == Level.BREAKING for c in changes)
    assert compare(old, old) == []
