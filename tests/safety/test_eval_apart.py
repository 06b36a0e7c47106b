"""Kit's own evaluation sets (eval/dev, eval/holdout) measure generalisation
only while no message of theirs is trained on. Stock phrases shorter than
six words ("thanks", "what is ceop") are the same everywhere and exempt."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _plain(text: str) -> str:
    return " ".join(text.lower().split())


def _eval_texts():
    for file in sorted((ROOT / "eval").rglob("*.yml")):
        spec = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for case in spec.get("cases") or []:
            yield file, case["text"]
        for conversation in spec.get("conversations") or []:
            for turn in conversation["turns"]:
                yield file, turn["text"]


def _training_texts():
    texts = set()
    for file in (ROOT / "data" / "nlu").rglob("*.yml"):
        for block in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in (block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    texts.add(_plain(line.strip()[2:]))
    return texts


def test_evaluation_sets_exist():
    assert {p.name for p in (ROOT / "eval").iterdir()} >= {"dev", "holdout"}


def test_no_evaluation_message_is_trained_on():
    trained = _training_texts()
    leaked = [f"{file.relative_to(ROOT)}: {text}" for file, text in _eval_texts()
              if len(text.split()) >= 6 and _plain(text) in trained]
    assert not leaked, "evaluation messages found in data/nlu:\n" + "\n".join(leaked)
