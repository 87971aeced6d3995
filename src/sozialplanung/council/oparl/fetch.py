"""Fetching from a remote OParl server without trusting it (issue 13, finding 7).

A remote server names the URLs we follow (lists, ``links.next``, files). Left alone it
could send us to ``file://``, to our own loopback services or the cloud's metadata
address, or answer with an endless body. So every fetch here:

- takes only http(s) URLs whose origin (scheme, host, port) is the endpoint's own or
  one listed in ``OPARL_IMPORT_ALLOWED_ORIGINS``;
- connects only to public addresses: the address actually connected to is checked
  (after DNS, so a name that resolves to 127.0.0.1 does not slip through), unless
  ``OPARL_IMPORT_ALLOW_PRIVATE_ADDRESSES`` is set (a council system in the city's own
  network, or tests on loopback);
- follows redirects only under the same rules;
- reads at most ``max_bytes`` (streamed: a bigger answer stops at the cap, it is
  never held whole) and gives up after ``OPARL_IMPORT_TIMEOUT_SECONDS`` in all.

Connections go straight to the server, not through a proxy from the environment:
the address check must see the server itself.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from sozialplanung.core.imports import ImportFailed
from sozialplanung.core.imports.errors import EXCERPT_CHARS

CHUNK = 64 * 1024
MB = 1024 * 1024


class Refused(Exception):
    """A URL or address the importer must not fetch; the message is German."""


def origin(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def _forbidden_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def _check_peer(sock: socket.socket, host: str) -> None:
    if getattr(settings, "OPARL_IMPORT_ALLOW_PRIVATE_ADDRESSES", False):
        return
    address = sock.getpeername()[0]
    if _forbidden_address(address):
        sock.close()
        raise Refused(
            f"{host} zeigt auf die interne Adresse {address} (privat, Loopback oder "
            "link-lokal); der Import ruft solche Adressen nur ab, wenn "
            "SOZIALPLANUNG_OPARL_IMPORT_ALLOW_PRIVATE_ADDRESSES gesetzt ist."
        )


def _checked_create_connection(host: str) -> Any:
    def create_connection(*args: Any, **kwargs: Any) -> socket.socket:
        sock = socket.create_connection(*args, **kwargs)
        _check_peer(sock, host)
        return sock

    return create_connection


class _CheckedHTTPConnection(http.client.HTTPConnection):
    # The plain TCP peer is checked before anything (for https: the TLS handshake) is sent.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _checked_create_connection(self.host)


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _checked_create_connection(self.host)


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_CheckedHTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_CheckedHTTPSConnection, req)


class Fetcher:
    """Fetches for one import: the endpoint's origin and the settings decide what."""

    def __init__(self, endpoint: str) -> None:
        self.allowed = {origin(endpoint)} | {
            origin(o.strip())
            for o in getattr(settings, "OPARL_IMPORT_ALLOWED_ORIGINS", [])
            if o.strip()
        }
        self.timeout = float(getattr(settings, "OPARL_IMPORT_TIMEOUT_SECONDS", 60))
        self.max_bytes = int(getattr(settings, "OPARL_IMPORT_MAX_MB", 20) * MB)
        fetcher = self

        class Redirects(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
                fetcher.check_url(newurl)
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), _HTTPHandler, _HTTPSHandler, Redirects
        )

    def check_url(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Refused("Der Import ruft nur http- und https-Adressen ab.")
        if origin(url) not in self.allowed:
            raise Refused(
                "Die Adresse liegt außerhalb des OParl-Servers, von dem importiert wird; "
                "weitere Server erlaubt SOZIALPLANUNG_OPARL_IMPORT_ALLOWED_ORIGINS."
            )

    def read(self, url: str, max_bytes: int | None = None) -> tuple[bytes, str]:
        """The body (at most ``max_bytes``) and content type of ``url``, or ImportFailed."""
        limit = self.max_bytes if max_bytes is None else max_bytes
        request = urllib.request.Request(
            url,
            headers={"Accept": "application/json", "User-Agent": "sozialplanung-oparl-import"},
        )
        deadline = time.monotonic() + self.timeout
        try:
            self.check_url(url)
            with self.opener.open(request, timeout=self.timeout) as response:
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise Refused(_too_big(limit))
                chunks, size = [], 0
                while chunk := response.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise Refused(_too_big(limit))
                    if time.monotonic() > deadline:
                        raise Refused(
                            f"Die Antwort dauert länger als {self.timeout:g} Sekunden "
                            "(SOZIALPLANUNG_OPARL_IMPORT_TIMEOUT_SECONDS)."
                        )
                    chunks.append(chunk)
                return b"".join(chunks), response.headers.get("Content-Type", "")
        except Refused as exc:
            raise failed(url, f"Nicht abgerufen: {exc}") from None
        except urllib.error.HTTPError as exc:
            raise failed(url, f"Der Server antwortet mit Status {exc.code}.") from None
        except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, Refused):
                raise failed(url, f"Nicht abgerufen: {reason}") from None
            raise failed(url, f"Der Server ist nicht erreichbar ({reason}).") from None

    def json(self, url: str) -> Any:
        data, _ = self.read(url)
        try:
            return json.loads(data.decode("utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise failed(url, f"Die Antwort ist kein gültiges JSON ({exc}).") from None


def failed(url: str, message: str) -> ImportFailed:
    """A failed fetch, naming the whole URL: a problem's place is cut at 80 characters."""
    if len(url) <= EXCERPT_CHARS:
        return ImportFailed.single(url, message)
    return ImportFailed.single("OParl-Server", f"{url}: {message}")


def _too_big(limit: int) -> str:
    return (
        f"Die Antwort ist größer als {limit / MB:g} MB "
        "(SOZIALPLANUNG_OPARL_IMPORT_MAX_MB); der Import liest nicht weiter."
    )
