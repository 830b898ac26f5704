"""The OpenAPI spec is the contract: schemathesis (``run --checks all``) against a real server over a writable
copy of the real index, every operation included (the admin ones with the token, uploads too), finds no
failure. The few rules a JSON schema cannot state are listed, with the reason, in ``schemathesis.toml``.

Examples per operation are capped (``EXAMPLES``) and the seed is fixed, so the run takes ~30 s and a failure
reproduces; ``policyqa bench --load`` runs it with more examples and other seeds for the reliability report.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from serve.api import create_app
from tests.server_support import running_server
from tests.upload_support import copy_of_index

pytestmark = pytest.mark.integration  # a real server and a subprocess

CONFIG = Path(__file__).with_name("schemathesis.toml")
TOKEN = "fuzz-admin-token"
EXAMPLES = 25


def run_schemathesis(base_url: str, token: str, examples: int, seed: int, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``schemathesis run --checks all`` over the server's own spec, as a user would type it."""
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "--config-file", str(CONFIG), "--no-color",
        "run", f"{base_url}/openapi.json", "--checks", "all", "-H", f"Authorization: Bearer {token}",
        "--max-examples", str(examples), "--seed", str(seed), "--generation-database", "none",
    ]  # fmt: skip
    return subprocess.run(command, check=False, capture_output=True, text=True, timeout=timeout)


def summary_line(output: str) -> str:
    """schemathesis's count line, e.g. ``1164 generated, 1164 passed, 2 skipped``."""
    found = re.findall(r"^\s*(\d+ generated,.*)$", output, flags=re.MULTILINE)
    return found[-1].strip() if found else ""


def test_schemathesis_finds_no_failure_on_any_operation(indexed_settings, tmp_path: Path) -> None:
    settings = copy_of_index(indexed_settings, tmp_path / "data", admin_token=TOKEN, request_timeout_s=30.0)
    app = create_app(settings)
    with running_server(app) as url:
        status = app.state.live.wait(timeout=120)
        assert status.ready, status.last_error
        operations = sum(len(methods) for methods in httpx.get(f"{url}/openapi.json").json()["paths"].values())
        started = time.monotonic()
        done = run_schemathesis(url, TOKEN, EXAMPLES, seed=1)
        elapsed = time.monotonic() - started
    output = done.stdout + done.stderr
    counts = summary_line(output)
    print(f"\nschemathesis --checks all, {EXAMPLES} examples per operation: {counts} ({elapsed:.0f} s)")
    assert done.returncode == 0, output[-6000:]
    assert f"Operations:       {operations} selected / {operations} total" in output
    assert f"Tested: {operations}" in output
    assert re.fullmatch(r"(\d+) generated, \1 passed(, \d+ skipped)?", counts), counts
