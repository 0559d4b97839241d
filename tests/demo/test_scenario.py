"""The scenarios as data: every shipped one loads and says what its page said when; a broken
file is refused with the line of the problem's place."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from trayapp.core.model import State
from trayapp.demo import scenario
from trayapp.demo.scenario import ScenarioError, load, parse
from trayapp.demo.texts import TEXTS


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_four_scenarios_ship_in_the_calendar_s_order_with_translatable_words():
    shipped = scenario.every()
    assert [s.name for s in shipped] == [
        "chatgpt-nov-2024",
        "openai-dec-2024",
        "openai-jul-2025",
        "openai-anthropic-feb-2026",
    ]
    assert scenario.DEFAULT in scenario.names()
    for each in shipped:
        assert each.title in TEXTS and each.about in TEXTS, each.name
        assert each.start < min(i.published for i in each.incidents) - timedelta(minutes=10)
        last = max(u.at for i in each.incidents for u in i.updates)
        assert each.end > last + timedelta(minutes=10), "time to see the all-clear confirmed"


def test_a_name_is_never_a_path():
    with pytest.raises(ScenarioError, match="no scenario"):
        load("../../settings/catalogue")


def test_what_the_december_page_said_hour_by_hour():
    dec = load("openai-dec-2024")
    openai = "openai"

    def worst(when: str) -> State:
        states = dec.components_at(openai, at(when))
        return max(states.values(), key=lambda s: s.severity)

    assert worst("2024-12-11T15:20:00-08:00") is State.OPERATIONAL
    assert worst("2024-12-11T15:23:00-08:00") is State.MAJOR_OUTAGE
    states = dec.components_at(openai, at("2024-12-11T18:00:00-08:00"))
    assert states["Conversations"] is State.PARTIAL_OUTAGE  # substantial recovery at 17:45
    assert states["Video generation"] is State.MAJOR_OUTAGE  # Sora until 19:01
    assert worst("2024-12-11T19:10:00-08:00") is State.DEGRADED  # the API still recovering
    assert worst("2024-12-11T19:38:00-08:00") is State.OPERATIONAL
    assert worst("2024-12-12T08:00:00-08:00") is State.PARTIAL_OUTAGE  # the next morning
    assert dec.components_at("anthropic", at("2024-12-11T16:00:00-08:00")) == dict.fromkeys(
        dec.pages["anthropic"].components, State.OPERATIONAL
    )
    (skip,) = dec.skips
    assert skip.length == timedelta(hours=11, minutes=25)


def test_incidents_show_their_updates_so_far_and_stay_listed_once_resolved():
    nov = load("chatgpt-nov-2024")
    assert nov.incidents_at("openai", at("2024-11-08T16:00:00-08:00")) == []
    ((incident, shown),) = nov.incidents_at("openai", at("2024-11-08T16:20:00-08:00"))
    assert incident.name == "ChatGPT unavailable"
    assert [u.status for u in shown] == ["investigating", "identified"]
    ((_, shown),) = nov.incidents_at("openai", at("2024-11-08T17:05:00-08:00"))
    assert shown[-1].resolved


GOOD = """
title = "T"
about = "A"
start = 2024-01-01T10:00:00+00:00
end = 2024-01-01T14:00:00+00:00
providers = ["openai"]
[pages.openai]
name = "OpenAI"
components = ["Playground"]
[pages.openai.groups]
ChatGPT = ["Login", "Conversations"]
[[incidents]]
provider = "openai"
name = "Down"
[[incidents.updates]]
at = 2024-01-01T11:00:00+00:00
status = "investigating"
message = "m"
affected = { ChatGPT = "major_outage" }
[[incidents.updates]]
at = 2024-01-01T12:00:00+00:00
status = "resolved"
message = "r"
"""


def test_a_group_stands_for_its_components_and_resolving_clears_them():
    parsed = parse("t", GOOD)
    (incident,) = parsed.incidents
    assert incident.updates[0].affected == (
        ("Login", State.MAJOR_OUTAGE),
        ("Conversations", State.MAJOR_OUTAGE),
    )
    assert parsed.components_at("openai", at("2024-01-01T13:00:00+00:00"))["Login"] is (
        State.OPERATIONAL
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("2024-01-01T11:00:00+00:00", "2024-01-01T11:00:00"), "UTC offset"),
        (('ChatGPT = "major_outage"', 'Chat = "major_outage"'), "unknown component or state"),
        (('ChatGPT = "major_outage"', 'ChatGPT = "on fire"'), "unknown component or state"),
        (("2024-01-01T12:00:00+00:00", "2024-01-01T10:30:00+00:00"), "oldest first"),
        (("2024-01-01T11:00:00+00:00", "2024-01-01T09:00:00+00:00"), "between start and end"),
        (('status = "investigating"', 'status = "panicking"'), "expected one of"),
        (('providers = ["openai"]', 'providers = ["openai", "anthropic"]'), "laid out"),
        (('provider = "openai"', 'provider = "gemini"'), "not among the providers"),
        (
            (
                "[[incidents]]",
                "[[skip]]\nfrom = 2024-01-01T10:30:00+00:00\nto = 2024-01-01T11:30:00+00:00\n[[incidents]]",
            ),
            "falls in a skip",
        ),
        (('name = "Down"', "name = 3"), "expected str"),
        (("title", "tit le"), "not valid TOML"),
    ],
)
def test_a_broken_scenario_says_where(change: tuple[str, str], problem: str):
    with pytest.raises(ScenarioError, match=problem):
        parse("broken", GOOD.replace(*change, 1))
