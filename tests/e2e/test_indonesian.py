"""End to end: a user in Jakarta with ``LANG=id_ID.UTF-8`` reads no English the app wrote itself.

Each command runs for real against a loopback status server (one provider in an outage, one
that refuses the connection, so an error text shows). The page's own words (an incident title
and status) may stay English; they are taken out before looking for English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import load_fixture
from tests.e2e.test_cli import SUMMARY, cli, provider, write_config
from tests.statusserver import StatusServer

JAKARTA = {"LANG": "id_ID.UTF-8", "TZ": "Asia/Jakarta", "COLUMNS": "160"}

# The app's own English, as whole words or phrases (case-sensitive, as the app writes them).
ENGLISH = [
    "checked",
    "since",
    "operational",
    "unknown",
    "major outage",
    "Overall",
    "PROVIDER",
    "STATE",
    "DETAILS",
    "refused the connection",
    "configuration error",
    "unsupported language",
    "expected one of",
    "line",
    "Show details",
    "usage",
    "options",
    "positional arguments",
    "show this help",
    "configuration file",
    "NAME",
    "TYPE",
    "STATUS PAGE",
    "watched",
    "yours",
    "Default when unconfigured",
    "No history yet",
    "History of the last",
    "min",
    "ago",
    "error",
    "plain http is allowed",
    "unrecognized arguments",
    "invalid choice",
    "choose from",
    "the following arguments are required",
    "PRODUCT",
]
_ENGLISH = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in ENGLISH))


def _page_text() -> list[str]:
    """What the status page itself says: incident titles and statuses stay as written."""
    incidents = load_fixture("statuspage/outage.json")["incidents"]
    return [text for i in incidents for text in (i["name"], i["status"])]


def _english(text: str) -> list[str]:
    for words in _page_text():
        text = text.replace(words, "")
    return _ENGLISH.findall(text)


@pytest.fixture
def outputs(server: StatusServer, home: Path) -> dict[str, tuple[int, str]]:
    """Each command's exit code and everything it printed, run as the Jakarta user would."""
    with StatusServer() as gone:
        refused = gone.url  # closed when the block ends: its port then refuses
    server.set_fixture(SUMMARY, "statuspage/outage.json")
    config = write_config(
        home / "c.toml", [provider("claude", server.url), provider("gone", refused)]
    )
    bad = home / "bad.toml"
    bad.write_text('language = "fr"\n')
    runs = {
        # First, while nothing has been recorded: `status` records its poll.
        "history": ["history"],
        "status": ["status", "--config", str(config)],
        "providers": ["providers", "--config", str(config)],
        "config error": ["status", "--config", str(bad)],
        "help": ["--help"],
        "history help": ["history", "--help"],
        "add": ["add", "http://status.example.com", "--config", str(config)],
        "add help": ["add", "--help"],
        # argparse's own complaints, which Python has no Indonesian for.
        "unknown option": ["status", "--bogus"],
        "unknown command": ["frob"],
        "missing address": ["add"],
    }
    results = {}
    for name, args in runs.items():
        done = cli(*args, env=JAKARTA)
        results[name] = (done.returncode, done.stdout + done.stderr)
    return results


def test_no_english_word_the_app_wrote_itself(outputs: dict[str, tuple[int, str]]):
    leaks = {name: _english(text) for name, (_code, text) in outputs.items()}
    assert {name: words for name, words in leaks.items() if words} == {}, outputs


def test_the_words_are_indonesian_and_times_in_wib(outputs: dict[str, tuple[int, str]]):
    code, status = outputs["status"]
    assert code == 2, status
    assert "Keseluruhan: ✖ gangguan besar (1 tidak diketahui)   (diperiksa " in status
    assert re.search(r"\(diperiksa \d{2}\.\d{2} WIB\)", status), status
    assert "LAYANAN" in status and "RINCIAN" in status
    # The page's title stays as written; "since" around it is Indonesian, in WIB.
    assert re.search(r"Claude API unavailable .*sejak 20 Nov 20\.25 WIB \(", status), status
    # Unknown says why, in Indonesian too: it could not connect.
    assert re.search(
        r"\? tidak diketahui \(tak dapat terhubung\)\s+127\.0\.0\.1:\d+ menolak koneksi", status
    ), status

    code, providers = outputs["providers"]
    assert code == 0
    assert "NAMA" in providers and "HALAMAN STATUS" in providers
    assert "Claude (milik Anda)" in providers and "* = dipantau." in providers

    code, history = outputs["history"]
    assert code == 0
    assert "Belum ada riwayat di " in history

    code, error = outputs["config error"]
    assert code == 78
    assert "ai-status-tray: kesalahan konfigurasi: " in error
    assert "baris 1: language: bahasa 'fr' tidak didukung; seharusnya salah satu dari" in error

    code, helped = outputs["help"]
    assert code == 0
    assert helped.startswith("penggunaan: ai-status-tray")
    assert "opsi:" in helped and "tampilkan bantuan ini lalu keluar" in helped
    assert "--config BERKAS" in helped
    assert outputs["history help"][1].count("opsi:") == 1

    code, added = outputs["add"]
    assert code == 2
    assert "http biasa hanya diizinkan untuk host loopback; gunakan https" in added
    assert "--name NAMA" in outputs["add help"][1] and "--product PRODUK" in outputs["add help"][1]

    # argparse's own complaints: UNKNOWN (3), in Indonesian.
    for name, said in (
        ("unknown option", "ai-status-tray: kesalahan: argumen tidak dikenal: --bogus"),
        ("unknown command", "argumen PERINTAH: pilihan tidak valid: 'frob' (pilih dari 'status',"),
        ("missing address", "ai-status-tray add: kesalahan: argumen berikut wajib diisi: url"),
    ):
        code, text = outputs[name]
        assert code == 3 and said in text, (name, code, text)
