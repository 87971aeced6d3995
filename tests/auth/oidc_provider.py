"""A real OpenID provider process (tests/oidc/provider.mjs, panva's oidc-provider on
Node.js) on a free loopback port, and a browser-like walk through its login pages."""

from __future__ import annotations

import html
import re
import select
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

PROVIDER_DIR = Path(__file__).resolve().parents[1] / "oidc"
CLIENT_ID = "sozialplanung"
CLIENT_SECRET = "ein-langes-geheimnis-nur-fuer-die-tests"
#: Where the Django test client lives: the provider redirects the browser back there.
SITE = "http://testserver"
CALLBACK = f"{SITE}/anmelden/verzeichnis/zurueck/"
STARTUP_SECONDS = 30


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen[str]

    def settings(self) -> dict[str, str]:
        """The relying party's settings for this provider (SOZIALPLANUNG_OIDC_*)."""
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/auth",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/me",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
            "OIDC_END_SESSION_ENDPOINT": f"{self.issuer}/session/end",
        }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(tamper: str = "") -> Provider:
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError("tests/oidc/node_modules fehlt: `make oidc-provider` installiert es")
    port = free_port()
    args = ["node", "provider.mjs", str(port), CLIENT_ID, CLIENT_SECRET, CALLBACK, f"{SITE}/"]
    process = subprocess.Popen(
        [*args, tamper] if tamper else args,
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    ready, _, _ = select.select([process.stdout], [], [], STARTUP_SECONDS)
    if not ready or process.stdout.readline().strip() != "ready":  # type: ignore[union-attr]
        process.kill()
        raise RuntimeError(f"Der OpenID-Provider ist nicht gestartet (Code {process.poll()})")
    return Provider(issuer=f"http://127.0.0.1:{port}", process=process)


def stop(provider: Provider) -> None:
    provider.process.terminate()
    provider.process.wait(timeout=10)


def _form(page: str) -> tuple[str, dict[str, str]]:
    """The first form of a page: its action and its hidden fields."""
    action = re.search(r'<form[^>]*action="([^"]*)"', page)
    assert action, page
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    return html.unescape(action.group(1)), hidden


def walk_to_site(browser: requests.Session, url: str, account: str) -> str:
    """Follows the provider's pages as a person would (log in, consent) until it sends
    the browser back to the site; returns that URL."""
    response = browser.get(url, allow_redirects=False)
    for _ in range(12):
        if response.is_redirect:
            url = urljoin(response.url, response.headers["Location"])
            if url.startswith(SITE):
                return url
            response = browser.get(url, allow_redirects=False)
            continue
        assert response.status_code == 200, response.text
        action, data = _form(response.text)
        if 'name="login"' in response.text:
            data |= {"login": account, "password": "beliebig"}
        response = browser.post(urljoin(response.url, action), data=data, allow_redirects=False)
    raise AssertionError("the provider never sent the browser back")


def site_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def confirm_logout(browser: requests.Session, url: str) -> str:
    """The provider asks whether to end its session too; says yes, returns where it sends us."""
    page = browser.get(url, allow_redirects=False)
    assert page.status_code == 200, page.text
    action, data = _form(page.text)
    done = browser.post(
        urljoin(page.url, action), data=data | {"logout": "yes"}, allow_redirects=False
    )
    assert done.is_redirect, done.text
    return str(done.headers["Location"])
