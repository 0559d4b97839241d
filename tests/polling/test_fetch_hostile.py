"""Hostile answers from a real loopback server: bounded memory, honest failure kinds (issue 7)."""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
import zlib
from datetime import UTC, datetime

import pytest

from tests.statusserver import Route, StatusServer
from trayapp.core.model import Endpoint, FailureKind
from trayapp.polling.fetch import Fetcher, FetchError, make_client, parse_retry_after

MiB = 1024 * 1024


def get(url: str, kind: str = "json", **kw):
    async def run():
        async with make_client() as client:
            return await Fetcher(client, **kw).get(Endpoint(url, kind))  # type: ignore[arg-type]

    return asyncio.run(run())


def failure(url: str, kind: str = "json", **kw) -> FetchError:
    with pytest.raises(FetchError) as info:
        get(url, kind, **kw)
    return info.value


def gzip_bomb(inflated_mib: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"0," * (MiB // 2)
    parts = [packer.compress(b"[")]
    parts += [packer.compress(block) for _ in range(inflated_mib)]
    return b"".join([*parts, packer.flush()])


def test_gzip_body_is_inflated(server: StatusServer):
    body = gzip.compress(b'{"ok": true}')
    server.set("/z", Route(body=body, headers={"Content-Encoding": "gzip"}))
    assert get(server.url + "/z") == {"ok": True}
    server.set("/d", Route(body=zlib.compress(b"[1]"), headers={"Content-Encoding": "deflate"}))
    assert get(server.url + "/d") == [1]


def test_gzip_bomb_stops_at_the_cap_without_inflating_it(server: StatusServer):
    # 200 MB in about 200 KB: the old reader inflated whole chunks before checking the cap.
    bomb = gzip_bomb(200)
    assert len(bomb) < MiB
    server.set("/bomb", Route(body=bomb, headers={"Content-Encoding": "gzip"}))
    tracemalloc.start()
    try:
        err = failure(server.url + "/bomb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "sent more than 5 MB; stopped reading" in err.message
    assert err.kind is FailureKind.CONTENT
    assert peak < 20 * MiB


def test_stacked_content_codings_are_refused(server: StatusServer):
    body = gzip.compress(gzip.compress(b"[" + b"0," * MiB))
    server.set("/twice", Route(body=body, headers={"Content-Encoding": "gzip, gzip"}))
    err = failure(server.url + "/twice")
    assert "stacked content codings (gzip, gzip)" in err.message
    assert err.kind is FailureKind.CONTENT


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (b"\x1f\x8b\x08\x00garbage that is not deflate", "gzip"),
        (gzip.compress(str(list(range(5000))).encode())[:200], "gzip"),  # cut short
        (b"not compressed at all", "deflate"),
    ],
)
def test_garbled_compressed_body_is_content_not_network(
    server: StatusServer, body: bytes, encoding: str
):
    server.set("/garbled", Route(body=body, headers={"Content-Encoding": encoding}))
    err = failure(server.url + "/garbled")
    assert err.kind is FailureKind.CONTENT
    assert "garbled compressed body" in err.message


def test_unknown_content_coding_is_refused(server: StatusServer):
    server.set("/br", Route(body=b"\x00\x01", headers={"Content-Encoding": "br"}))
    err = failure(server.url + "/br")
    assert err.kind is FailureKind.CONTENT
    assert "unsupported content coding" in err.message


def billion_laughs(prefix: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0"?>'
        + prefix
        + b'<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        + b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss><channel><title>&c;</title></channel></rss>'
    )


@pytest.mark.parametrize(
    "body",
    [
        billion_laughs(),
        # Past the first 2 KB the old check looked at.
        billion_laughs(b"<!--" + b" " * 4096 + b"-->"),
        # UTF-16: the old byte search for "<!DOCTYPE" never matched.
        billion_laughs().replace(b'<?xml version="1.0"?>', b"").decode().encode("utf-16"),
    ],
    ids=["plain", "after-2kb", "utf-16"],
)
def test_dtd_is_refused_wherever_and_however_encoded(server: StatusServer, body: bytes):
    server.set("/feed", Route(body=body, content_type="application/xml"))
    err = failure(server.url + "/feed", kind="xml")
    assert "DTD" in err.message
    assert err.kind is FailureKind.CONTENT


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"n": ' + b"9" * 5000 + b"}", "value out of range"),
    ],
)
def test_pathological_json_is_a_clean_content_error(server: StatusServer, body, expected):
    server.set("/j", Route(body=body))
    err = failure(server.url + "/j")
    assert expected in err.message
    assert err.kind is FailureKind.CONTENT


@pytest.mark.parametrize(
    "location",
    [
        "javascript:alert(1)",
        "http://[::1",  # a malformed IPv6 literal made urljoin raise
        "data:text/html,hi",
        "http://\u202eexample.com\u0085/x",
    ],
)
def test_a_hostile_redirect_is_a_clean_http_failure(server: StatusServer, location: str):
    server.set("/moved", Route(status=302, headers={"Location": location}, body=b""))
    err = failure(server.url + "/moved")
    assert err.kind is FailureKind.HTTP
    assert "redirected" in err.message
    assert not any(ch in err.message for ch in "\u202e\u0085\n")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        ("100000000000000", 3600.0),  # 10^14 s raised OverflowError deep in the poller
        ("31536000", 3600.0),  # a year: clamped to an hour
        ("١٢٠", None),  # Arabic-Indic digits: isdigit() said yes, float() said no
        ("²", None),
        ("1" * 100, None),
        ("-5", None),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 3600.0),
        ("Fri, 20 Nov 2026 12:02:00 GMT", 120.0),
        ("Thu, 19 Nov 2026 12:00:00 GMT", 0.0),
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_is_parsed_strictly_and_clamped(header, expected):
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert parse_retry_after(header, now) == expected


def test_huge_retry_after_from_a_server_is_clamped(server: StatusServer):
    server.set("/busy", Route(body=b"{}", status=429, headers={"Retry-After": "1" + "0" * 14}))
    err = failure(server.url + "/busy")
    assert err.retry_after == 3600.0


def test_the_validator_cache_does_not_keep_decoded_documents(server: StatusServer):
    doc = {"components": [{"name": f"component {i}", "status": "operational"} for i in range(2000)]}
    server.set_json("/tagged", doc, etag='"v1"')

    async def run():
        async with make_client() as client:
            fetcher = Fetcher(client)
            first = await fetcher.get(Endpoint(server.url + "/tagged"))
            second = await fetcher.get(Endpoint(server.url + "/tagged"))
            return fetcher, first, second

    fetcher, first, second = asyncio.run(run())
    assert first == second == doc
    assert server.conditional_hits["/tagged"] == 1
    cached = fetcher.cache.get(server.url + "/tagged")
    assert cached is not None
    assert not hasattr(cached, "document")
    assert len(cached.packed) < len(str(doc)) // 10
