"""Running the ``sozialplanung`` program in a subprocess with a chosen environment."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_environment(tmp_path: Path, **settings: str | None) -> dict[str, str]:
    """The current environment without SOZIALPLANUNG_* variables, plus ``settings``
    (names without the prefix; None leaves one out): data folder ``tmp_path``, a random
    secret key unless given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOZIALPLANUNG_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Set by the browser tests' plugin for Playwright's event loop; a server never has it
    # (check --deploy reports it as async.E001).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    wanted = {"DATA_DIR": str(tmp_path), "SECRET_KEY": good_secret(), **settings}
    env.update({f"SOZIALPLANUNG_{k}": v for k, v in wanted.items() if v is not None})
    return env


def good_secret() -> str:
    return secrets.token_urlsafe(50)


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def run_cli(
    *args: str, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sozialplanung", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=600,
    )


def documented_environment() -> dict[str, str]:
    """The environment file of docs/betrieb.md: its sh block that sets the secret key
    (scripts/production-check runs the servers with it, too)."""
    text = (ROOT / "docs" / "betrieb.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```sh\n(.*?)```", text, re.DOTALL) if "SECRET_KEY=" in b]
    pairs = [line.split("=", 1) for line in block.splitlines() if "=" in line]
    return {name.strip(): value.strip() for name, value in pairs}
