"""Checkly status pages (Mistral)."""

from __future__ import annotations

from tests.conftest import make_spec
from tests.sources.reading import status_of
from trayapp.core.model import State
from trayapp.sources import checkly

MISTRAL = make_spec("checkly", "https://status.mistral.ai", name="Mistral")


def read(unresolved: str, windows: str = "checkly/maintenance_none.json", spec=MISTRAL):
    return status_of(spec, "checkly/uptime.json", f"checkly/{unresolved}.json", windows)


def test_endpoints_use_the_slug_derived_from_the_host_or_given():
    assert [e.url for e in checkly.endpoints(MISTRAL)] == [
        "https://status.mistral.ai/api/status-page/mistral-ai/uptime",
        "https://status.mistral.ai/api/status-page/mistral-ai/unresolved-incidents",
        "https://status.mistral.ai/api/status-page/mistral-ai/maintenance-windows",
    ]
    given = make_spec("checkly", "https://status.example.com", product="acme")
    assert checkly.endpoints(given)[0].url.endswith("/api/status-page/acme/uptime")
    assert [e.optional for e in checkly.endpoints(MISTRAL)] == [False, False, True]


def test_healthy_page_with_resolved_history_is_operational():
    status = read("unresolved_none")
    assert status.state is State.OPERATIONAL
    assert len(status.components) == 17
    assert status.components[0].name == "Chat Completions API"
    assert status.components[0].group == "API"


def test_resolved_incident_still_listed_is_not_open():
    assert read("unresolved_resolved_listed").state is State.OPERATIONAL


def test_open_major_incident_marks_its_service():
    status = read("unresolved_open")
    assert status.state is State.PARTIAL_OUTAGE
    by_name = {c.name: c.state for c in status.components}
    assert by_name["Chat Completions API"] is State.PARTIAL_OUTAGE
    assert by_name["Vibe"] is State.DEGRADED
    assert by_name["OCR API"] is State.OPERATIONAL
    main = status.incidents[0]
    assert main.title == "Chat Completions API unavailable"
    assert main.status == "identified"
    assert main.latest_update == "The cause is identified; a fix is being deployed."
    assert main.components == ("Chat Completions API",)


def test_scope_to_api_group_ignores_vibe():
    api_only = make_spec("checkly", "https://status.mistral.ai", components=("Vibe",))
    assert read("unresolved_open", spec=api_only).state is State.DEGRADED
    ocr = make_spec("checkly", "https://status.mistral.ai", components=("OCR API",))
    assert read("unresolved_open", spec=ocr).state is State.OPERATIONAL


def test_active_maintenance_window():
    status = read("unresolved_none", "checkly/maintenance_active.json")
    assert status.state is State.MAINTENANCE
    assert [(m.title, m.status) for m in status.maintenances] == [
        ("Le Chat maintenance", "in_progress"),
        ("Database upgrade", "scheduled"),
    ]


def test_missing_maintenance_document_is_fine():
    status = status_of(MISTRAL, "checkly/uptime.json", "checkly/unresolved_none.json")
    assert status.state is State.OPERATIONAL
