"""Everything else a pupil or teacher reads, for the hard-coded route check.

Responses, follow-ups and lesson stories are content files; these are the
strings in code and the pages the web app serves. A service named in any of
them must be the deployment's own (bot/route_words.py): the check renders each
page for every locale and reads every string literal of the actions and the
web app's messages.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Iterable, List, Optional

from bot import paths
from bot.content.source import Text, relative

# Code whose strings reach a pupil: the actions' replies and the web app's
# own messages (bot/web/help_text.py). Route ids ("childline") are not text.
CODE_FILES = ("actions/*.py", "bot/web/help_text.py")
ROOT = paths.ROOT
IDENTIFIER = re.compile(r"^[a-z0-9_]*$")


def _docstrings(tree: ast.AST) -> set:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def code_strings(patterns: Iterable[str] = CODE_FILES, root: Optional[Path] = None) -> List[Text]:
    """Every string literal (not a docstring, not an identifier) in the code
    files, with its line."""
    root = root or ROOT
    texts = []
    for pattern in patterns:
        for file in sorted(root.glob(pattern)):
            tree = ast.parse(file.read_text(encoding="utf-8"))
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                        and not IDENTIFIER.match(node.value)):
                    texts.append(Text(relative(file), node.lineno, "string", None, node.value))
    return texts


def served_pages(locale: str) -> List[Text]:
    """The pupil page, the web app's messages and the teacher pages, as the
    web app serves them in this locale."""
    from bot.web import help_text, teacher_pages

    texts = [Text("web/index.html", 1, f"page as served ({locale})", None, help_text.index_page(locale))]
    texts += [Text("bot/web/help_text.py", 1, f"message {kind} ({locale})", None, help_text.message(kind, locale))
              for kind in help_text.MESSAGES]
    for page, title, account in teacher_pages.PAGES.values():
        texts.append(Text(f"web/teacher/{page}.html", 1, f"page as served ({locale})", None,
                          teacher_pages.render(page, title, account, locale)))
    return texts
