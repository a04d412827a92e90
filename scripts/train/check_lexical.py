#!/usr/bin/python3
"""The lexical baseline of `jobbert eval` against scikit-learn (Debian python3-sklearn).

Ranks every occupation of a taxonomy for each query with scikit-learn's
TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)) fitted on the taxonomy's labels (cosine
similarity, an occupation scores its best label, ties to the occupation listed first), computes
MRR / R@1,5,10 (micro) / MAP the way docs/training.md defines them, and compares with
`jobbert eval --no-model --baseline lexical --format json` on the same files.

usage: check_lexical.py JOBBERT_BIN TAXONOMY.tsv QUERIES.csv
       check_lexical.py JOBBERT_BIN --esco OCCUPATIONS.tsv [N]
  QUERIES.csv: header with `query` and `gold` (occupation ids, several separated by '|').
  --esco: N (default 500) alternative labels drawn at random (seed 1) are held out of the
  taxonomy and become the queries (a synonym -> occupation normalisation task).
Exit status 77 (skipped) without scikit-learn.
"""
import csv, json, os, random, shutil, subprocess, sys, tempfile
import numpy as np
try:
    from sklearn.feature_extraction.text import TfidfVectorizer
except ImportError:
    print("scikit-learn not installed (apt-get install python3-sklearn): skipped")
    sys.exit(77)


def held_out_esco(path, n, work):
    """Writes work/tax.tsv (ESCO minus n alternative labels) and work/queries.csv (those labels)."""
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    alt = [i for i, r in enumerate(rows) if r["label"] != r["preferred_label"]]
    held = set(random.Random(1).sample(alt, n))
    with open(os.path.join(work, "tax.tsv"), "w", encoding="utf-8") as t, \
         open(os.path.join(work, "queries.csv"), "w", encoding="utf-8", newline="") as q:
        t.write("id\tpreferred_label\tlabel\n")
        w = csv.writer(q)
        w.writerow(["query", "gold"])
        for i, r in enumerate(rows):
            if i in held:
                w.writerow([r["label"], r["id"]])
            else:
                t.write(f"{r['id']}\t{r['preferred_label']}\t{r['label']}\n")
    return os.path.join(work, "tax.tsv"), os.path.join(work, "queries.csv")


def main():
    binary = sys.argv[1]
    if sys.argv[2] == "--esco":
        work = tempfile.mkdtemp(prefix="jobbert-lexical-")
        import atexit
        atexit.register(shutil.rmtree, work, True)
        tax_path, queries_path = held_out_esco(sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 500, work)
    else:
        tax_path, queries_path = sys.argv[2:4]
    with open(tax_path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    occ_index, label_occ, labels = {}, [], []
    for r in rows:
        occ_index.setdefault(r["id"], len(occ_index))
        labels.append(r["label"]); label_occ.append(occ_index[r["id"]])
    label_occ = np.array(label_occ)
    with open(queries_path, encoding="utf-8", newline="") as f:
        queries = list(csv.DictReader(f))
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))
    L = vec.fit_transform(labels)
    Q = vec.transform([q["query"] for q in queries])
    S = (Q @ L.T).toarray()  # [queries, labels], rows already L2-normalised -> cosine
    rr, ap, hits, gold_total = [], [], {1: 0, 5: 0, 10: 0}, 0
    n_occ = len(occ_index)
    for qi, q in enumerate(queries):
        best = np.full(n_occ, -np.inf)
        np.maximum.at(best, label_occ, S[qi])
        gold = sorted({occ_index[g] for g in q["gold"].split("|")})
        ranks = sorted(1 + int(np.sum(best > best[g]) + np.sum((best == best[g])[:g])) for g in gold)
        rr.append(1.0 / ranks[0])
        ap.append(sum((j + 1) / r for j, r in enumerate(ranks)) / len(ranks))
        for k in hits:
            hits[k] += sum(r <= k for r in ranks)
        gold_total += len(ranks)
    ref = {"mrr": np.mean(rr), "map": np.mean(ap), **{f"R@{k}": hits[k] / gold_total for k in hits}}
    out = subprocess.run([binary, "eval", "--no-model", "--baseline", "lexical", "--taxonomy", tax_path, "--queries",
                          queries_path, "--format", "json", "-q", "--language-column", "-"],
                         check=True, stdout=subprocess.PIPE).stdout
    got = json.loads(out)["results"][0]
    ours = {"mrr": got["mrr"], "map": got["map"], **{f"R@{k}": got["recall"][str(k)] for k in hits}}
    ok = all(abs(ours[k] - ref[k]) <= 1e-6 for k in ref)
    for k in ref:
        print(f"{k:5s} scikit-learn {ref[k]:.6f}  jobbert {ours[k]:.6f}")
    print(("ok  " if ok else "FAIL") + f" {len(queries)} queries, {n_occ} occupations, {len(labels)} labels")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
