"""The wheel carries everything vanban needs: installed into a fresh venv and run from a folder with
no checkout, `vanban index`, `search` and `serve` work, and config/ is found as package data."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding only the wheel; dependencies come from this venv's site-packages by a
    plain path entry (no .pth of ours is processed there, so the editable checkout stays out)."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(work),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        cwd=work,
    )
    wheel = next(work.glob("vanban_search-*.whl"))
    fresh = work / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return fresh


def _env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VANBAN_CONFIG_DIR")}


def test_the_wheel_ships_config_and_runs_without_a_checkout(installed, tmp_path):
    vanban = str(installed / "bin" / "vanban")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    docs = elsewhere / "docs"
    docs.mkdir()
    (docs / "cv.txt").write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nSố: 628/UBND-VX\nV/v thực hiện mục tiêu kép\n"
        "1. Các sở, ban, ngành thực hiện nghiêm mục tiêu kép.\n",
        encoding="utf-8",
    )
    where = subprocess.run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import analyzers.config_files as c, indexer; print(c.config_dir()); print(indexer.__file__)",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    ).stdout.split("\n")
    assert str(REPO) not in where[0] and str(REPO) not in where[1], where
    assert (Path(where[0]) / "synonyms.json").is_file()

    run = subprocess.run([vanban, "index", "docs"], cwd=elsewhere, capture_output=True, text=True, env=_env())
    assert run.returncode == 0, run.stderr
    found = subprocess.run(
        [vanban, "search", "UBND", "muc tieu kep", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["hits"][0]["number"] == "628/UBND-VX"

    port = _free_port()
    server = subprocess.Popen(
        [vanban, "serve", "--port", str(port)],
        cwd=elsewhere,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=muc+tieu+kep") as answer:
                    assert json.loads(answer.read())["total"] == 1
                    break
            except OSError:
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline, "serve never answered"
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(10)


def test_config_dir_override_reaches_every_layer(installed, tmp_path):
    """VANBAN_CONFIG_DIR is read by the analyzers (synonyms, tone table) as by the indexer."""
    custom = tmp_path / "conf"
    custom.mkdir()
    probe = (
        "import analyzers.normalize as n, indexer.settings as s, analyzers.synonyms as y; "
        "print(n.CONFIG_DIR); print(s.CONFIG_DIR)"
    )
    out = subprocess.run(
        [str(installed / "bin" / "python"), "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**_env(), "VANBAN_CONFIG_DIR": str(custom)},
        check=True,
    ).stdout.split()
    assert out == [str(custom), str(custom)]
