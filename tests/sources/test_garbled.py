"""Property tests: whatever a page sends, parsing ends in a reading or a SourceFormatError,
never another exception, and garbage is never read as "operational"."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.conftest import NOW, load_fixture, make_spec
from tests.statusserver import FIXTURES
from trayapp import sources
from trayapp.core.aggregate import failed_status, provider_status
from trayapp.core.model import FailureKind, State
from trayapp.polling.fetch import FetchError, decode

SPECS = {
    "statuspage": make_spec("statuspage"),
    "statuspage-scoped": make_spec("statuspage", components=("claude.ai",)),
    "incidentio": make_spec("incidentio"),
    "instatus": make_spec("instatus"),
    "instatus-scoped": make_spec("instatus", components=("API",)),
    "gcloud": make_spec("gcloud", product="Z0FZJAMvEB4j3NbCJs6B"),
    "betterstack": make_spec("betterstack"),
    "checkly": make_spec("checkly"),
    "datadog": make_spec("datadog"),
    "datadog-scoped": make_spec("datadog", components=("Chat",)),
    "flashcat": make_spec("flashcat", product="6410630422455"),
}
VALID = {
    "statuspage": ["statuspage/healthy.json"],
    "statuspage-scoped": ["statuspage/healthy.json"],
    "incidentio": ["incidentio/compat_healthy.json", "incidentio/proxy_healthy.json"],
    "instatus": ["instatus/up.json"],
    "instatus-scoped": ["instatus/up.json", "instatus/components.json"],
    "gcloud": ["gcloud/healthy.json"],
    "betterstack": ["betterstack/operational_resolved_trap.json"],
    "checkly": ["checkly/uptime.json", "checkly/unresolved_open.json"],
    "datadog": ["datadog/outage.json"],
    "datadog-scoped": ["datadog/monitoring_maintenance.json"],
    "flashcat": ["flashcat/active_outage.json"],
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=30,
)


def outcome(spec_key: str, documents: list[Any]) -> State:
    """What the user would see: the provider's state, or unknown on a format error."""
    spec = SPECS[spec_key]
    try:
        reading = sources.read(spec, documents, NOW)
    except sources.SourceFormatError as exc:
        status = failed_status(spec, str(exc), FailureKind.CONTENT, NOW)
        assert status.error
        return status.state
    return provider_status(spec, reading, NOW).state


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(spec_key=st.sampled_from(sorted(SPECS)), docs=st.lists(json_values, min_size=2, max_size=2))
def test_random_json_is_never_operational(spec_key: str, docs: list[Any]) -> None:
    # An empty incidents.json is Google's genuine "no incidents": valid, not garbage.
    assume(not (spec_key == "gcloud" and docs[0] == []))
    assert outcome(spec_key, docs) is not State.OPERATIONAL


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = value.copy()
    copy[path[0]] = _replace(value[path[0]], path[1:], new)
    return copy


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), spec_key=st.sampled_from(sorted(SPECS)))
def test_a_corrupted_field_never_crashes_the_parser(data: st.DataObject, spec_key: str) -> None:
    docs = [load_fixture(name) for name in VALID[spec_key]]
    which = data.draw(st.integers(0, len(docs) - 1))
    paths = _paths(docs[which])
    path = data.draw(st.sampled_from(paths))
    docs[which] = _replace(docs[which], path, data.draw(json_values))
    outcome(spec_key, docs)  # must not raise


@settings(max_examples=200)
@given(
    word=st.text(min_size=1, max_size=15).filter(
        lambda w: (
            w.strip().lower()
            not in {
                "operational",
                "none",
                "up",
                "degraded_performance",
                "partial_outage",
                "major_outage",
                "full_outage",
                "under_maintenance",
                "minor",
                "major",
                "critical",
                "maintenance",
                "downtime",
                "degraded",
                "hasissues",
                "undermaintenance",
                "down",
                "not_monitored",
            }
        )
    )
)
def test_an_unheard_of_status_word_is_unknown_not_operational(word: str) -> None:
    for key, field_path in (
        ("statuspage", ("components", 0, "status")),
        ("statuspage", ("status", "indicator")),
        ("betterstack", ("data", "attributes", "aggregate_state")),
        ("betterstack", ("included", 1, "attributes", "status")),
        ("instatus", ("page", "status")),
    ):
        docs = [load_fixture(name) for name in VALID[key]]
        docs[0] = _replace(docs[0], field_path, word)
        assert outcome(key, docs) is State.UNKNOWN, (key, field_path)


@pytest.mark.parametrize(
    "name", [p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*.json")]
)
@settings(max_examples=25)
@given(cut=st.floats(0.0, 0.999))
def test_truncated_bodies_are_errors_with_a_message(name: str, cut: float) -> None:
    body = (FIXTURES / name).read_bytes().rstrip()
    with pytest.raises(FetchError) as info:
        decode(body[: int(len(body) * cut)], "json", "application/json", "status.example.com")
    assert info.value.kind is FailureKind.CONTENT
    assert "status.example.com" in info.value.message


@settings(max_examples=200)
@given(junk=st.binary(max_size=300))
def test_random_bytes_as_a_feed_never_crash(junk: bytes) -> None:
    spec = make_spec("feed")
    try:
        root = decode(junk, "xml", "application/xml", "h")
    except FetchError:
        return
    try:
        reading = sources.read(spec, [root], NOW)
    except sources.SourceFormatError:
        return
    assert isinstance(root, ET.Element) and root.tag in ("rss", "{http://www.w3.org/2005/Atom}feed")
    assert reading.indicator is State.OPERATIONAL


def test_json_is_never_read_as_a_feed() -> None:
    with pytest.raises(FetchError):
        decode(json.dumps({"a": 1}).encode(), "xml", "application/json", "h")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(doc=json_values, which=st.sampled_from([0, 1]))
def test_incidentio_with_one_document_missing_never_reads_garbage_as_operational(
    doc: Any, which: int
) -> None:
    documents: list[Any] = [None, None]
    documents[which] = doc
    assert outcome("incidentio", documents) is not State.OPERATIONAL


# Pieces of the markup real feeds put their state words in, shuffled.
FEED_PIECES = (
    "<h3>",
    "</h3>",
    "<strong>",
    "</strong>",
    "Status:",
    " ",
    "[",
    "]",
    "-",
    ":",
    "<div>",
    "</div>",
    "<p>",
    "resolved",
    "RESOLVED",
    "Update",
    "investigating",
    "API",
    "x",
)
feed_text = st.lists(st.sampled_from(FEED_PIECES), max_size=12).map("".join)


@settings(max_examples=300)
@given(title=feed_text, body=feed_text, categories=st.lists(feed_text, max_size=3))
def test_any_feed_item_text_parses_into_a_reading(
    title: str, body: str, categories: list[str]
) -> None:
    item = ET.Element("item")
    ET.SubElement(item, "title").text = title
    ET.SubElement(item, "description").text = body
    ET.SubElement(item, "guid").text = "g1"
    for category in categories:
        ET.SubElement(item, "category").text = category
    root = ET.Element("rss")
    ET.SubElement(root, "channel").append(item)
    reading = sources.read(make_spec("feed"), [root], NOW)
    assert len(reading.incidents) + len(reading.maintenances) <= 1
