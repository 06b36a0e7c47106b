"""The NumPy MiniLM encoder behind SentenceEmbeddingFeaturizer."""
from __future__ import annotations

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
