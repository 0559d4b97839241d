"""A TLS server on 127.0.0.1 that speaks HTTP/2 only (ALPN ``h2``), answering from a
:class:`~tests.statusserver.StatusServer`'s routes exactly as that server would over HTTP/1.1.

Used to check that the app takes HTTP/2 where a server offers it, and by the benchmarks to
measure what HTTP/2 (one connection, HPACK-compressed headers) saves on the wire.
"""

from __future__ import annotations

import asyncio
import ssl
import threading

import h2.config
import h2.connection
import h2.events
import trustme

from tests.statusserver import StatusServer


def tls_pair(ca: trustme.CA | None = None) -> tuple[ssl.SSLContext, ssl.SSLContext, trustme.CA]:
    """(server context for 127.0.0.1 with an intermediate CA, client context trusting it, CA)."""
    ca = ca or trustme.CA()
    leaf = ca.create_child_ca().issue_cert("127.0.0.1", "localhost")
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(server)
    client = ssl.create_default_context()
    ca.configure_trust(client)
    return server, client, ca


class H2Server:
    """``with H2Server(routes, server_context) as h2: h2.url`` — one thread, one event loop."""

    def __init__(self, routes: StatusServer, tls: ssl.SSLContext) -> None:
        self.routes = routes
        self.tls = tls
        self.tls.set_alpn_protocols(["h2"])
        self.connections = 0
        self.protocols: list[str | None] = []
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.port = 0
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def __enter__(self) -> H2Server:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def drop_connections(self) -> None:
        """Close every open connection, as a server does with idle ones (no GOAWAY first)."""

        def close() -> None:
            for writer in self._writers:
                writer.close()

        self._loop.call_soon_threadsafe(close)

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.tls)
        )
        self.port = int(self._server.sockets[0].getsockname()[1])
        self._ready.set()
        self._loop.run_forever()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        tls = writer.get_extra_info("ssl_object")
        self.protocols.append(tls.selected_alpn_protocol() if tls else None)
        connection = h2.connection.H2Connection(
            h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
        )
        connection.initiate_connection()
        writer.write(connection.data_to_send())
        pending: dict[int, bytes] = {}  # stream -> body still to send (flow control)
        try:
            while data := await reader.read(65536):
                for event in connection.receive_data(data):
                    if isinstance(event, h2.events.RequestReceived):
                        self._respond(connection, event, pending)
                    elif isinstance(event, h2.events.ConnectionTerminated):
                        return
                _flush(connection, pending)
                writer.write(connection.data_to_send())
                await writer.drain()
        except (ConnectionError, ssl.SSLError, asyncio.CancelledError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    def _respond(
        self,
        connection: h2.connection.H2Connection,
        event: h2.events.RequestReceived,
        pending: dict[int, bytes],
    ) -> None:
        request = {_title(str(k)): str(v) for k, v in event.headers or []}
        path = request.get(":Path", "/").split("?", 1)[0]
        head = request.get(":Method") == "HEAD"
        routes = self.routes
        if head:
            routes.head_hits[path] += 1
        else:
            routes.hits[path] += 1
            routes.last_headers[path] = request
        route = routes.route(path)
        stream = event.stream_id
        assert stream is not None
        if route is None:
            connection.send_headers(stream, [(":status", "404")], end_stream=True)
            return
        status, headers, body = routes.answer(route, path, request, head)
        fields = [(":status", str(status))]
        if status != 304:
            fields += [("content-type", route.content_type), ("content-length", str(len(body)))]
        fields += [(k.lower(), v) for k, v in headers.items()]
        empty = status == 304 or head or not body
        connection.send_headers(stream, fields, end_stream=empty)
        if not empty:
            pending[stream] = body


def _flush(connection: h2.connection.H2Connection, pending: dict[int, bytes]) -> None:
    for stream, body in list(pending.items()):
        while body:
            room = min(
                connection.local_flow_control_window(stream), connection.max_outbound_frame_size
            )
            if room <= 0:
                break
            connection.send_data(stream, body[:room], end_stream=len(body) <= room)
            body = body[room:]
        if body:
            pending[stream] = body
        else:
            del pending[stream]


def _title(name: str) -> str:
    if name.startswith(":"):
        return ":" + name[1:].capitalize()
    return "-".join(part.capitalize() for part in name.split("-"))
