"""The bench's own code (make bench is not part of make test): a tiny run of
both loads against the shared stack, and the memory sampler on its processes."""
from __future__ import annotations

from bench import load, report
from bench.memory import Sampler, part_children
from bench.run import PART_COMMANDS
from bot import paths

CASES = paths.ROOT.parent / "shared" / "eval" / "public_cases.yml"


def conversations():
    if CASES.exists():
        return load.public_conversations(CASES)
    return [load.Conversation("11-13", ["hi", "Someone keeps being mean to me in a group chat"])]


async def test_a_tiny_run_of_both_loads_has_the_report_shape_and_no_errors(stack):
    web = load.KitApi(stack.url)
    sustained = (await load.sustained(web, conversations(), pupils=6, mean_think_seconds=1, seconds=2)).summary()
    # Short: the shared stack keeps the real per-session limit (burst 20), and
    # a closed-loop pupil answered in ~25 ms would pass it within a second.
    saturated = await load.saturation(web, conversations(), load.Result(), concurrent=2, seconds=0.3)
    rasa = load.RasaRest(*stack.rasa_urls)
    rest = await load.saturation(rasa, conversations(),
                                 load.Result(), concurrent=2, seconds=1)
    loads = {"sustained": sustained, "saturation_web": saturated.summary(), "saturation_rest": rest.summary()}
    for name, summary in loads.items():
        assert summary["errors"] == 0 and summary["sessions"]["errors"] == 0, (name, summary)
        assert summary["ok"] > 0 and summary["p50_ms"] <= summary["p95_ms"] <= summary["p99_ms"] <= summary["max_ms"]
    assert sustained["sessions"]["ok"] == 6
    ratios = report.ratios(loads)
    assert ratios["web_p50_over_rest_p50"] > 0 and ratios["kit_web_throughput_over_default"] is None
    checked = report.targets({"loads": loads, "ratios": ratios, "memory": {"peak_total_rss_mb": 1.0},
                              "training": {}, "cold_start_seconds": None})
    assert {t["result"] for t in checked} <= {"PASS", "FAIL", "n/a", "info"}


def test_the_sampler_finds_each_part_and_its_memory(stack):
    found = part_children(stack.process.pid, PART_COMMANDS)
    assert set(found) == {"actions", "rasa", "web"} and len(found["rasa"]) == stack.rasa_workers
    sampler = Sampler()
    sampler.watch("launcher", stack.process.pid)
    for name, pids in found.items():
        for pid in pids:
            sampler.watch(name, pid)
    now = sampler.sample()
    assert all(rss > 10 * 1024 * 1024 and cpu > 0 for rss, cpu, _wait in now.values())
    # parts are not counted twice: the launcher's own memory excludes its children
    assert now["launcher"][0] < now["rasa"][0]
    # "rasa" is every Rasa process together
    one = Sampler()
    one.watch("rasa", found["rasa"][0])
    assert one.sample()["rasa"][0] < now["rasa"][0]


def test_the_stock_baseline_runs_plain_rasa_with_rasa_s_own_stores(monkeypatch):
    from rasa.core.utils import AvailableEndpoints

    from bench.run import STOCK_ENDPOINTS, _stock_command

    kit = ["python", "-m", "bot.rasa_cli", "run", "--model", "m.tar.gz", "--endpoints", "endpoints.yml", "--quiet"]
    stock = _stock_command(kit)
    assert stock == ["python", "-m", "rasa", "run", "--model", "m.tar.gz", "--endpoints", STOCK_ENDPOINTS, "--quiet"]
    assert kit[2] == "bot.rasa_cli"  # the launcher's command is left as it was
    monkeypatch.setenv("KIT_ACTIONS_URL", "http://127.0.0.1:1/webhook")
    endpoints = AvailableEndpoints.read_endpoints(str(paths.ROOT / STOCK_ENDPOINTS))
    assert endpoints.action.url == "http://127.0.0.1:1/webhook"
    assert not endpoints.action.kwargs.get("enable_selective_domain")
    assert endpoints.tracker_store is None  # Rasa's InMemoryTrackerStore


def test_the_throughput_target_is_against_stock_rasa_and_the_strict_ratio_is_shown_beside_it():
    def throughput_rows(web, stock, default, workers="1"):
        loads = {"saturation_web": {"throughput_per_s": web}, "saturation_default_stock": {"throughput_per_s": stock},
                 "saturation_default": {"throughput_per_s": default}}
        rows = report.targets({"loads": loads, "ratios": report.ratios(loads), "memory": {}, "training": {},
                               "options": {"default_workers": workers}})
        return {t["target"]: (t["value"], t["result"]) for t in rows if "vs default" in t["target"]}

    assert throughput_rows(80, 30, 70) == {"saturation throughput vs default (stock Rasa)": (2.667, "PASS"),
                                           "saturation throughput vs default (Kit's runtime)": (1.143, "info")}
    assert throughput_rows(50, 30, 70)["saturation throughput vs default (stock Rasa)"] == (1.667, "FAIL")
    assert throughput_rows(80, 30, 70, workers="2")["saturation throughput vs default (stock Rasa)"][1] == "n/a"
