"""The whole bench in one run: train, cold start, loads, memory, report."""
from __future__ import annotations

import asyncio
import dataclasses
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, Optional

from bench import baseline, load, report
from bench.memory import Sampler, part_children
from bot import paths
from bot.launcher import _healthy, parts
from bot.model import ensure_trained
from bot.settings import load_settings
from tests.stack import free_port, free_port_run, start_stack

# Every Rasa process (KIT_RASA_WORKERS) counts as part "rasa".
PART_COMMANDS = {"actions": "actions.server", "rasa": "bot.rasa_cli run", "web": "bot.web"}


@dataclasses.dataclass
class Options:
    cases: Path
    pupils: int = 300
    think_seconds: float = 10.0
    sustained_seconds: float = 60.0
    concurrent: int = 30
    saturation_seconds: float = 10.0
    rounds: int = 3
    train: bool = True
    default_baseline: bool = True
    default_workers: int = 1


def wait_for(url: str, timeout: float = 240) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if _healthy(url):
            return time.monotonic() - started
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200 within {timeout}s")


STOCK_ENDPOINTS = "bench/endpoints.stock.yml"


class DefaultRasa:
    """More `rasa run` processes serving the default-configuration model, using
    the bench stack's action server. One process (Rasa's own deployment) unless
    `--default-workers`. `stock`: plain `python -m rasa run` with Rasa's own
    stores; otherwise started the way the launcher starts Kit's, so the model
    gets Kit's runtime fixes too (bot/rasa_cli.py, endpoints.yml)."""

    def __init__(self, model: Path, actions_port: int, workers: int = 1, stock: bool = False) -> None:
        settings = dataclasses.replace(load_settings(), rasa_port=free_port_run(workers),
                                       actions_port=actions_port, rasa_workers=workers)
        rasa = [p for p in parts(settings, str(model)) if p.name.startswith("rasa")]
        if stock:
            rasa = [dataclasses.replace(p, command=_stock_command(p.command)) for p in rasa]
        self.urls = settings.rasa_urls
        self.processes = [subprocess.Popen(part.command, cwd=paths.ROOT, env=part.env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                          for part in rasa]
        self.start_seconds = round(max(wait_for(part.health_url) for part in rasa), 1)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=30)


def _stock_command(command):
    """The launcher's Rasa command with Rasa's own entry point and endpoints."""
    command = list(command)
    command[command.index("bot.rasa_cli")] = "rasa"
    command[command.index("--endpoints") + 1] = STOCK_ENDPOINTS
    return command


def cpu_phase(sampler: Sampler, phases: Dict, name: str) -> Callable[[], None]:
    """Records each part's CPU seconds and runqueue wait over one phase:
    phases["cpu"][name] and phases["wait"][name]."""
    before, own = sampler.times(), os.times()

    def done() -> None:
        after, own_after = sampler.times(), os.times()
        for i, kind in enumerate(("cpu", "wait")):
            phases.setdefault(kind, {})[name] = {
                k: round(after[k][i] - before.get(k, (0.0, 0.0))[i], 2) for k in after}
        phases["cpu"][name]["bench client"] = round(own_after.user + own_after.system - own.user - own.system, 2)

    return done


def run(options: Options, log=print) -> Dict:
    conversations = load.public_conversations(options.cases)
    result: Dict = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "host": {"cores": os.cpu_count(), "loadavg_before": os.getloadavg()[0]},
        "options": {k: str(v) for k, v in dataclasses.asdict(options).items()},
        "training": {}, "loads": {}, "phases": {},
    }
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        if options.train:
            log("bench: training Kit's model from scratch (`python -m bot train --force`)")
            os.environ["KIT_MODEL_DIR"] = str(Path(tmp) / "models")
            started = time.monotonic()
            # Its progress, and on failure the end of its log, show on the console.
            done = subprocess.run([sys.executable, "-m", "bot", "train", "--force"], cwd=paths.ROOT)
            if done.returncode:
                raise RuntimeError("training Kit's model failed (the reason is printed above)")
            result["training"]["kit_seconds"] = round(time.monotonic() - started, 1)
        else:
            ensure_trained(load_settings().model_dir)
        if options.default_baseline:
            default_model, seconds, cached = baseline.ensure_default_model(log)
            result["training"].update(default_seconds=round(seconds, 1), default_cached=cached)

        log("bench: starting the stack")
        started = time.monotonic()
        # The one-pupil probe sends back to back in one session, which the
        # per-session abuse limit (30 a minute) would stop: the bench measures speed.
        stack = start_stack(Path(tmp) / "stack", {"KIT_RATE_SESSION_PER_MINUTE": "1000000",
                                                   "KIT_RATE_SESSION_BURST": "100000"})
        try:
            wait_for(f"{stack.url}/healthz")
            result["cold_start_seconds"] = round(time.monotonic() - started, 1)
            sampler = Sampler()
            sampler.watch("launcher", stack.process.pid)
            for name, pids in part_children(stack.process.pid, PART_COMMANDS).items():
                for pid in pids:
                    sampler.watch(name, pid)
            sampler.start(list(report.STACK_PARTS))
            result["loads"], default_start = asyncio.run(
                _loads(options, conversations, stack, default_model if options.default_baseline else None,
                       sampler, result["phases"], log))
            result["default_rasa_start_seconds"] = default_start
            sampler.stop()
            peaks = sampler.peaks_mb()
            result["memory"] = {"peak_rss_mb": peaks,
                                "peak_total_rss_mb": round(sampler.peak_total / (1024 * 1024), 1)}
        finally:
            stack.stop()
    result["ratios"] = report.ratios(result["loads"])
    result["targets"] = report.targets(result)
    return result


async def _loads(options: Options, conversations, stack, default_model: Optional[Path],
                 sampler: Sampler, phases: Dict, log):
    web = load.KitApi(stack.url)
    rest = load.RasaRest(*stack.rasa_urls)
    # Warm both paths (first parses load lazily); not measured.
    warm = load.Result()
    await load.saturation(web, conversations, warm, concurrent=4, seconds=3, seed=1)
    await load.saturation(rest, conversations, warm, concurrent=4, seconds=2, seed=2)

    log(f"bench: sustained load, {options.pupils} pupils, {options.sustained_seconds:.0f}s")
    done = cpu_phase(sampler, phases, "sustained")
    sustained = await load.sustained(web, conversations, options.pupils, options.think_seconds,
                                     options.sustained_seconds)
    done()

    targets = {"saturation_web": web, "saturation_rest": rest}
    defaults, default_start = [], None
    if default_model is not None:
        log("bench: starting the default-configuration baseline, on Kit's runtime and on stock Rasa")
        for name, stock in (("saturation_default", False), ("saturation_default_stock", True)):
            default = await asyncio.get_running_loop().run_in_executor(
                None, DefaultRasa, default_model, stack.actions_port, options.default_workers, stock)
            defaults.append(default)
            default_start = default_start or default.start_seconds
            for process in default.processes:
                sampler.watch("default rasa (not Kit)", process.pid)
            targets[name] = load.RasaRest(*default.urls)
            await load.saturation(targets[name], conversations, warm, concurrent=4, seconds=3, seed=3)
    results = {name: load.Result() for name in targets}
    try:
        # Rounds alternate between targets, so background noise falls on all of them.
        for round_no in range(options.rounds):
            for name, target in targets.items():
                log(f"bench: saturation round {round_no + 1}/{options.rounds}: {name}")
                done = cpu_phase(sampler, phases, f"{name} #{round_no + 1}")
                await load.saturation(target, conversations, results[name], options.concurrent,
                                      options.saturation_seconds, seed=100 + round_no)
                done()
    finally:
        for default in defaults:
            default.stop()
    # One pupil at a time: the web layer's own cost per request, without queueing.
    for round_no in range(options.rounds):
        for name, target in (("one_pupil_web", web), ("one_pupil_rest", rest)):
            done = cpu_phase(sampler, phases, f"{name} #{round_no + 1}")
            await load.saturation(target, conversations, results.setdefault(name, load.Result()), 1,
                                  options.saturation_seconds / 2, seed=200 + round_no)
            done()
    loads = {"sustained": sustained.summary()}
    loads.update((name, r.summary()) for name, r in results.items())
    for name, summary in loads.items():
        summary["cpu_ms_per_message"] = per_message(phases["cpu"], name, summary["ok"])
        summary["runqueue_wait_ms_per_message"] = per_message(phases["wait"], name, summary["ok"])
    return loads, default_start


def per_message(phases: Dict, load_name: str, messages: int) -> Dict[str, float]:
    """Milliseconds per answered message of each part in this load's phases.
    CPU per message depends little on other work on the machine; runqueue wait
    (ready to run, no free core) shows how much that other work cost us."""
    totals: Dict[str, float] = {}
    for phase, seconds in phases.items():
        if phase.split(" #")[0] == load_name:
            for part, value in seconds.items():
                totals[part] = totals.get(part, 0.0) + value
    return {part: round(1000 * value / messages, 1) for part, value in totals.items()} if messages else {}
