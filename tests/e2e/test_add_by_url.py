"""``ai-status-tray add`` as people use it, against real loopback servers (one over TLS, as a
real status page is): an address pasted without a scheme is https; the name is the page's own;
a page already watched, or one the catalogue has, is refused; a refused connection says that
nothing answered. The settings window's "Add by URL" runs the same code (``polling/add_page.py``;
tests/e2e/test_settings_window.py checks it there)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_cli import cli, provider, write_config
from tests.h2server import H2Server, tls_pair
from tests.statusserver import StatusServer


@pytest.fixture
def tls_page(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A Statuspage on https://127.0.0.1:PORT (its page calls itself "Claude"), and the
    environment that trusts its certificate."""
    server_tls, _client, ca = tls_pair()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    with StatusServer() as routes, H2Server(routes, server_tls) as h2:
        routes.set_fixture("/api/v2/summary.json", "statuspage/healthy.json")
        yield h2.url, {"SSL_CERT_FILE": str(ca_file)}


def test_a_pasted_address_is_https_named_by_its_page_and_not_added_twice(
    tls_page: tuple[str, dict[str, str]], home: Path
) -> None:
    url, env = tls_page
    config = home / "config.toml"
    bare = url.removeprefix("https://")  # "127.0.0.1:PORT", as people paste it
    added = cli("add", bare, "--config", str(config), env=env)
    assert added.returncode == 0, added.stderr
    assert f"Platform found at {url}: Statuspage" in added.stdout
    text = config.read_text()
    assert f'id = "claude"\nname = "Claude"\ntype = "statuspage"\nurl = "{url}"\n' in text

    again = cli("add", f"{url}/", "--config", str(config), env=env)
    assert again.returncode == 2
    assert again.stderr.strip() == f"ai-status-tray: {url}/: already watched as Claude"
    assert config.read_text() == text


def test_a_refused_connection_says_nothing_answered(home: Path) -> None:
    config = home / "config.toml"
    result = cli("add", "http://127.0.0.1:9/", "--config", str(config))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "ai-status-tray: http://127.0.0.1:9/: nothing answered: 127.0.0.1:9 refused the connection"
    )
    assert not config.exists()


def test_a_page_the_catalogue_has_is_switched_on_not_added(home: Path) -> None:
    config = write_config(home / "c.toml", [provider("local", "http://127.0.0.1:9")])
    result = cli("add", "status.openai.com", "--config", str(config))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "ai-status-tray: status.openai.com: the catalogue has it as ChatGPT: switch that on instead"
    )


def test_addresses_as_people_paste_them() -> None:
    from trayapp.polling.add_page import address

    assert address(" status.acme.ai ") == "https://status.acme.ai"
    assert address("//status.acme.ai/x") == "https://status.acme.ai/x"
    assert address("http://127.0.0.1:8765/acme") == "http://127.0.0.1:8765/acme"
    assert address("") == ""
