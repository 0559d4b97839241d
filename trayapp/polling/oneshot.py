"""Polling outside the tray: once (``status``, scripts) or over and over (``watch``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from trayapp.core.model import Snapshot
from trayapp.polling.fetch import Fetcher, make_client
from trayapp.polling.poller import Poller
from trayapp.polling.probe import Prober
from trayapp.settings.config import Config

GRACE = 2.0  # seconds before a partial snapshot is drawn while slow pages are pending


def poll_once(config: Config) -> Snapshot:
    """Poll every provider of ``config`` once and return the snapshot."""

    async def run() -> Snapshot:
        async with make_client() as client:
            poller = Poller(config.providers, Fetcher(client), config.poll_interval)
            poller.prober = Prober(client)
            return await poller.poll()

    return asyncio.run(run())


async def watch(
    config: Config,
    draw: Callable[[Snapshot], None],
    iterations: int | None = None,
    on_complete: Callable[[Snapshot], None] | None = None,
) -> None:
    """Poll every ``config.poll_interval`` seconds and ``draw`` each (partial) snapshot;
    ``on_complete`` also gets each whole poll (to record it)."""
    async with make_client() as client:
        poller = Poller(config.providers, Fetcher(client), config.poll_interval)
        poller.prober = Prober(client)
        loop = asyncio.get_running_loop()
        count = 0
        while iterations is None or count < iterations:
            started = loop.time()
            snapshot = await poller.poll(grace=GRACE, on_partial=draw)
            draw(snapshot)
            if on_complete is not None:
                on_complete(snapshot)
            count += 1
            if iterations is None or count < iterations:
                await asyncio.sleep(max(0.0, config.poll_interval - (loop.time() - started)))
