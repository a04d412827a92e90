#!/usr/bin/python3
"""Precision report of the benchmark (bench/run_bench.sh), from the embeddings the engines wrote:
for bf16 and int8, cosine to our fp32 vectors (titles through `anchor`, skill lists through
`positive`) and the top-10 overlap when matching every title against the ESCO corpus (cosine,
each precision with its own title and corpus vectors); for the peers (PyTorch, ONNX Runtime), the
largest absolute difference and lowest cosine to our fp32 vectors (they compute the same model).

usage: quality.py EMB_DIR DIM OUT.json
EMB_DIR holds <engine>_<set>.f32 files: raw float32 [n, DIM] rows (fp32_titles.f32, ...).
"""
import json
import os
import sys

import numpy as np


def load(d, name, dim):
    path = os.path.join(d, name + ".f32")
    return np.fromfile(path, dtype=np.float32).reshape(-1, dim).astype(np.float64) if os.path.exists(path) else None


def unit(x):
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def cosines(a, b):
    return np.sum(unit(a) * unit(b), axis=1)


def top10(queries, corpus):
    s = unit(queries) @ unit(corpus).T
    return np.argpartition(-s, 10, axis=1)[:, :10]


def main():
    d, dim, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    ref = {s: load(d, "fp32_" + s, dim) for s in ("titles", "skills", "corpus")}
    ref_top = top10(ref["titles"], ref["corpus"]) if ref["corpus"] is not None else None
    result = {}
    for p in ("bf16", "int8"):
        r = {}
        for s in ("titles", "skills"):
            x = load(d, f"{p}_{s}", dim)
            if x is None:
                continue
            c = cosines(x, ref[s])
            r[s] = {"cosine_mean": float(c.mean()), "cosine_min": float(c.min()),
                    "cosine_p1": float(np.percentile(c, 1)), "max_abs_diff": float(np.abs(x - ref[s]).max())}
        corpus = load(d, f"{p}_corpus", dim)
        if ref_top is not None and corpus is not None:
            t = top10(load(d, f"{p}_titles", dim), corpus)
            overlap = [len(set(a) & set(b)) / 10 for a, b in zip(ref_top, t)]
            r["top10_overlap"] = float(np.mean(overlap))
            r["top10_overlap_min"] = float(np.min(overlap))
            r["corpus_size"] = int(corpus.shape[0])
        result[p] = r
    # What the top-10 overlap of this model can be at a given cosine: isotropic noise added to the
    # fp32 title and corpus vectors so that each keeps exactly that cosine to its original (seed 1).
    if ref_top is not None:
        rng = np.random.default_rng(1)
        result["noise_floor"] = {}
        for c in (0.99999, 0.9999, 0.9995, 0.999, 0.995):
            def noisy(x):
                e = rng.standard_normal(x.shape)
                e -= np.sum(e * unit(x), axis=1, keepdims=True) * unit(x)  # orthogonal to x
                return x + unit(e) * np.linalg.norm(x, axis=1, keepdims=True) * np.sqrt(1 / c**2 - 1)
            t = top10(noisy(ref["titles"]), noisy(ref["corpus"]))
            result["noise_floor"][str(c)] = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ref_top, t)]))
        s = -np.sort(-(unit(ref["titles"]) @ unit(ref["corpus"]).T), axis=1)
        result["score_gap_10_11_median"] = float(np.median(s[:, 9] - s[:, 10]))
        result["score_mean"] = float(np.mean(s))
    for peer in ("torch", "ort"):
        r = {}
        for s in ("titles", "skills"):
            x = load(d, f"{peer}_{s}", dim)
            if x is not None:
                r[s] = {"max_abs_diff": float(np.abs(x - ref[s]).max()), "cosine_min": float(cosines(x, ref[s]).min())}
        result[peer] = r
    json.dump(result, open(out, "w"), indent=1)


if __name__ == "__main__":
    main()
