"""What listens where: only the web app may face the network.

Reads the kernel's socket tables (/proc/net/tcp, tcp6) for the running stack's
processes, and knocks on Rasa's HTTP API endpoints, which must not exist.
"""
from __future__ import annotations

import ipaddress
import json
import os
import socket
import struct
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Dict, Set, Tuple

import pytest

from tests.stack import call

LISTEN = "0A"


def _address(hex_address: str) -> str:
    if len(hex_address) == 8:
        return socket.inet_ntop(socket.AF_INET, struct.pack("<I", int(hex_address, 16)))
    words = struct.pack("<4I", *(int(hex_address[i:i + 8], 16) for i in range(0, 32, 8)))
    return socket.inet_ntop(socket.AF_INET6, words)


def listening_sockets() -> Dict[str, Tuple[str, int]]:
    """inode -> (address, port) of every TCP socket in LISTEN state."""
    found = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == LISTEN:
                address, port = local.split(":")
                found[inode] = (_address(address), int(port, 16))
    return found


def listening_by_pid(pids) -> Dict[int, Set[Tuple[str, int]]]:
    sockets = listening_sockets()
    result = defaultdict(set)
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inode = target[len("socket:["):-1]
                if inode in sockets:
                    result[pid].add(sockets[inode])
    return result


def part_pids(stack) -> Dict[int, str]:
    """pid -> part name, for each process the launcher started."""
    names = {"actions.server": "actions", "bot.rasa_cli run": "rasa", "bot.web": "web"}
    parts = {}
    for pid in stack.child_pids():
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        for fragment, name in names.items():
            if fragment in cmdline:
                parts[pid] = name
    return parts


def test_rasa_and_the_action_server_listen_on_loopback_only(stack):
    parts = part_pids(stack)
    assert sorted(parts.values()) == sorted(["actions", "web"] + ["rasa"] * stack.rasa_workers)
    listening = listening_by_pid(parts)
    expected = {"rasa": set(stack.rasa_ports), "actions": {stack.actions_port}, "web": {stack.web_port}}
    rasa_ports = set()
    for pid, name in parts.items():
        sockets = listening[pid]
        assert sockets, f"{name} listens nowhere"
        assert all(ipaddress.ip_address(address).is_loopback for address, _ in sockets), (name, sockets)
        ports = {port for _, port in sockets}
        assert len(ports) == 1 and ports <= expected[name], (name, sockets)
        if name == "rasa":
            rasa_ports |= ports
    assert rasa_ports == set(stack.rasa_ports)  # every Rasa process on its own port


@pytest.mark.parametrize("method,path", [
    ("GET", "/status"), ("GET", "/version"), ("POST", "/model/parse"), ("PUT", "/model"),
    ("POST", "/model/train"), ("GET", "/conversations/abc/tracker"), ("GET", "/domain"),
    ("POST", "/conversations/abc/messages"), ("GET", "/webhooks/rest/webhook?token=x"),
])
def test_rasa_http_api_endpoints_do_not_exist(stack, method, path):
    for port in stack.rasa_ports:
        status, _, _ = call(method, f"http://127.0.0.1:{port}{path}", {} if method != "GET" else None)
        assert status in (404, 405), (method, path, port, status)


def test_an_action_server_error_neither_echoes_nor_logs_the_childs_words(stack):
    """rasa_sdk's own handler answers with the whole request (the tracker, so the
    child's words) and logs the traceback; Kit's action server does neither."""
    canary = f"ibex{uuid.uuid4().hex}lynx"
    body = {"next_action": "action_respond_to_risk", "domain": {},
            "tracker": {"sender_id": "x", "latest_message": {"text": canary}, "slots": 5}}
    status, _, reply = call("POST", f"http://127.0.0.1:{stack.actions_port}/webhook", body)
    assert status == 500 and canary not in json.dumps(reply)
    status, _, metrics = call("GET", f"http://127.0.0.1:{stack.actions_port}/metrics")
    assert status == 200 and isinstance(metrics["analytics_lost"], int)
    assert canary not in (stack.workdir / "stack.log").read_text(errors="replace")
