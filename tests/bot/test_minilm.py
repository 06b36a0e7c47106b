"""The NumPy MiniLM encoder behind SentenceEmbeddingFeaturizer."""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np

from bot.nlu.minilm import MAX_TOKENS, shared_model


def test_the_tokenizer_gives_berts_uncased_word_pieces():
    tokens = shared_model().tokenizer.encode("Hello, world! Groomers")
    # [CLS] hello , world ! groom ##ers [SEP] in bert-base-uncased's vocabulary
    assert tokens[:5] == [101, 7592, 1010, 2088, 999] and tokens[-1] == 102 and len(tokens) == 8


def test_long_messages_are_cut_to_the_model_window():
    assert len(shared_model().tokenizer.encode("word " * 1000)) == MAX_TOKENS


def test_embeddings_are_unit_length_and_carry_meaning():
    texts = ["someone online keeps asking me for pictures",
             "a stranger on snapchat wants photos of me",
             "what time does the school canteen open"]
    vectors = shared_model().embed(texts)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2] + 0.2


def test_batching_does_not_change_a_messages_vector():
    model = shared_model()
    alone = model.embed(["i dont wanna be here anymore"])[0]
    together = model.embed(["hi", "i dont wanna be here anymore", "a much longer message " * 10])[1]
    assert np.allclose(alone, together, atol=1e-5)


def test_the_fast_erf_stays_within_a_millionth_of_scipys():
    from scipy.special import erf

    from bot.nlu.minilm import _erf

    x = np.concatenate([np.linspace(-12, 12, 200001), [0.0, -0.0, np.inf, -np.inf]]).astype(np.float32)
    assert np.abs(_erf(x) - erf(x.astype(np.float64))).max() < 1e-6
    assert _erf(x).dtype == np.float32


def plain_bert_embedding(model, text: str) -> np.ndarray:
    """The textbook forward pass in float64: one head at a time, weights in
    PyTorch's (out, in) layout applied as x W^T + b, SciPy's erf in GELU."""
    from scipy.special import erf

    w = {name: value.astype(np.float64) for name, value in model.w.items()}

    def norm(x, name):
        return (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-12) \
            * w[f"{name}.weight"] + w[f"{name}.bias"]

    def dense(x, name):
        return x @ w[f"{name}.weight"].T + w[f"{name}.bias"]

    ids = model.tokenizer.encode(text)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: len(ids)] \
        + w["embeddings.token_type_embeddings.weight"][0]
    x = norm(x, "embeddings.LayerNorm")
    for layer in range(6):
        p = f"encoder.layer.{layer}"
        q, k, v = np.split(dense(x, f"{p}.attention.self.qkv"), 3, axis=-1)  # query, key, value joined
        heads = []
        for h in range(12):
            cut = slice(32 * h, 32 * (h + 1))
            scores = q[:, cut] @ k[:, cut].T / np.sqrt(32)
            weights = np.exp(scores - scores.max(-1, keepdims=True))
            heads.append(weights / weights.sum(-1, keepdims=True) @ v[:, cut])
        x = norm(x + dense(np.concatenate(heads, -1), f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
        hidden = dense(x, f"{p}.intermediate.dense")
        hidden = 0.5 * hidden * (1 + erf(hidden / np.sqrt(2)))
        x = norm(x + dense(hidden, f"{p}.output.dense"), f"{p}.output.LayerNorm")
    pooled = x.mean(0)
    return pooled / np.linalg.norm(pooled)


def test_the_fast_forward_pass_equals_the_textbook_one():
    model = shared_model()
    texts = ["hi", "someone i met on a game keeps asking me to send pictures", "Ghost mode?? 😬 #help"]
    for text, fast in zip(texts, model.embed(texts)):
        assert np.abs(fast - plain_bert_embedding(model, text)).max() < 1e-6


def test_the_weights_are_mapped_read_only_from_the_file():
    weights = shared_model().w
    assert all(not array.flags.writeable for name, array in weights.items() if ".qkv." not in name)


def test_a_process_holds_the_weights_privately_only_where_it_joins_them():
    """Mapped weights are the page cache's, shared by Kit's Rasa processes:
    a process's own (anonymous) memory grows by the joined query-key-value
    matrices (~10 MiB), not by the 87 MiB file (issue #24)."""
    probe = (
        "from pathlib import Path\n"
        "def anonymous():\n"
        "    rollup = Path('/proc/self/smaps_rollup').read_text().splitlines()\n"
        "    return next(int(l.split()[1]) for l in rollup if l.startswith('Anonymous:')) / 1024\n"
        "import numpy\n"
        "from bot.nlu.minilm import MiniLM, model_dir\n"
        "before = anonymous()\n"
        "model = MiniLM(model_dir())\n"
        "model.embed(['someone i met on a game keeps asking me to send pictures'])\n"
        "print(anonymous() - before)\n"
    )
    grown = float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                                 env={**os.environ, "OPENBLAS_NUM_THREADS": "1"}).stdout)
    assert grown < 25, f"{grown:.0f} MiB of private memory for the weights"
