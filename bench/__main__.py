"""`python -m bench` (`make bench`): see bench/README.md."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench import report
from bench.run import Options, run


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Kit's load and speed benchmark.")
    parser.add_argument("--cases", type=Path, default=Path("../shared/eval/public_cases.yml"))
    parser.add_argument("--pupils", type=int, default=300)
    parser.add_argument("--think-seconds", type=float, default=10.0, help="mean think time (exponential)")
    parser.add_argument("--sustained-seconds", type=float, default=60.0)
    parser.add_argument("--concurrent", type=int, default=30, help="pupils in the saturation load")
    parser.add_argument("--saturation-seconds", type=float, default=10.0, help="per round and target")
    parser.add_argument("--rounds", type=int, default=3, help="saturation rounds, alternating targets")
    parser.add_argument("--no-train", dest="train", action="store_false",
                        help="reuse models/ instead of timing a fresh training")
    parser.add_argument("--default-workers", type=int, default=1,
                        help="Rasa processes for the default-configuration baseline (like-for-like with "
                             "KIT_RASA_WORKERS; the target compares against 1, Rasa's own deployment)")
    parser.add_argument("--no-default", dest="default_baseline", action="store_false",
                        help="skip the default-configuration baseline")
    args = parser.parse_args(argv)
    result = run(Options(**vars(args)))
    report.print_report(result)
    print(f"\nwritten to {report.write(result).relative_to(report.paths.ROOT)}")
    return 0 if all(t["result"] != "FAIL" for t in result["targets"]) else 1


if __name__ == "__main__":
    sys.exit(main())
