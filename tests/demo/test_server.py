"""The replay's pages on a real loopback server: each document in its platform's format at the
replay's time, a page for people behind "Open status page", nothing else."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from trayapp.demo import scenario
from trayapp.demo.run import poll_interval
from trayapp.demo.server import ReplayServer

WHEN = datetime.fromisoformat("2024-12-11T16:30:00-08:00")


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


@pytest.fixture(scope="module")
def server():
    with ReplayServer(scenario.load("openai-dec-2024"), lambda: WHEN) as running:
        yield running


def test_each_page_answers_in_its_format(server: ReplayServer):
    host = server.url.removeprefix("http://")
    status, kind, body = get(f"{server.url}/openai/api/v2/summary.json")
    assert (status, kind) == (200, "application/json")
    assert json.loads(body)["status"]["indicator"] == "critical"
    status, _, body = get(f"{server.url}/openai/proxy/{host}")
    (incident,) = json.loads(body)["summary"]["ongoing_incidents"]
    assert incident["status"] == "identified"
    status, _, body = get(f"{server.url}/anthropic/api/v2/summary.json")
    assert json.loads(body)["page"]["name"] == "Claude"
    status, _, body = get(f"{server.url}/gemini/incidents.json")
    assert (status, json.loads(body)) == (200, [])


def test_people_get_a_page_marked_as_a_replay(server: ReplayServer):
    status, kind, body = get(f"{server.url}/openai")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    page = body.decode()
    assert "A replay for the AI Status Tray demo" in page
    assert "API, ChatGPT &amp; Sora Facing Issues" in page  # escaped
    assert "Identified" in page and "ChatGPT is currently unavailable" in page
    assert get(f"{server.url}/openai/incidents/anything")[0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/copilot/api/v2/summary.json",  # not in the scenario
        "/anthropic/proxy/x",  # Statuspage has no proxy document
        "/openai/incidents.json",
        "/openai/../settings/catalogue.toml",
        "/openai/api/v2/" + "x" * 2000,
    ],
)
def test_nothing_else_is_served(server: ReplayServer, path: str):
    assert get(server.url + path)[0] == 404


def test_polls_are_a_minute_of_the_replay_apart_or_half_a_real_second_at_least():
    assert poll_interval(60) == 60
    assert poll_interval(1) == 60
    assert poll_interval(600) == 300


def test_a_metered_connection_neither_slows_the_replay_nor_is_asked(
    server: ReplayServer, tmp_path: Path
):
    import threading

    from trayapp.core.datasaver import DataSaver
    from trayapp.demo.run import replay_config
    from trayapp.polling.thread import PollingThread

    asked: list[str] = []
    savers: list[DataSaver] = []
    polled = threading.Event()

    async def metered() -> bool | None:  # a phone's hotspot, if anyone asked
        asked.append("metered?")
        return True

    config = replay_config(scenario.load("openai-dec-2024"), server.url, 60, tmp_path)
    thread = PollingThread(
        config,
        lambda snapshot, complete: polled.set() if complete else None,
        lambda: None,
        lambda message: None,
        saver=savers.append,
        metered=metered,
    )
    thread.start()
    try:
        assert polled.wait(30)
    finally:
        thread.stop()
        thread.join(timeout=5)
    assert savers == [DataSaver(False, 60.0, None)]  # a minute of the replay: no "Data saver"
    assert asked == []
