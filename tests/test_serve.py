"""`vanban serve` for real: gunicorn's pre-forked workers and the single-process waitress mode, started
as subprocesses on a free 127.0.0.1 port over a real index, talked to over real sockets."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from search_app import relative_location
from search_app.cli import main
from search_app.serving import error_code, parse_html_error
from tests.conftest import REPO, SAMPLES, build_index

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("serve") / "index"
    _, report = build_index([SAMPLES], index_dir, segmenter="none")
    assert report.ok, report.files_failed
    return index_dir


class Server:
    """`vanban serve --port 0 …` in a subprocess; the port comes from its announcement on stderr."""

    def __init__(self, index_dir: Path, log: Path, *args: str):
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "search_app.cli", "serve", "--index-dir", str(index_dir), "--port", "0"]
            + list(args),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        deadline = time.monotonic() + 60
        while not (found := re.search(r"http://127\.0\.0\.1:(\d+)/", log.read_text())):
            assert self.proc.poll() is None, f"serve exited {self.proc.returncode}: {log.read_text()}"
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        self.port = int(found.group(1))
        self.url = f"http://127.0.0.1:{self.port}"
        while True:  # the workers are up when /healthz answers
            try:
                self.get_json("/healthz")
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)

    def get_json(self, path: str) -> dict:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return json.loads(response.read())

    def raw(self, request: bytes) -> tuple[int, dict[str, str], bytes]:
        """One request over a fresh connection: (status, headers, body)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(request)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
                head, sep, body = data.partition(b"\r\n\r\n")
                if sep:
                    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
                    if length and len(body) >= int(length.group(1)):
                        break
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        return int(lines[0].split()[1]), headers, body

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def test_two_workers_answer_follow_a_reindex_and_stop_on_sigterm(tmp_path):
    served_index = tmp_path / "index"
    build_index([SAMPLES], served_index, segmenter="none")
    server = Server(served_index, tmp_path / "serve.log", "--workers", "2", "--threads", "2")
    try:
        # /healthz answers as soon as the first worker is up: the arbiter may still be forking the second
        deadline = time.monotonic() + 30
        while len(workers := children_of(server.proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers) == 2, workers
        seen: dict[int, int] = {}
        deadline = time.monotonic() + 30
        while set(seen) != workers and time.monotonic() < deadline:
            health = server.get_json("/healthz")  # a new connection each time: the kernel spreads them
            seen[health["pid"]] = health["documents"]
        assert set(seen) == workers, f"only {set(seen)} of {workers} answered"
        before = next(iter(seen.values()))
        assert before > 10
        found = server.get_json("/api/search?q=dich")
        assert found["total"] > 0 and found["hits"]

        # a reindex publishes a smaller version; every worker reopens it on its own
        small = tmp_path / "small"
        small.mkdir()
        for name in sorted(p.name for p in SAMPLES.iterdir() if p.suffix == ".txt")[:3]:
            (small / name).write_bytes((SAMPLES / name).read_bytes())
        result = CliRunner().invoke(
            main, ["reindex", str(small), "--index-dir", str(served_index), "--segmenter", "none"]
        )
        assert result.exit_code == 0, result.output
        after: dict[int, int] = {}
        deadline = time.monotonic() + 30
        while not (set(after) == workers and set(after.values()) == {3}) and time.monotonic() < deadline:
            health = server.get_json("/healthz")
            after[health["pid"]] = health["documents"]
        assert after == {pid: 3 for pid in workers}
        log_lines = [
            json.loads(line) for line in (tmp_path / "serve.log").read_text().splitlines() if line[:1] == "{"
        ]
        assert any(r["path"] == "/api/search" and r["status"] == 200 for r in log_lines)  # JSON access log
    finally:
        code = server.stop()
    assert code == 0, (tmp_path / "serve.log").read_text()
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


@pytest.fixture(scope="module", params=["prefork", "single"])
def server(request, served_index, tmp_path_factory):
    args = ["--workers", "1"] if request.param == "prefork" else ["--single-process"]
    log = tmp_path_factory.mktemp("serve-" + request.param) / "serve.log"
    running = Server(served_index, log, *args, "--threads", "2")
    yield running
    assert running.stop() in (0, -signal.SIGTERM)


def assert_json_error(response, status: int) -> dict:
    got, headers, body = response
    assert got == status, body
    assert headers["content-type"].startswith("application/json")
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    error = json.loads(body)["error"]
    assert error["status"] == status and error["code"] and error["message"]
    return error


def test_server_protocol_errors_have_the_json_shape(server):
    assert_json_error(server.raw(b"GARBAGE\r\n\r\n"), 400)
    big_header = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300_000 + b"\r\n\r\n"
    assert_json_error(server.raw(big_header), 431)


def test_body_limit_is_one_mebibyte_inclusive(server):
    def with_body(size: int):
        head = f"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"
        return server.raw(head.encode() + b"x" * size)

    assert with_body(1_048_576)[0] == 200
    assert_json_error(with_body(1_048_577), 413)


def test_method_not_allowed_says_what_is(server):
    error = assert_json_error(
        server.raw(b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"), 405
    )
    assert error["code"] == "method_not_allowed"
    _, headers, _ = server.raw(b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
    assert "GET" in headers["allow"]


def test_redirects_never_carry_the_host_header(server):
    status, headers, _ = server.raw(b"GET /api//search?q=x HTTP/1.1\r\nHost: evil.example.com\r\n\r\n")
    assert status in (301, 302, 307, 308)
    assert headers["location"] == "/api/search?q=x"


def test_relative_location_is_a_path_never_protocol_relative():
    assert relative_location("http://evil.example.com/van-ban/x?a=1") == "/van-ban/x?a=1"
    assert relative_location("http://evil.example.com//evil.org/x") == "/evil.org/x"
    assert relative_location("/?q=a") == "/?q=a"
    assert relative_location("//evil.org/x") == "/x"  # stays on this site


def test_gunicorn_error_page_is_read_back():
    page = (
        b"HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n"
        b"<html><body><h1><p>Request Header Fields Too Large</p></h1>\n  Error &#x27;x&#x27;\n</body></html>"
    )
    assert parse_html_error(page) == (431, "Request Header Fields Too Large", "Error 'x'")
    assert error_code("Request Header Fields Too Large") == "request_header_fields_too_large"


def test_port_in_use_is_one_message_and_exit_2(served_index):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--index-dir", str(served_index), "--port", str(port)])
    assert result.exit_code == 2
    assert (
        result.output.strip() == f"error: port {port} on 127.0.0.1 is already in use (another server?); "
        "choose another with --port"
    )


@pytest.mark.parametrize(
    "args", [["--port", "99999"], ["--port", "-1"], ["--threads", "0"], ["--workers", "0"]]
)
def test_bad_serve_numbers_are_usage_errors(served_index, args):
    result = CliRunner().invoke(main, ["serve", "--index-dir", str(served_index), *args])
    assert result.exit_code == 2
    assert "Invalid value" in result.output and "Traceback" not in result.output


def test_default_workers_is_the_usable_cores():
    from search_app.serving import default_workers

    assert default_workers() == len(os.sched_getaffinity(0))
