"""The OParl importer against a malicious server (issue 13, finding 7), from outside:
a real HTTP server on 127.0.0.1 that names a file:// URL, a service on another port,
redirects there, or streams 200 MB. The importer refuses each, names the URL in
German, and its memory stays flat."""

from __future__ import annotations

import itertools
import json
import tracemalloc
from collections.abc import Iterator

import pytest

from sozialplanung.core.actions import create_municipality
from sozialplanung.core.imports import ImportFailed
from sozialplanung.council.models import File, Paper
from sozialplanung.council.oparl.importer import import_oparl
from tests.conftest import TEST

from .oparl_check import json_answer, local_server

PAPER = {
    "id": "{base}/paper/1",
    "type": "https://schema.oparl.org/1.1/Paper",
    "name": "Eingeschleust",
    "reference": "X/1",
}


@pytest.fixture
def town(db):
    return create_municipality("boeseberg", "Böseberg", acting_user=TEST)


@pytest.fixture
def loopback_allowed(settings):
    settings.OPARL_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    settings.OPARL_IMPORT_MAX_MB = 2
    return settings


def evil_server(paper_list: str, extra: dict | None = None):
    """A server whose body names ``paper_list`` (formatted with its base) as paper list."""

    def answer(base: str, path: str):
        pages = {
            "/system": {"id": f"{base}/system", "body": f"{base}/bodies"},
            "/bodies": {
                "data": [
                    {
                        "id": f"{base}/body/1",
                        "type": "https://schema.oparl.org/1.1/Body",
                        "name": "Böseberg",
                        "paper": paper_list.format(base=base),
                    }
                ]
            },
        }
        if path in (extra or {}):
            return extra[path](base)
        return json_answer(pages[path]) if path in pages else None

    return local_server(answer)


def test_a_file_url_is_not_read(town, loopback_allowed, tmp_path):
    secret = tmp_path / "liste.json"
    secret.write_text(json.dumps({"data": [{**PAPER, "id": "https://x.example/paper/1"}]}))
    with evil_server(secret.as_uri()) as base, pytest.raises(ImportFailed) as failure:
        import_oparl(base + "/system", municipality=town, acting_user=TEST)
    assert secret.as_uri() in str(failure.value)
    assert "nur http- und https-Adressen" in str(failure.value)
    assert Paper.objects.count() == 0


def test_another_service_on_loopback_is_not_contacted(town, loopback_allowed):
    hits = []

    def other_service(base: str, path: str):
        hits.append(path)
        return json_answer({"data": [{**PAPER, "id": base + "/paper/1"}]})

    with local_server(other_service) as other:
        with evil_server(other + "/intern") as base, pytest.raises(ImportFailed) as failure:
            import_oparl(base + "/system", municipality=town, acting_user=TEST)
        assert f"{other}/intern" in str(failure.value)
        assert "außerhalb des OParl-Servers" in str(failure.value)
        # Nor by a redirect from the endpoint itself.
        redirect = {"/papers": lambda base: (302, {"Location": other + "/intern"}, [b""])}
        with evil_server("{base}/papers", redirect) as base, pytest.raises(ImportFailed):
            import_oparl(base + "/system", municipality=town, acting_user=TEST)
    assert hits == []
    assert Paper.objects.count() == 0


def test_an_allowed_origin_is_read(town, loopback_allowed):
    def other_service(base: str, path: str):
        return json_answer({"data": [{**PAPER, "id": base + "/paper/1"}]})

    with local_server(other_service) as other, evil_server(other + "/liste") as base:
        loopback_allowed.OPARL_IMPORT_ALLOWED_ORIGINS = [other]
        import_oparl(base + "/system", municipality=town, acting_user=TEST)
    assert Paper.objects.get().name == "Eingeschleust"


def endless(total: int) -> Iterator[bytes]:
    """``total`` bytes of a JSON list that never closes, from one reused chunk."""
    chunk = b" " * (64 * 1024)
    yield b'{"data": ['
    yield from itertools.repeat(chunk, total // len(chunk))


def test_a_200_mb_answer_stops_at_the_cap_and_memory_stays_flat(town, loopback_allowed):
    huge = {
        "/papers": lambda base: (200, {"Content-Type": "application/json"}, endless(200 * 2**20))
    }
    with evil_server("{base}/papers", huge) as base:
        tracemalloc.start()
        try:
            with pytest.raises(ImportFailed) as failure:
                import_oparl(base + "/system", municipality=town, acting_user=TEST)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert f"{base}/papers" in str(failure.value)
    assert "größer als 2 MB" in str(failure.value)
    assert peak < 20 * 2**20  # the cap is 2 MB; reading it all would take 200 MB


def test_a_declared_oversize_is_refused_before_reading(town, loopback_allowed):
    size = 300 * 2**20
    huge = {"/papers": lambda base: (200, {"Content-Length": str(size)}, [b"{}"])}
    with evil_server("{base}/papers", huge) as base, pytest.raises(ImportFailed) as failure:
        import_oparl(base + "/system", municipality=town, acting_user=TEST)
    assert "größer als 2 MB" in str(failure.value)


def test_loopback_is_refused_unless_allowed(town):
    with evil_server("{base}/papers") as base, pytest.raises(ImportFailed) as failure:
        import_oparl(base + "/system", municipality=town, acting_user=TEST)
    message = str(failure.value)
    assert f"{base}/system" in message
    assert "interne Adresse 127.0.0.1" in message
    assert "OPARL_IMPORT_ALLOW_PRIVATE_ADDRESSES" in message


# --- --download-files: a copy of each file, capped -------------------------------------


def test_download_files_keeps_a_copy_and_skips_what_is_too_big(town, loopback_allowed):
    def files_page(base: str):
        paper = {
            **PAPER,
            "id": base + "/paper/1",
            "mainFile": {
                "id": base + "/file/1",
                "type": "https://schema.oparl.org/1.1/File",
                "fileName": "beschluss.txt",
                "mimeType": "text/plain",
                "accessUrl": base + "/inhalt/1",
            },
            "auxiliaryFile": [
                {
                    "id": base + "/file/2",
                    "type": "https://schema.oparl.org/1.1/File",
                    "fileName": "riesig.pdf",
                    "accessUrl": base + "/inhalt/2",
                }
            ],
        }
        return json_answer({"data": [paper]})

    extra = {
        "/papers": files_page,
        "/inhalt/1": lambda base: (200, {}, [b"Der Rat beschliesst."]),
        "/inhalt/2": lambda base: (200, {}, endless(50 * 2**20)),
    }
    with evil_server("{base}/papers", extra) as base:
        result = import_oparl(
            base + "/system",
            municipality=town,
            acting_user=TEST,
            download_files=True,
            max_file_mb=1,
        )
    kept = File.objects.get(file_name="beschluss.txt")
    assert kept.content.read() == b"Der Rat beschliesst."
    assert kept.size == 20 and len(kept.sha256) == 64
    big = File.objects.get(file_name="riesig.pdf")
    assert not big.content and big.access_url == f"{base}/inhalt/2"
    assert any(f"{base}/file/2" in w and "größer als 1 MB" in w for w in result.warnings)
