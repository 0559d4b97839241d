"""Which addresses the app may talk to: https anywhere, plain http only to this machine."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit, urlunsplit

from trayapp.core.i18n import _


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> str | None:
    """Why ``url`` may not be polled, or None when it may."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        return _("not a valid URL ({error})").format(error=exc)
    if not host:
        return _("not an absolute URL (expected https://host/...)")
    if parts.scheme == "https":
        return None
    if parts.scheme == "http":
        if is_loopback(host):
            return None
        return _("plain http is allowed only for loopback hosts; use https")
    scheme = repr(parts.scheme) if parts.scheme else _("(none)")
    return _("unsupported scheme {scheme}; use https").format(scheme=scheme)


def redirect_problem(current: str, target: str) -> str | None:
    """Why following a redirect from ``current`` to ``target`` is refused, or None."""
    problem = url_problem(target)
    if problem:
        message = _("redirected to a refused address ({url}): {problem}")
        return message.format(url=redact(target), problem=problem)
    if urlsplit(current).scheme == "https" and urlsplit(target).scheme != "https":
        return _("redirected from https to plain http ({url})").format(url=redact(target))
    return None


def redact(url: str) -> str:
    """``url`` without credentials or query string, fit for logs and messages."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return _("(malformed URL)")
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    if port:
        host = f"{host}:{port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def host_of(url: str) -> str:
    try:
        return urlsplit(url).netloc.rsplit("@", 1)[-1] or url
    except ValueError:
        return url


def without_userinfo(url: str | None) -> str | None:
    """``url`` without ``user:password@``: credentials authenticate, they are never shown."""
    if url is None:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]))
