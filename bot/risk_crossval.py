"""`make crossval-risk`: does the risk classifier generalise to unseen phrasings?

Cross-validation grouped by family of phrasing (`metadata: {family: ...}` in
data/nlu/risk/): each family is held out in turn, the classifier is trained on
everything else and judged on the held-out family, so a family never appears
in both train and test. The held-out messages go through the same decision as
in Kit (bot/nlu/safety_gate.py: the screen, then the classifier), and the
report gives, per family, the share of at-risk messages found at any risk level
and at their own level, and the share of benign messages wrongly found risky.

Families are dealt into `--folds` folds; each fold is held out in turn. The
features mirror config.yml's pipeline (word and character counts, the
MiniLM sentence embedding scaled as there, the normalised text) and the
classifier mirrors RiskClassifier (logistic regression, balanced classes, an
example learnt once per risk it shows; with `meaning_networks` in config.yml
the regression reads the counts and small networks read the embedding, joined
as in bot/nlu/meaning_model.py), so a fold takes seconds instead of a full
Rasa training. `--C 0.3 1 3`, `--features dense words+dense` and
`--sweep classifier_threshold=0.5,0.7` compare choices; the figures guide
config.yml, and Kit's development set (eval/dev) then checks the choice.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from typing import Dict, List, Tuple

import numpy as np
import yaml
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from bot import paths
from bot.ids import RISK_NONE
from bot.nlu.meaning_model import MeaningModels, danger_column, joined, meaning_config
from bot.nlu.minilm import shared_model
from bot.nlu.risk_classifier import RiskClassifier
from bot.nlu.text_normaliser import plain_text
from bot.nlu.safety_gate import SafetyGate, message_risks
from bot.safety.screen import default_screen

CORE = "(core data)"


def labelled_examples() -> List[Tuple[str, List[str], str]]:
    """(text, risk levels, family) for every NLU example; examples outside
    data/nlu/risk/ have no family of their own and are always trained on."""
    examples = []
    for file in sorted((paths.ROOT / "data" / "nlu").rglob("*.yml")):
        for block in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" not in block:
                continue
            meta = block.get("metadata") or {}
            levels = list(dict.fromkeys([meta.get("risk", RISK_NONE), *(meta.get("also") or [])]))
            family = meta.get("family", CORE)
            for line in block.get("examples", "").splitlines():
                text = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
                if text:
                    examples.append((plain_text(text), levels, family))
    return examples


def pipeline_config() -> Dict:
    config = yaml.safe_load((paths.ROOT / "config.yml").read_text(encoding="utf-8"))
    by_name = {c["name"].rsplit(".", 1)[-1]: c for c in config["pipeline"]}
    return {"scale": float(by_name["SentenceEmbeddingFeaturizer"].get("scale", 3.0)),
            "C": float(by_name["RiskClassifier"].get("C", 1.0)),
            "meaning": meaning_config({**RiskClassifier.get_default_config(), **by_name["RiskClassifier"]}),
            "gate": {**SafetyGate.get_default_config(), **by_name["SafetyGate"]}}


def features(train: List[str], test: List[str], dense: np.ndarray, train_idx, test_idx, kinds: str):
    blocks_train, blocks_test = [], []
    if "words" in kinds:
        words = CountVectorizer(token_pattern=r"\S+", lowercase=True)
        blocks_train.append(words.fit_transform(train))
        blocks_test.append(words.transform(test))
    if "chars" in kinds:
        chars = CountVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True)
        blocks_train.append(chars.fit_transform(train))
        blocks_test.append(chars.transform(test))
    if "dense" in kinds:
        blocks_train.append(csr_matrix(dense[train_idx]))
        blocks_test.append(csr_matrix(dense[test_idx]))
    return hstack(blocks_train).tocsr(), hstack(blocks_test).tocsr()


def family_folds(examples, k: int) -> List[List[str]]:
    """The families dealt into k folds (a family is never split)."""
    families = sorted({f for _, _, f in examples} - {CORE})
    return [families[i::k] for i in range(k)]


def held_out(examples, dense, c: float, kinds: str, k: int, meaning: Dict):
    """(example index, risk ranking) for every example of data/nlu/risk,
    each scored by a classifier that never saw its family. With
    `meaning["networks"]`, the embedding goes to the networks, as in Kit."""
    texts = [t for t, _, _ in examples]
    joined_reading = meaning["networks"] > 0 and "dense" in kinds
    if joined_reading:
        kinds = kinds.replace("dense", "")
        if not any(kind in kinds for kind in ("words", "chars")):
            raise SystemExit("--features dense with networks: the regression needs words or chars "
                             "(or pass --networks 0)")
    scored = []
    for fold in family_folds(examples, k):
        train_idx = [i for i, e in enumerate(examples) if e[2] not in fold]
        test_idx = [i for i, e in enumerate(examples) if e[2] in fold]
        fit_idx = [i for i in train_idx for _ in examples[i][1]]  # once per risk shown
        x_train, x_test = features([texts[i] for i in fit_idx], [texts[i] for i in test_idx],
                                   dense, fit_idx, test_idx, kinds)
        clf = LogisticRegression(C=c, solver="lbfgs", max_iter=500, class_weight="balanced")
        labels = [label for i in train_idx for label in examples[i][1]]
        clf.fit(x_train, labels)
        probabilities_test = clf.predict_proba(x_test)
        if joined_reading:
            networks = MeaningModels.fit_beside(clf.classes_, dense[fit_idx], labels, meaning)
            probabilities_test = joined(probabilities_test, networks.predict_proba(dense[test_idx]),
                                        danger_column(clf.classes_), meaning["kept_from"])
        for i, probabilities in zip(test_idx, probabilities_test):
            scored.append((i, dict(zip(clf.classes_, map(float, probabilities)))))
    return scored


def judge(examples, scored, screens, config: Dict):
    """Per (family, benign?): [n, found risky, every wanted level found]."""
    rows = defaultdict(lambda: [0, 0, 0])
    for i, ranking in scored:
        _, want, family = examples[i]
        risks = message_risks(screens[i], ranking, config)
        benign = want == [RISK_NONE]
        row = rows[(family, benign)]
        row[0] += 1
        row[1] += bool(risks)
        row[2] += (not risks) if benign else set(want) <= set(risks)
    return rows


def summary(rows) -> str:
    risky = [v for (f, benign), v in rows.items() if not benign]
    benign = [v for (f, b), v in rows.items() if b]
    n_r, n_b = sum(v[0] for v in risky), sum(v[0] for v in benign)
    return (f"at-risk found {sum(v[1] for v in risky) / n_r:.3f}, every level {sum(v[2] for v in risky) / n_r:.3f} "
            f"(n={n_r}); benign false alarms {sum(v[1] for v in benign) / n_b:.3f} (n={n_b})")


def print_rows(rows) -> None:
    print(f"{'family':24} {'kind':7} {'n':>5} {'found risky':>12} {'every level':>11}")
    for (family, benign), (n, found, right) in sorted(rows.items()):
        kind = "benign" if benign else "at-risk"
        found_text = f"{found / n:.3f}" + (" (false alarms)" if benign else "")
        print(f"{family:24} {kind:7} {n:5} {found_text:>12} {right / n:11.3f}")


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--C", type=float, nargs="+", default=None, help="regularisation strengths to compare")
    parser.add_argument("--features", nargs="+", default=["words+chars+dense"],
                        help="feature sets to compare (words, chars, dense joined by +)")
    parser.add_argument("--folds", type=int, default=5, help="folds of whole families")
    parser.add_argument("--networks", type=int, nargs="+", default=None,
                        help="numbers of networks over the embedding to compare "
                             "(config.yml's meaning_networks; 0: the regression alone)")
    parser.add_argument("--sweep", nargs="*", default=[],
                        help="SafetyGate settings to compare, e.g. classifier_threshold=0.5,0.7")
    args = parser.parse_args(argv)
    examples = labelled_examples()
    config = pipeline_config()
    dense = shared_model().embed([t for t, _, _ in examples]) * config["scale"]
    screen = default_screen()
    screens = [screen.check(t) for t, _, _ in examples]
    sweeps = [(key, [float(v) for v in values.split(",")])
              for key, values in (item.split("=") for item in args.sweep)]
    choices = [(kinds, c, networks) for kinds in args.features for c in args.C or [config["C"]]
               for networks in args.networks or [config["meaning"]["networks"]]]
    for kinds, c, networks in choices:
        if "dense" not in kinds:
            networks = 0  # no embedding, no networks: the regression alone
        meaning = dict(config["meaning"], networks=networks)
        scored = held_out(examples, dense, c, kinds, args.folds, meaning)
        settings = [dict(config["gate"])]
        for key, values in sweeps:
            settings = [dict(s, **{key: v}) for s in settings for v in values]
        for gate in settings:
            rows = judge(examples, scored, screens, gate)
            tried = " ".join(f"{key}={gate[key]}" for key, _ in sweeps)
            print(f"features={kinds} C={c} networks={meaning['networks']} {tried}: {summary(rows)}", flush=True)
        if len(settings) == 1 and len(choices) == 1:
            print_rows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
