"""Kit's command line: python -m bot {run,train,evaluate,content,teacher,purge}."""
from __future__ import annotations

import argparse
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Kit, the online-safety chat companion.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="train if needed, then start Kit on :8000")
    train = commands.add_parser("train", help="train the model if data, config or domain changed")
    train.add_argument("--force", action="store_true")
    evaluate = commands.add_parser("evaluate", help="run a case file against the trained model")
    from bot.evaluate_args import add_arguments
    add_arguments(evaluate)
    content = commands.add_parser("content", help="content designers' tools")
    content.add_argument("action", choices=["check", "preview", "routes-table"],
                         help="check: what Kit says, with file:line findings; preview: a static HTML site; "
                              "routes-table: rewrite the table of routes per locale in CONTENT.md")
    content.add_argument("--out", help="preview: folder to write the site to (default: preview/)")
    content.add_argument("--locale", help="preview: locale whose routes to show (default: KIT_LOCALE)")
    teacher = commands.add_parser("teacher", help="teacher accounts (password read from stdin)")
    teacher.add_argument("action", choices=["add", "reset", "disable", "enable", "dsl"],
                         help="add an account; reset its password; disable or enable it; "
                              "dsl: make it a designated safeguarding lead (--remove: no longer)")
    teacher.add_argument("email")
    teacher.add_argument("--admin", action="store_true", help="add: a school admin, who sees every class")
    teacher.add_argument("--dsl", action="store_true",
                         help="add: a designated safeguarding lead, who gets every class's alerts and their emails")
    teacher.add_argument("--remove", action="store_true", help="dsl: no longer a designated safeguarding lead")
    commands.add_parser("purge", help="delete analytics older than RETENTION_DAYS (safe from cron)")
    args = parser.parse_args(argv)

    from bot.settings import load_settings
    settings = load_settings()
    if args.command == "run":
        from bot.launcher import run
        return run(settings)
    if args.command == "train":
        from bot.model import ensure_trained
        from bot.run_log import StepFailed
        try:
            print(ensure_trained(settings.model_dir, force=args.force))
        except StepFailed as failed:
            print(f"kit: {failed}", file=sys.stderr, flush=True)
            return 1
        return 0
    if args.command == "evaluate":
        from bot.evaluate import main as evaluate_main
        return evaluate_main(args, settings)
    if args.command == "content" and args.action == "preview":
        from bot.content.preview import main as preview_main
        return preview_main(args.out, args.locale)
    if args.command == "content" and args.action == "routes-table":
        from bot.content.routes_table import write
        write()
        return 0
    if args.command == "content":
        from bot.content.check import main as check_main
        return check_main()
    if args.command == "teacher":
        from bot.teacher_cli import teacher_command
        return teacher_command(settings, args)
    if args.command == "purge":
        from bot.teacher_cli import purge_command
        return purge_command(settings)
    return 2


if __name__ == "__main__":
    sys.exit(main())
