"""Ratios, targets (issue #9), the printed table and the JSON file."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Dict, List, Optional

from bot import paths

RESULTS = paths.ROOT / "bench" / "results"
STACK_PARTS = ("launcher", "web", "rasa", "actions")


def _ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return round(a / b, 3) if a and b else None


def ratios(loads: Dict) -> Dict:
    web, rest, default, stock = (loads.get(k, {}) for k in (
        "saturation_web", "saturation_rest", "saturation_default", "saturation_default_stock"))
    one_web, one_rest = loads.get("one_pupil_web", {}), loads.get("one_pupil_rest", {})
    return {
        # web layer overhead: Kit's API vs Rasa's REST channel, same model, same process
        "web_p50_over_rest_p50": _ratio(web.get("p50_ms"), rest.get("p50_ms")),
        # the same with one pupil at a time (no queueing): informative, not a target
        "one_pupil_web_p50_over_rest_p50": _ratio(one_web.get("p50_ms"), one_rest.get("p50_ms")),
        # what Kit's configuration buys: the whole Kit stack vs the default model's
        # REST channel, served by Kit's runtime (strict: only config.yml differs)...
        "kit_web_throughput_over_default": _ratio(web.get("throughput_per_s"), default.get("throughput_per_s")),
        # ...and served by stock `rasa run` with Rasa's own stores
        "kit_web_throughput_over_default_stock": _ratio(web.get("throughput_per_s"),
                                                        stock.get("throughput_per_s")),
        # like for like: both through Rasa's REST channel
        "kit_rest_throughput_over_default": _ratio(rest.get("throughput_per_s"), default.get("throughput_per_s")),
    }


def target(name: str, value, limit, ok: Optional[bool], unit: str = "") -> Dict:
    return {"target": name, "value": value, "limit": limit, "unit": unit,
            "result": "n/a" if ok is None else ("PASS" if ok else "FAIL")}


def targets(report: Dict) -> List[Dict]:
    loads, ratio, memory = report["loads"], report["ratios"], report["memory"]
    sustained = loads.get("sustained", {})
    p95 = sustained.get("p95_ms")
    errors = None if not sustained else sustained["errors"] + sustained["sessions"]["errors"]
    kit_train = report["training"].get("kit_seconds")
    cold = report.get("cold_start_seconds")

    one_default = report.get("options", {}).get("default_workers", "1") == "1"

    def at_most(value, limit):
        return None if value is None else value <= limit

    return [
        target("sustained p95", p95, 300, at_most(p95, 300), "ms"),
        target("sustained errors", errors, 0, at_most(errors, 0)),
        # The target is against the default configuration as Rasa ships and
        # serves it: one stock `rasa run` process. The same model served by
        # Kit's runtime (only config.yml differs) is reported beside it as
        # "info". With --default-workers both are like-for-like, and "n/a".
        target("saturation throughput vs default (stock Rasa)", ratio["kit_web_throughput_over_default_stock"],
               ">= 2.0", None if ratio["kit_web_throughput_over_default_stock"] is None or not one_default
               else ratio["kit_web_throughput_over_default_stock"] >= 2.0, "x"),
        {**target("saturation throughput vs default (Kit's runtime)", ratio["kit_web_throughput_over_default"],
                  "none", None, "x"), "result": "info"},
        target("web layer p50 overhead", ratio["web_p50_over_rest_p50"], "<= 1.15",
               at_most(ratio["web_p50_over_rest_p50"], 1.15), "x"),
        target("whole stack peak RSS", memory.get("peak_total_rss_mb"), 2048,
               at_most(memory.get("peak_total_rss_mb"), 2048), "MB"),
        target("training", kit_train, 180, at_most(kit_train, 180), "s"),
        target("cold start to /healthz 200", cold, 45, at_most(cold, 45), "s"),
    ]


def print_report(report: Dict) -> None:
    print("\n== Kit bench", report["started"], f"(cores {report['host']['cores']}, "
          f"load average before {report['host']['loadavg_before']})")
    training = report["training"]
    print(f"training: kit {training.get('kit_seconds')} s; default baseline {training.get('default_seconds')} s"
          f"{' (cached)' if training.get('default_cached') else ''}")
    print(f"cold start to /healthz 200: {report.get('cold_start_seconds')} s")
    print(f"\n{'load':22} {'ok':>6} {'err':>4} {'msg/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, s in report["loads"].items():
        print(f"{name:22} {s['ok']:6} {s['errors']:4} {s['throughput_per_s'] or 0:7} {s['p50_ms'] or '-':>8} "
              f"{s['p95_ms'] or '-':>8} {s['p99_ms'] or '-':>8} {s['max_ms'] or '-':>8}"
              + (f"  rounds {s['round_throughputs_per_s']}" if len(s["round_throughputs_per_s"]) > 1 else "")
              + (f"  errors {s['error_kinds']}" if s["errors"] else "")
              + (f"  session errors {s['sessions']['errors']}" if s["sessions"]["errors"] else ""))
    for key, title in (("cpu_ms_per_message", "CPU ms per answered message"),
                       ("runqueue_wait_ms_per_message", "ms waiting for a free core per answered message")):
        print(f"\n{title}:")
        for name, s in report["loads"].items():
            print(f"  {name:20} " + ", ".join(f"{k} {v}" for k, v in s.get(key, {}).items() if v))
    memory = report["memory"]
    print("\npeak RSS MB:", ", ".join(f"{k} {v}" for k, v in memory["peak_rss_mb"].items()),
          f"| whole stack {memory['peak_total_rss_mb']}")
    print("ratios:", json.dumps(report["ratios"]))
    print("\ntargets:")
    for t in report["targets"]:
        print(f"  {t['result']:4}  {t['target']:50} {t['value']} {t['unit']} (limit {t['limit']})")


def write(report: Dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.json"
    text = json.dumps(report, indent=2)
    path.write_text(text)
    (RESULTS / "latest.json").write_text(text)
    return path
