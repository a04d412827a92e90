#!/usr/bin/env python3
"""Reads the outputs of bench/serve_load.sh (hey summaries, encode_bench, RSS samples).

usage: serve_load_report.py rate HEY.txt          -> served (HTTP 200) requests/s
       serve_load_report.py capacity OUT N        -> capacity in requests/s for N-title requests
       serve_load_report.py report OUT           -> the Markdown report
"""
import glob
import os
import re
import sys


def hey(path):
    """A hey summary: total seconds, latency percentiles (s), responses per status, errors."""
    text = open(path, encoding="utf-8", errors="replace").read()
    r = {"total": 0.0, "pct": {}, "status": {}, "errors": 0}
    m = re.search(r"Total:\s+([\d.]+) secs", text)
    if m:
        r["total"] = float(m.group(1))
    for p, v in re.findall(r"(\d+)% in ([\d.]+) secs", text):
        r["pct"][int(p)] = float(v)
    for code, n in re.findall(r"\[(\d+)\]\s+(\d+) responses", text):
        r["status"][int(code)] = int(n)
    errs = text.split("Error distribution:")
    if len(errs) > 1:
        r["errors"] = sum(int(n) for n in re.findall(r"\[(\d+)\]\s", errs[1]))
    r["ok"] = r["status"].get(200, 0)
    r["served_rps"] = r["ok"] / r["total"] if r["total"] else 0.0
    r["failed"] = r["errors"] + sum(n for c, n in r["status"].items() if c != 200)
    return r


def offline(out, n):
    m = re.search(r"throughput ([\d.]+) seq/s", open(f"{out}/offline{n}.txt").read())
    return float(m.group(1)) if m else 0.0


def sweep(out, n):
    rows = []
    for path in glob.glob(f"{out}/open{n}_x*.txt"):
        f = float(re.search(r"_x([\d.]+)\.txt$", path).group(1))
        rows.append((f, hey(path)))
    return sorted(rows, key=lambda x: x[0])


def capacity(out, n):
    """The largest served rate of the sweep: served requests/s stop rising beyond it."""
    rows = sweep(out, n)
    return max(h["served_rps"] for _, h in rows) if rows else 0.0


def rss_max(path):
    try:
        return max(int(x) for x in open(path).read().split()) / 1024.0
    except (OSError, ValueError):
        return 0.0


def ms(h, p):
    return f"{1e3 * h['pct'].get(p, 0):.1f}"


def report(out):
    r64 = {}
    lines = [f"Model: `{os.path.basename(out)}`. " + open(f"{out}/machine.txt").read().strip().lstrip("= "), ""]
    for n in (1, 32):
        off = offline(out, n)
        r64[n] = hey(f"{out}/closed{n}_c64.txt")
        lines += [f"### Requests of {n} title{'s' if n > 1 else ''} (POST /embed)", "",
                  f"Offline fp32 `anchor` throughput on the same titles (encode_bench): **{off:.1f} titles/s**.", "",
                  "| clients | requests/s | titles/s | p50 ms | p99 ms | errors | RSS max MB |",
                  "|---:|---:|---:|---:|---:|---:|---:|"]
        for c in (1, 8, 64):
            h = hey(f"{out}/closed{n}_c{c}.txt")
            lines.append(f"| {c} | {h['served_rps']:.1f} | {h['served_rps'] * n:.1f} | {ms(h, 50)} | {ms(h, 99)} | "
                         f"{h['failed']} | {rss_max(f'{out}/closed{n}_c{c}.rss'):.0f} |")
        ratio = r64[n]["served_rps"] * n / off if off else 0
        lines += ["", f"Served titles/s at 64 clients / offline: **{100 * ratio:.0f}%**.", "",
                  "Open loop at fixed rates (64 clients, hey -q); rate in multiples of the 64-client rate:", "",
                  "| offered req/s | served req/s | served titles/s | p50 ms | p99 ms | 429 | other errors |",
                  "|---:|---:|---:|---:|---:|---:|---:|"]
        for f, h in sweep(out, n):
            offered = f * r64[n]["served_rps"]
            other = h["failed"] - h["status"].get(429, 0)
            lines.append(f"| {offered:.1f} | {h['served_rps']:.1f} | {h['served_rps'] * n:.1f} | {ms(h, 50)} | "
                         f"{ms(h, 99)} | {h['status'].get(429, 0)} | {other} |")
        cap = capacity(out, n)
        h = hey(f"{out}/over{n}.txt")
        other = h["failed"] - h["status"].get(429, 0)
        lines += ["", f"Capacity: **{cap:.1f} requests/s = {cap * n:.1f} titles/s**.", "",
                  f"Overload at 2x capacity ({2 * cap:.1f} req/s offered, 256 clients): "
                  f"{h['ok']} x 200, {h['status'].get(429, 0)} x 429, {other} other errors; "
                  f"served {h['served_rps']:.1f} req/s; p50 {ms(h, 50)} ms, p99 {ms(h, 99)} ms (all responses); "
                  f"server RSS max {rss_max(f'{out}/over{n}.rss'):.0f} MB.", ""]
    lines += [open(f"{out}/rss.txt").read().strip(), open(f"{out}/health.txt").read().strip()]
    print("\n".join(lines))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "rate":
        print(f"{hey(sys.argv[2])['served_rps']:.3f}")
    elif cmd == "capacity":
        print(f"{capacity(sys.argv[2], int(sys.argv[3])):.3f}")
    elif cmd == "report":
        report(sys.argv[2])
    else:
        sys.exit(__doc__)
