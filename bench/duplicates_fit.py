"""Refit the near-duplicate detector's weights (`warta.discovery.duplicates.WEIGHTS`, `BIAS`)
on the tuning half of the judged pairs, and say how well such a fit generalises.

Prints the weights (to paste into the module), precision / recall of that fit on the tuning
half, the check half and all pairs at `WARTA_DUPLICATE_THRESHOLD`, and a k-fold
cross-validated figure over all pairs (each fold's weights fitted without it, repeated over
shuffles), then JSON. L2-regularised logistic regression by Newton's method in plain Python
(no numpy or scikit-learn in the project); `--l2 0.33` matches scikit-learn's C = 3.

    .venv/bin/python bench/duplicates_fit.py \
        --articles ../shared/data/click-id/articles.dev.jsonl.gz \
        --pairs bench/judged/duplicate_pairs.jsonl [--folds 5 --repeats 3 --l2 0.33]
        [--only same_title,title_overlap,...]  (an ablation: fit these signals only)
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path

from duplicates_eval import judged, scores, setup


def fit(rows: list[list[float]], truth: list[bool], l2: float) -> list[float]:
    """[bias, *weights] minimising log loss + l2/2 · |weights|² (bias not penalised)."""
    size = len(rows[0]) + 1
    w = [0.0] * size
    for _ in range(100):
        grad = [0.0] * size
        hess = [[0.0] * size for _ in range(size)]
        for row, y in zip(rows, truth, strict=True):
            x = [1.0, *row]
            p = _sigmoid(sum(wi * xi for wi, xi in zip(w, x, strict=True)))
            for i in range(size):
                grad[i] += (p - y) * x[i]
                for j in range(size):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, size):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        hess[0][0] += 1e-9
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return w


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gauss-Jordan elimination with partial pivoting."""
    n = len(vector)
    m = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for c in range(n):
        pivot = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[pivot] = m[pivot], m[c]
        for r in range(n):
            if r != c and m[r][c]:
                factor = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= factor * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def predict(w: list[float], row: list[float]) -> float:
    return _sigmoid(w[0] + sum(wi * xi for wi, xi in zip(w[1:], row, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--l2", type=float, default=0.33)
    parser.add_argument("--only", help="comma-separated signals to fit (the rest weigh 0)")
    args = parser.parse_args()
    setup()
    import corpus

    from warta.discovery import duplicates

    pairs, stories = judged(args.articles, args.pairs)
    prints = {}
    for cid, row in stories.items():
        when = duplicates.days(corpus._published(row))
        prints[cid] = duplicates.fingerprint(row["title"], row["body"], when)
    names = args.only.split(",") if args.only else list(duplicates.WEIGHTS)
    found = [duplicates.features(prints[p["a"]], prints[p["b"]]) for p in pairs]
    rows = [[f[n] for n in names] for f in found]
    truth = [bool(p["same_story"]) for p in pairs]
    cut = duplicates.duplicate_threshold()
    tune = [i for i, p in enumerate(pairs) if p["half"] == "tune"]
    check = [i for i, p in enumerate(pairs) if p["half"] == "check"]

    w = fit([rows[i] for i in tune], [truth[i] for i in tune], args.l2)

    def at(weights: list[float], index: list[int]) -> dict:
        predicted = [predict(weights, rows[i]) >= cut for i in index]
        return scores(predicted, [truth[i] for i in index])

    held_out: list[bool] = []
    held_truth: list[bool] = []
    for repeat in range(args.repeats):
        order = list(range(len(pairs)))
        random.Random(repeat).shuffle(order)
        for k in range(args.folds):
            test = order[k :: args.folds]
            kept = set(test)
            train = [i for i in order if i not in kept]
            wk = fit([rows[i] for i in train], [truth[i] for i in train], args.l2)
            held_out += [predict(wk, rows[i]) >= cut for i in test]
            held_truth += [truth[i] for i in test]
    cross = scores(held_out, held_truth)

    print(f"BIAS = {w[0]:.2f}")
    print("WEIGHTS = {")
    for name, weight in zip(names, w[1:], strict=True):
        print(f'    "{name}": {weight:.2f},')
    print("}")
    print(f"fitted on tune, at {cut}: tune {at(w, tune)}  check {at(w, check)}")
    print(f"{args.folds}-fold cross-validation x{args.repeats} (all pairs): {cross}")
    print(
        json.dumps(
            {
                "benchmark": "duplicates_fit",
                "l2": args.l2,
                "threshold": cut,
                "bias": round(w[0], 4),
                "weights": {n: round(x, 4) for n, x in zip(names, w[1:], strict=True)},
                "tune": at(w, tune),
                "check": at(w, check),
                "cross_validated": cross,
            }
        )
    )


if __name__ == "__main__":
    main()
