"""decap-server, the web form's local backend under `bianmin serve --cms` (`make cms`).

It reads and writes the working copy with no login, so it is safe by construction: it listens on 127.0.0.1
only (decap-server reads BIND_HOST and PORT; without BIND_HOST it listens on every interface), it runs in a
process group of its own, and serve ends that whole group and reaps it on the way out (SIGTERM, Ctrl-C, an
error). It comes from npm (node_modules/decap-server, pinned in package-lock.json; `make cms` installs it).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"
HOST = "127.0.0.1"
GRACE = 5.0  # seconds it has to end after SIGTERM before SIGKILL


def start(project: Path, port: int, wait: float = 15.0) -> subprocess.Popen | str:
    """decap-server on the working copy at HOST:port, listening when this returns; else why it is not."""
    server = project / SERVER
    if not shutil.which("node") or not server.is_file():
        return f"找不到 {SERVER} 或 node：请先在项目文件夹运行 make cms（它会用 npm 装好网页编辑器的本地后端）"
    if _listening(port):
        return f"端口 {port} 已被别的程序占用：关掉它，或用 --cms-port 换一个端口"
    env = dict(os.environ, BIND_HOST=HOST, PORT=str(port), MODE="fs", GIT_REPO_DIRECTORY=str(project.resolve()))
    process = subprocess.Popen(["node", str(server)], cwd=project, env=env, start_new_session=True,
                               stdin=subprocess.DEVNULL)
    try:
        problem = _wait_listening(process, port, wait)
    except BaseException:  # Ctrl-C or SIGTERM meanwhile
        stop(process)
        raise
    if problem:
        stop(process)
        return problem
    return process


def _wait_listening(process: subprocess.Popen, port: int, wait: float) -> str:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"网页编辑器的本地后端没有启动（node 退出码 {process.returncode}，原因见上面的输出）"
        if _listening(port):
            return ""
        time.sleep(0.1)
    return f"网页编辑器的本地后端 {wait:.0f} 秒内没有在 {HOST}:{port} 上启动"


def stop(process: subprocess.Popen) -> None:
    """End the backend's whole process group: SIGTERM, then SIGKILL after GRACE seconds; reap the leader.
    A second Ctrl-C or SIGTERM meanwhile waits until this is done (at most GRACE seconds)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(GRACE)
        except subprocess.TimeoutExpired:
            pass
        _signal_group(process.pid, signal.SIGKILL)  # whatever of the group is still there
        process.wait()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _signal_group(group: int, signum: int) -> None:
    try:
        os.killpg(group, signum)
    except ProcessLookupError:  # the group has ended already
        pass


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0
