"""The lock file is hash-pinned and installed with --require-hashes, and the
README's hand-checked advisory table is reviewed whenever the lock changes:
the lock's sha256 is recorded beside the table, and each row's version is
the locked one."""
from __future__ import annotations

import hashlib
import re

from bot import paths

LOCK = paths.ROOT / "requirements.lock"
README = (paths.ROOT / "README.md").read_text(encoding="utf-8")
RECORDED = re.compile(r"^requirements\.lock sha256: ([0-9a-f]{64})\b", re.M)
PIN = r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^ \\\n;]+)"  # name[extras]==version
ROW = re.compile(r"^\| ([A-Za-z0-9_.-]+) \| ([0-9][^ |]*) \| (?!-)", re.M)


def locked() -> dict:
    """name (normalised) -> version, from the lock's `name==version` lines."""
    pins = re.findall("^" + PIN, LOCK.read_text(), re.M)
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in pins}


def test_the_advisory_table_was_reviewed_for_this_lock_file():
    recorded = RECORDED.search(README)
    assert recorded, "README: no 'requirements.lock sha256: <hash>' line beside the advisory table"
    actual = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    assert recorded.group(1) == actual, (
        "requirements.lock changed since the advisory table was reviewed: check each locked package "
        "against its advisories (README, 'Dependencies and advisories'), then record "
        f"requirements.lock sha256: {actual}")


def test_every_row_of_the_advisory_table_names_the_locked_version():
    pins = locked()
    rows = ROW.findall(README[README.index("## Dependencies and advisories"):])
    assert len(rows) >= 13
    for name, version in rows:
        assert pins.get(re.sub(r"[-_.]+", "-", name).lower()) == version, (name, version)


def test_every_pin_carries_a_hash_and_setup_requires_them():
    text = LOCK.read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)  # one block per requirement with its hash lines
    pinned = [b for b in blocks if re.match(PIN, b)]
    assert len(pinned) == len(locked()) > 100
    assert all("--hash=sha256:" in block for block in pinned), [b.split()[0] for b in pinned if "--hash" not in b]
    setup = (paths.ROOT / "scripts" / "setup.sh").read_text()
    for script in (setup, (paths.ROOT / "Dockerfile").read_text()):
        installs = [line for line in script.splitlines() if "-r requirements.lock" in line]
        assert installs and all("--require-hashes" in line for line in installs), installs
