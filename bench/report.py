#!/usr/bin/python3
"""Prints the benchmark's tables and target checks from the JSON files bench/run_bench.sh wrote
into RESULTS_DIR, and writes RESULTS_DIR/summary.json.

usage: report.py RESULTS_DIR
"""
import json
import os
import sys


def load(d, name):
    p = os.path.join(d, name + ".json")
    return json.load(open(p)) if os.path.exists(p) else None


def row(cells, widths):
    return "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def main():
    d = sys.argv[1]
    env, quality = load(d, "env") or {}, load(d, "quality") or {}
    ours = {p: load(d, "ours_" + p) for p in ("fp32", "bf16", "int8")}
    gemm = {p: load(d, "gemm_" + p) for p in ("fp32", "bf16", "int8")}
    torch_r, ort_t, ort_s = load(d, "torch"), load(d, "ort_titles"), load(d, "ort_skills")
    fp32 = ours["fp32"]
    flops_title = fp32["titles"]["useful_flops"] / env["n_titles"]
    flops_skill = fp32["skills"]["useful_flops"] / env["n_skills"]

    print("== jobbert.cpp vs PyTorch eager vs ONNX Runtime: full-size synthetic JobBERT-v3 ==")
    print(f"machine: {env.get('cpu')}, {env.get('cores')} cores, {env.get('threads')} threads per engine; "
          f"load average before {env.get('load_before')}, after {env.get('load_after')}")
    print(f"software: oneDNN {env.get('onednn')} ({env.get('onednn_isa')}), onnxruntime-node "
          f"{(ort_t or {}).get('version')}, torch {(torch_r or {}).get('torch_version')}")
    print(f"data: {env['n_titles']} titles (mean {env['mean_title_tokens']:.1f} tokens), {env['n_skills']} skill lists "
          f"(mean {env['mean_skill_tokens']:.1f} tokens), {env.get('n_corpus')} ESCO labels for matching; "
          f"useful work {flops_title / 1e9:.2f} GFLOP per title, {flops_skill / 1e9:.2f} per skill list\n")

    print("GEMM backend peak (oneDNN matmul on the model's four shapes, best row count):")
    for p, g in gemm.items():
        if g:
            per_m = ", ".join(f"M={m}: {v['gflops']:.0f}" for m, v in g["rows"].items())
            impl = next(iter(g["rows"].values()))["shapes"][0]["impl"]
            print(f"  {p:5s} {g['peak_gflops']:7.0f} GFLOP/s   ({per_m}; {impl})")
    print()

    peers = []
    if torch_r:
        peers.append(("PyTorch eager fp32", torch_r["titles"], torch_r["skills"], torch_r["load_s"], torch_r["peak_rss_mb"]))
    if ort_t:
        peers.append(("ONNX Runtime fp32", ort_t, ort_s, ort_t["load_s"], max(ort_t["peak_rss_mb"], ort_s["peak_rss_mb"])))
    print("Peers at each batch size (texts/s; sorted by length, padded per batch like sentence-transformers):")
    w = [20, 10, 10, 10, 10, 6]
    print(row(["engine / set", "B=1", "B=8", "B=32", "B=128", "best"], w))
    for name, t, s, _, _ in peers:
        for label, r in (("titles", t), ("skill lists", s)):
            b = r["batch"]
            print(row([f"{name.split()[0]} {label}"] + [f"{b.get(k, 0):.1f}" for k in ("1", "8", "32", "128")]
                      + [r["best_batch"]], w))
    print("\nOurs at each token budget (texts/s; one call, packed, no padding):")
    for p, r in ours.items():
        if r:
            for label, key in (("titles", "titles"), ("skill lists", "skills")):
                per = ", ".join(f"{k}: {v:.1f}" for k, v in r[key]["per_budget"].items())
                print(f"  {p} {label:11s} {per}")
    print()

    ort_title = ort_t["best"] if ort_t else None
    ort_skill = ort_s["best"] if ort_s else None
    ort_p50 = ort_t["latency"]["p50_ms"] if ort_t else None
    w = [22, 9, 8, 9, 8, 8, 8, 7, 9, 8, 8, 8]
    print(row(["engine", "titles/s", "x ORT", "skills/s", "x ORT", "p50 ms", "p99 ms", "x ORT", "GFLOP/s", "of peak",
               "load s", "RSS MB"], w))
    table = []
    for name, t, s, load_s, rss in peers:
        table.append((name, t["best"], s["best"], t["latency"]["p50_ms"], t["latency"]["p99_ms"],
                      t["best"] * flops_title / 1e9, gemm["fp32"]["peak_gflops"] if gemm["fp32"] else None, load_s, rss))
    for p, r in ours.items():
        if r:
            table.append((f"jobbert.cpp {p}", r["titles"]["best"], r["skills"]["best"], r["titles"]["latency"]["p50_ms"],
                          r["titles"]["latency"]["p99_ms"], r["titles"]["useful_gflops"],
                          gemm[p]["peak_gflops"] if gemm[p] else None, r["load_s"], r["peak_rss_mb"]))
    summary = {"engines": {}}
    for name, tps, sps, p50, p99, gf, peak, load_s, rss in table:
        rt = tps / ort_title if ort_title else float("nan")
        rs = sps / ort_skill if ort_skill else float("nan")
        rl = p50 / ort_p50 if ort_p50 else float("nan")
        frac = gf / peak if peak else float("nan")
        print(row([name, f"{tps:.1f}", f"{rt:.2f}", f"{sps:.1f}", f"{rs:.2f}", f"{p50:.2f}", f"{p99:.2f}", f"{rl:.2f}",
                   f"{gf:.0f}", f"{frac:.0%}", f"{load_s:.2f}", f"{rss:.0f}"], w))
        summary["engines"][name] = {"titles_per_s": tps, "skills_per_s": sps, "p50_ms": p50, "p99_ms": p99,
                                    "titles_vs_ort": rt, "skills_vs_ort": rs, "latency_vs_ort": rl,
                                    "useful_gflops": gf, "fraction_of_peak": frac, "load_s": load_s, "peak_rss_mb": rss}
    print("(GFLOP/s: useful work on titles, no padding counted; 'of peak': against the GEMM peak of the same number "
          "format, fp32 for the peers; RSS: peak resident set of the process)\n")

    print("Precision vs our fp32 (titles: anchor, skill lists: positive; top-10: titles matched against the ESCO labels):")
    for p in ("bf16", "int8"):
        q = quality.get(p, {})
        if q:
            t, s = q["titles"], q["skills"]
            print(f"  {p}: titles cosine mean {t['cosine_mean']:.6f} min {t['cosine_min']:.6f}; skill lists cosine mean "
                  f"{s['cosine_mean']:.6f} min {s['cosine_min']:.6f}; top-10 overlap mean {q.get('top10_overlap', float('nan')):.4f}"
                  f" min {q.get('top10_overlap_min', float('nan')):.1f}")
    if quality.get("noise_floor"):
        nf = ", ".join(f"cos {c}: {v:.3f}" for c, v in quality["noise_floor"].items())
        print(f"  top-10 overlap this model allows at a given cosine (fp32 vectors plus isotropic noise): {nf}; "
              f"median gap between the 10th and 11th best score {quality['score_gap_10_11_median']:.1e} "
              f"(mean title-label cosine {quality['score_mean']:.2f})")
    for peer in ("torch", "ort"):
        q = quality.get(peer, {})
        if q.get("titles"):
            print(f"  {peer} vs ours fp32: titles max |diff| {q['titles']['max_abs_diff']:.2e}, skill lists "
                  f"{q.get('skills', {}).get('max_abs_diff', float('nan')):.2e} (same model, same ids)")
    summary["quality"] = quality
    print()

    e = summary["engines"]
    checks = []

    def check(label, value, op, bound):
        ok = value >= bound if op == ">=" else value <= bound
        checks.append({"target": label, "value": value, "bound": f"{op} {bound}", "met": ok})
        print(f"  [{'met ' if ok else 'MISS'}] {label}: {value:.4g} (target {op} {bound})")

    print("Targets (issue 5):")
    f, b, i = e.get("jobbert.cpp fp32"), e.get("jobbert.cpp bf16"), e.get("jobbert.cpp int8")
    torch_tps = e.get("PyTorch eager fp32", {}).get("titles_per_s")
    if f:
        check("fp32 titles/s vs ORT", f["titles_vs_ort"], ">=", 1.1)
        if torch_tps:
            check("fp32 titles/s vs PyTorch", f["titles_per_s"] / torch_tps, ">=", 3.0)
        check("fp32 skill lists/s vs ORT", f["skills_vs_ort"], ">=", 1.0)
        check("fp32 useful FLOPs / GEMM peak", f["fraction_of_peak"], ">=", 0.8)
        check("fp32 single-title p50 vs ORT", f["latency_vs_ort"], "<=", 0.85)
        check("fp32 load s", f["load_s"], "<=", 1.0)
        check("fp32 peak RSS GB", f["peak_rss_mb"] / 1024, "<=", 1.3)
    if b:
        check("bf16 titles/s vs ORT fp32", b["titles_vs_ort"], ">=", 2.0)
        check("bf16 skill lists/s vs ORT fp32", b["skills_vs_ort"], ">=", 2.0)
        check("bf16 single-title p50 vs ORT", b["latency_vs_ort"], "<=", 0.55)
        check("bf16 titles cosine to fp32 (mean)", quality["bf16"]["titles"]["cosine_mean"], ">=", 0.9995)
    if i:
        check("int8 titles/s vs ORT fp32", i["titles_vs_ort"], ">=", 3.0)
        check("int8 skill lists/s vs ORT fp32", i["skills_vs_ort"], ">=", 3.0)
        check("int8 single-title p50 vs ORT", i["latency_vs_ort"], "<=", 0.35)
        check("int8 titles cosine to fp32 (mean)", quality["int8"]["titles"]["cosine_mean"], ">=", 0.995)
        check("int8 top-10 overlap", quality["int8"].get("top10_overlap", 0), ">=", 0.98)
        check("int8 peak RSS GB", i["peak_rss_mb"] / 1024, "<=", 0.5)
    summary["targets"] = checks
    summary["env"] = env
    json.dump(summary, open(os.path.join(d, "summary.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
