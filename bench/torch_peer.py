#!/usr/bin/python3
"""PyTorch eager peer of the benchmark (bench/run_bench.sh): scripts/reference/torch_model.py's
XLM-R + mean pooling + Dense/tanh head, batched the way sentence-transformers does it: sequences
sorted by length (longest first), cut into batches of B, each padded to its longest sequence with
<pad> (id 1) and attention mask 0; torch.inference_mode, --threads intra-op threads.

usage: torch_peer.py MODEL_DIR TITLE_IDS.jsonl SKILL_IDS.jsonl OUT.json [--threads 2]
       [--batches 1,8,32,128] [--repeat 1] [--latency 300] [--emb-dir DIR]
Titles run through the `anchor` head, skill lists through `positive` (the head's weights are
swapped in place; the encoder is loaded once). OUT.json: load_s, titles/skills {batch: {B:
texts_per_s}, best, best_batch}, titles.latency {p50_ms, p99_ms}, peak_rss_mb.
"""
import argparse
import json
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "reference"))
from oracle import load_routes  # noqa: E402
from torch_model import XLMR  # noqa: E402


def read_ids(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def make_batch(seqs):
    T = max(len(s) for s in seqs)
    ids = torch.tensor([s + [1] * (T - len(s)) for s in seqs], dtype=torch.long)
    mask = torch.tensor([[1] * len(s) + [0] * (T - len(s)) for s in seqs], dtype=torch.long)
    return ids, mask


def encode_all(model, seqs, B):
    order = sorted(range(len(seqs)), key=lambda i: (-len(seqs[i]), i))
    out = [None] * len(seqs)
    with torch.inference_mode():
        for i in range(0, len(order), B):
            idx = order[i:i + B]
            emb = model(*make_batch([seqs[j] for j in idx]))
            for b, j in enumerate(idx):
                out[j] = emb[b]
    return torch.stack(out)


def throughput(model, seqs, batches, repeat, label):
    res = {"batch": {}}
    for B in batches:
        best = float("inf")
        for _ in range(repeat):
            t = time.perf_counter()
            encode_all(model, seqs, B)
            best = min(best, time.perf_counter() - t)
        res["batch"][str(B)] = len(seqs) / best
        print(f"  torch {label} batch {B}: {len(seqs) / best:.1f} texts/s", file=sys.stderr, flush=True)
    res["best_batch"] = max(res["batch"], key=res["batch"].get)
    res["best"] = res["batch"][res["best_batch"]]
    return res


def latency(model, seqs, n):
    ms = []
    with torch.inference_mode():
        for _ in range(2):  # the first pass is a warm-up
            ms = []
            for s in seqs[:n]:
                t = time.perf_counter()
                model(*make_batch([s]))
                ms.append(1e3 * (time.perf_counter() - t))
    ms.sort()
    pick = lambda p: ms[min(len(ms) - 1, int(p / 100 * (len(ms) - 1) + 0.5))]
    return {"p50_ms": pick(50), "p99_ms": pick(99), "n": len(ms)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model"), ap.add_argument("titles"), ap.add_argument("skills"), ap.add_argument("out")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batches", default="1,8,32,128")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--latency", type=int, default=300)
    ap.add_argument("--emb-dir", default="")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    titles, skills = read_ids(a.titles), read_ids(a.skills)
    batches = [int(b) for b in a.batches.split(",")]
    t0 = time.perf_counter()
    model = XLMR(a.model, "anchor").eval()
    load_s = time.perf_counter() - t0
    print(f"torch: load {load_s:.2f} s", file=sys.stderr, flush=True)
    encode_all(model, titles[:64], 32)  # warm-up
    result = {"engine": "pytorch-eager", "torch_version": torch.__version__, "load_s": load_s, "threads": a.threads}
    result["titles"] = throughput(model, titles, batches, a.repeat, "titles")
    result["titles"]["latency"] = latency(model, titles, a.latency)
    if a.emb_dir:
        encode_all(model, titles, 32).numpy().tofile(os.path.join(a.emb_dir, "torch_titles.f32"))
    W, b, _ = load_routes(a.model)[0]["positive"][0]  # swap in the positive head
    with torch.no_grad():
        model.hw.copy_(W)
        model.hb.copy_(b)
    result["skills"] = throughput(model, skills, batches, a.repeat, "skills")
    result["skills"]["latency"] = latency(model, skills, max(1, a.latency // 3))
    if a.emb_dir:
        encode_all(model, skills, 32).numpy().tofile(os.path.join(a.emb_dir, "torch_skills.f32"))
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump(result, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
