#!/usr/bin/env python3
"""Reads the outputs of bench/serve_load.sh: hey summaries (closed loop), wrk summaries written by
bench/serve_open_loop.lua (open loop), encode_bench results, RSS samples.

usage: serve_load_report.py p50 HEY.txt        -> median latency in seconds
       serve_load_report.py rate HEY.txt       -> served (HTTP 200) requests/s
       serve_load_report.py capacity OUT N     -> capacity in requests/s for N-title requests
       serve_load_report.py report OUT         -> the Markdown report
"""
import glob
import re
import sys


def hey(path):
    """A hey summary: latency percentiles (s), responses per status, errors, served rate."""
    text = open(path, encoding="utf-8", errors="replace").read()
    r = {"total": 0.0, "pct": {}, "status": {}, "socket_errors": 0}
    m = re.search(r"Total:\s+([\d.]+) secs", text)
    r["total"] = float(m.group(1)) if m else 0.0
    for p, v in re.findall(r"(\d+)% in ([\d.]+) secs", text):
        r["pct"][int(p)] = float(v)
    slowest = re.search(r"Slowest:\s+([\d.]+) secs", text)
    if slowest and not r["pct"].get(99):  # hey leaves out p99 with fewer than 100 responses: the max
        r["pct"][99] = float(slowest.group(1))
    for code, n in re.findall(r"\[(\d+)\]\s+(\d+) responses", text):
        r["status"][int(code)] = int(n)
    errs = text.split("Error distribution:")
    if len(errs) > 1:
        r["socket_errors"] = sum(int(n) for n in re.findall(r"\[(\d+)\]\s", errs[1]))
    return finish(r)


def wrk(path):
    """A summary printed by serve_open_loop.lua."""
    text = open(path, encoding="utf-8", errors="replace").read()
    num = lambda key: float(re.search(rf"^{key} ([\d.]+)$", text, re.M).group(1)) if re.search(rf"^{key} ", text, re.M) else 0.0
    r = {"total": num("duration_s"), "pct": {p: num(f"p{p}_ms") / 1e3 for p in (50, 90, 99)},
         "status": {int(c): int(n) for c, n in re.findall(r"^status (\d+) (\d+)$", text, re.M)},
         "socket_errors": int(num("socket_errors")), "offered_nominal": num("offered_rate"),
         "connections": int(num("connections"))}
    r = finish(r)
    r["sent_rps"] = sum(r["status"].values()) / r["total"] if r["total"] else 0.0
    return r


def finish(r):
    r["ok"] = r["status"].get(200, 0)
    r["served_rps"] = r["ok"] / r["total"] if r["total"] else 0.0
    r["n429"] = r["status"].get(429, 0)
    r["other_errors"] = r["socket_errors"] + sum(n for c, n in r["status"].items() if c not in (200, 429))
    return r


def offline(out, n):
    m = re.search(r"throughput ([\d.]+) seq/s", open(f"{out}/offline{n}.txt").read())
    return float(m.group(1)) if m else 0.0


def sweep(out, n):
    rows = [(float(re.search(r"_x([\d.]+)\.txt$", p).group(1)), wrk(p)) for p in glob.glob(f"{out}/open{n}_x*.txt")]
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
    return f"{1e3 * h['pct'].get(p, 0):.0f}" if h["pct"].get(p, 0) >= 0.1 else f"{1e3 * h['pct'].get(p, 0):.1f}"


def report(out):
    lines = [open(f"{out}/machine.txt").read().strip(), ""]
    for n in (1, 32):
        off = offline(out, n)
        r64 = hey(f"{out}/closed{n}_c64.txt")
        lines += [f"#### Requests of {n} title{'s' if n > 1 else ''} (POST /embed)", "",
                  f"Offline fp32 `anchor` throughput on the same titles (encode_bench): {off:.1f} titles/s.", "",
                  "| clients (closed loop) | requests/s | titles/s | p50 ms | p99 ms | errors | 429 | server RSS max MB |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for c in (1, 8, 64):
            h = hey(f"{out}/closed{n}_c{c}.txt")
            lines.append(f"| {c} | {h['served_rps']:.1f} | {h['served_rps'] * n:.1f} | {ms(h, 50)} | {ms(h, 99)} | "
                         f"{h['other_errors']} | {h['n429']} | {rss_max(f'{out}/closed{n}_c{c}.rss'):.0f} |")
        ratio = r64["served_rps"] * n / off if off else 0
        lines += ["", f"Served titles/s at 64 clients / offline: **{100 * ratio:.0f}%**.", "",
                  "| offered req/s (sent) | connections | served req/s | served titles/s | p50 ms | p99 ms | 429 | errors |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for _, h in sweep(out, n):
            lines.append(f"| {h['offered_nominal']:.1f} ({h['sent_rps']:.1f}) | {h['connections']} | "
                         f"{h['served_rps']:.1f} | {h['served_rps'] * n:.1f} | {ms(h, 50)} | {ms(h, 99)} | "
                         f"{h['n429']} | {h['other_errors']} |")
        cap = capacity(out, n)
        h = wrk(f"{out}/over{n}.txt")
        lines += ["", f"Capacity: **{cap:.1f} requests/s = {cap * n:.1f} titles/s**.", "",
                  f"Overload, {h['offered_nominal']:.1f} req/s offered ({h['sent_rps']:.1f} sent) from "
                  f"{h['connections']} connections, default admission: {h['ok']} x 200, {h['n429']} x 429, "
                  f"{h['other_errors']} other errors; served {h['served_rps']:.1f} req/s; p50 {ms(h, 50)} ms, "
                  f"p99 {ms(h, 99)} ms (all responses); server RSS max {rss_max(f'{out}/over{n}.rss'):.0f} MB.", ""]
    lines += [open(f"{out}/rss.txt").read().strip(), open(f"{out}/health.txt").read().strip()]
    print("\n".join(lines))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "p50":
        print(f"{hey(sys.argv[2])['pct'].get(50, 0):.4f}")
    elif cmd == "rate":
        print(f"{hey(sys.argv[2])['served_rps']:.3f}")
    elif cmd == "capacity":
        print(f"{capacity(sys.argv[2], int(sys.argv[3])):.3f}")
    elif cmd == "report":
        report(sys.argv[2])
    else:
        sys.exit(__doc__)
