"""Finding 5 of issue 13: there was no Content-Security-Policy. Now every response carries
one that allows scripts only from this server, and no page needs an inline script."""

from __future__ import annotations

import re
from collections import deque

from django.test import Client

from sozialplanung.core.visibility import Role

LINK = re.compile(r'href="(/[^"#]*)"')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
LIMIT = 250


def directives(policy: str) -> dict[str, list[str]]:
    parts = (p.split() for p in policy.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def crawl(client: Client, start: str = "/") -> dict[str, object]:
    """Every page reachable over links from the start page (up to LIMIT), by path."""
    seen: dict[str, object] = {}
    queue = deque([start])
    while queue and len(seen) < LIMIT:
        path = queue.popleft()
        if path in seen or path.startswith(("/abmelden/", "/static/")):
            continue
        response = client.get(path)
        seen[path] = response
        if response.get("Content-Type", "").startswith("text/html"):
            queue.extend(LINK.findall(response.content.decode()))
    return seen


def check(pages: dict[str, object]) -> None:
    assert len(pages) > 20
    for path, response in pages.items():
        policy = response.get("Content-Security-Policy")
        assert policy, f"{path} ({response.status_code}) has no Content-Security-Policy"
        rules = directives(policy)
        assert rules["script-src"] == ["'self'"], path
        assert rules["object-src"] == ["'none'"] and rules["frame-ancestors"] == ["'none'"]
        if response.get("Content-Type", "").startswith("text/html"):
            body = response.content.decode()
            assert not INLINE_SCRIPT.search(body), f"inline script on {path}"
            assert not HANDLER.search(body), f"inline event handler on {path}"


def test_every_page_of_the_public_crawl_carries_the_policy(client, indicators):
    check(crawl(client, "/teststadt/"))


def test_every_page_of_the_planning_units_crawl_carries_the_policy(client_for, indicators):
    check(crawl(client_for(Role.SOZIALPLANUNG), "/teststadt/"))


def test_the_login_pages_carry_it_too(client, users):
    for path in ("/anmelden/", "/api/docs", "/oparl/v1.1/"):
        assert client.get(path).get("Content-Security-Policy"), path


def test_security_txt_names_the_installations_contact(client, db, settings):
    assert client.get("/.well-known/security.txt").status_code == 404
    settings.SECURITY_CONTACT = "sicherheit@teststadt.invalid"
    response = client.get("/.well-known/security.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Contact: mailto:sicherheit@teststadt.invalid\n" in text
    assert "Expires: 20" in text
