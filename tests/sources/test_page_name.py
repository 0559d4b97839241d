"""A page's own name for itself, where its format gives one: the name a page added by its
address gets (``polling/add_page.py``), sanitised and bounded like any page text."""

from __future__ import annotations

from tests.conftest import NOW, load_fixture, make_spec
from trayapp import sources


def page_name(type_: str, *fixtures: str) -> str:
    spec = make_spec(type_)
    return sources.read(spec, [load_fixture(f) for f in fixtures], NOW).page_name


def test_statuspage_instatus_and_better_stack_give_their_pages_name():
    assert page_name("statuspage", "statuspage/healthy.json") == "Claude"
    assert page_name("instatus", "instatus/up.json") == "Wistia"
    assert page_name("betterstack", "betterstack/downtime.json") == "Together AI"


def test_a_hostile_name_is_cleaned_and_bounded():
    doc = load_fixture("statuspage/healthy.json")
    doc["page"]["name"] = "\u202eEvil\x00 " + "x" * 500
    reading = sources.read(make_spec("statuspage"), [doc], NOW)
    assert "\x00" not in reading.page_name and "\u202e" not in reading.page_name
    assert len(reading.page_name) <= 80
