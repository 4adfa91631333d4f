"""`bianmin serve --cms` is safe by construction: every socket its process tree listens on is bound to
127.0.0.1, and after SIGTERM, Ctrl-C (SIGINT) or an error no process of the tree is left and its
temporary folders are gone. Sockets and processes are read from /proc (what `ss -ltnp` reads). It starts
on a catalogue with problems too."""
from __future__ import annotations

import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import FIXTURES, ROOT
from test_site_serve import fetch, wait_for

pytestmark = pytest.mark.slow

SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_tree(root: int) -> dict[int, str]:
    """pid -> start time (field 22 of /proc/<pid>/stat) of root and everything below it."""
    parents: dict[int, list[int]] = {}
    started: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            after_name = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents.setdefault(int(after_name[1]), []).append(pid)
        started[pid] = after_name[19]
    tree, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in started:
            tree[pid] = started[pid]
            todo += parents.get(pid, [])
    return tree


def alive(tree: dict[int, str]) -> list[int]:
    """The processes of tree still there (same pid and start time), zombies included."""
    now = []
    for pid, started in tree.items():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[19] == started:
            now.append(pid)
    return now


def _address(hex_address: str) -> tuple[str, int]:
    host, port = hex_address.split(":")
    raw = bytes.fromhex(host)
    # /proc/net/tcp{,6} print the address as 32-bit words in host (little-endian) order
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    address = ipaddress.ip_address(words)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address), int(port, 16)


def _open_files(pid: int) -> list[str]:
    links = []
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:  # the process has ended
        return []
    for fd in fds:
        try:
            links.append(os.readlink(fd))
        except OSError:  # closed meanwhile (the listing's own descriptor is one)
            pass
    return links


def listening(pids) -> list[tuple[str, int]]:
    """(host, port) of every TCP socket in LISTEN state that one of pids holds open."""
    inodes = {link[8:-1] for pid in pids for link in _open_files(pid) if link.startswith("socket:[")}
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                found.append(_address(fields[1]))
    return sorted(found)


def test_reading_listening_sockets_from_proc_sees_a_wildcard_bind():
    with socket.socket(socket.AF_INET6) as wide, socket.socket() as narrow:
        wide.bind(("::", 0))
        wide.listen()
        narrow.bind(("127.0.0.1", 0))
        narrow.listen()
        found = listening([os.getpid()])
        assert ("::", wide.getsockname()[1]) in found
        assert ("127.0.0.1", narrow.getsockname()[1]) in found


@pytest.fixture
def project(tmp_path):
    if not SERVER.is_file() or not shutil.which("node"):
        pytest.skip("needs node and decap-server (`make cms`, or `make node-tools`)")
    shutil.copytree(FIXTURES / "mini", tmp_path / "catalogue")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", tmp_path / "site_src")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    (tmp_path / "tmp").mkdir()
    return tmp_path


def start(project: Path, preview: int, backend: int) -> subprocess.Popen:
    env = dict(os.environ, TMPDIR=str(project / "tmp"), BIANMIN_CACHE_DIR=str(project / "cache"))
    log = (project / "serve.log").open("w", encoding="utf-8")
    return subprocess.Popen([sys.executable, "-m", "generator", "serve", "--cms", "--dev-addr", f"127.0.0.1:{preview}",
                             "--cms-port", str(backend)], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)


def ended(server: subprocess.Popen, tree: dict[int, str], limit: float = 10) -> list[int]:
    """Wait up to limit seconds for every process of tree to end (the serve process reaped here)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        server.poll()
        if not alive(tree):
            return []
        time.sleep(0.2)
    return alive(tree)


@pytest.mark.parametrize(("stop", "broken"), [(signal.SIGTERM, False), (signal.SIGINT, True)],
                         ids=["SIGTERM", "SIGINT-catalogue-with-problems"])
def test_serve_cms_listens_on_localhost_only_and_leaves_nothing_behind(project, stop, broken):
    if broken:  # the form still starts: the clerk can mend the catalogue in it
        (project / "catalogue" / "items" / "dibao.yml").write_text("id: dibao\nname: [没有配对\n", "utf-8")
    preview, backend = free_port(), free_port()
    server = start(project, preview, backend)
    try:
        if broken:
            wait_for(f"http://127.0.0.1:{preview}/", "还没有可以预览的网页")
            assert "dibao.yml:3" in fetch(f"http://127.0.0.1:{preview}/problems/")
        else:
            wait_for(f"http://127.0.0.1:{preview}/items/dibao/", "<h1")
        wait_for(f"http://127.0.0.1:{preview}/admin/config.yml", f"localhost:{backend}")
        assert list((project / "tmp").iterdir()), "MkDocs' temporary site folder is made under TMPDIR"
        tree = process_tree(server.pid)
        bound = listening(tree)
        assert ("127.0.0.1", preview) in bound and ("127.0.0.1", backend) in bound, bound
        assert {host for host, _ in bound} == {"127.0.0.1"}, bound
        server.send_signal(stop)
        assert ended(server, tree) == [], (project / "serve.log").read_text("utf-8")[-2000:]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert list((project / "tmp").iterdir()) == []
    assert fetch(f"http://127.0.0.1:{preview}/") == ""
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", backend)) != 0, "the backend still answers"


def test_serve_cms_that_cannot_start_the_preview_ends_its_backend_too(project):
    preview, backend = free_port(), free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", preview))
        taken.listen()
        server = start(project, preview, backend)
        try:
            code = server.wait(timeout=180)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
    log = (project / "serve.log").read_text("utf-8")
    assert code == 2, log
    assert "网页编辑器：" in log  # the backend had started
    assert f"127.0.0.1:{preview}" in log and "已被别的程序占用" in log and "Traceback" not in log
    assert list((project / "tmp").iterdir()) == []
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", backend)) != 0, "the backend outlived serve"
