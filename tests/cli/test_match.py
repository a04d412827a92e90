"""`jobbert match` against a small taxonomy made of golden texts: the expected ranking comes from
the reference's anchor vectors (golden anchor.npy); the label index cache is built once, reused,
and rebuilt when the taxonomy or the model changes."""
import csv
import glob
import os
import shutil
import unittest

import numpy as np

from cli_support import CliTest, cosine, golden, jsonl, model_dir, texts, write_jsonl

MODEL = "tiny-asym-f32"
M = model_dir(MODEL)


class Match(CliTest):
    @classmethod
    def setUpClass(cls):
        cls.texts = texts()
        cls.anchor = np.load(golden(MODEL, "anchor.npy")).astype(np.float64)
        cls.positive = np.load(golden(MODEL, "positive.npy")).astype(np.float64)
        # 40 occupations of 1-3 labels each: ESCO labels of the golden texts (rows 75..), plus a
        # label with a comma (vacancy title) so that CSV quoting is exercised. Labels must be
        # stripped already (the taxonomy reader trims ASCII whitespace).
        rows, occ, i = [], 0, 75
        sizes = [1, 2, 3]
        while occ < 40:
            labels = []
            while len(labels) < sizes[occ % 3]:
                t = cls.texts[i]
                i += 1
                if t == t.strip() and t not in labels:
                    labels.append(t)
            if occ == 7:
                labels.append(next(t for t in cls.texts[590:1075] if "," in t and t == t.strip()))
            for lab in labels:
                rows.append((f"http://example.org/occupation/{occ}", labels[0], lab))
            occ += 1
        cls.rows = rows
        cls.queries = [t for t in cls.texts[1075:1200] if t == t.strip()][:25]

    def write_taxonomy(self, rows, name="tax.csv"):
        p = self.path(name)
        with open(p, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t" if name.endswith(".tsv") else ",")
            w.writerow(["id", "preferred_label", "label"])
            w.writerows(rows)
        return p

    def expected(self, rows, queries, k, vectors):
        """Top-k occupations per query from the reference vectors: [(id, label, score)]."""
        row_of = {t: i for i, t in reversed(list(enumerate(self.texts)))}
        labels = np.stack([vectors[row_of[r[2]]] for r in rows])
        q = np.stack([self.anchor[row_of[t]] for t in queries])
        s = cosine(q, labels)
        out = []
        for qi in range(len(queries)):
            best = {}
            for li, r in enumerate(rows):
                if r[0] not in best or s[qi, li] > best[r[0]][1]:
                    best[r[0]] = (r[2], s[qi, li])
            ranked = sorted(best.items(), key=lambda kv: -kv[1][1])[:k]
            out.append([(oid, lab, sc) for oid, (lab, sc) in ranked])
        return out

    def assertRanking(self, got, want):
        self.assertEqual(len(got), len(want))
        for g, w in zip(got, want):
            self.assertEqual(len(g["matches"]), len(w))
            for r, (m, (oid, lab, sc)) in enumerate(zip(g["matches"], w)):
                self.assertAlmostEqual(m["score"], sc, delta=1e-5)
                # Identity must agree unless the reference itself has a near-tie here.
                tie = any(abs(sc - o[2]) < 1e-5 for j, o in enumerate(w) if j != r)
                if not tie:
                    self.assertEqual(m["id"], oid, f"query {g['query']!r} rank {r}")
                    self.assertEqual(m["label"], lab)

    def test_ranking_equals_reference(self):
        tax = self.write_taxonomy(self.rows)
        write_jsonl(self.path("q.jsonl"), self.queries)
        r = self.jobbert("match", "-m", M, "-t", tax, "-i", self.path("q.jsonl"), "--format", "jsonl", "-k", "5")
        got = jsonl(r.stdout)
        self.assertEqual([g["query"] for g in got], self.queries)
        self.assertRanking(got, self.expected(self.rows, self.queries, 5, self.anchor))
        by_id = {row[0]: row[1] for row in self.rows}
        for g in got:
            for m in g["matches"]:
                self.assertEqual(m["preferred_label"], by_id[m["id"]])
        self.assertIn("meaningless", r.stderr.decode())  # the toy-model note

    def test_label_route_and_tsv_taxonomy(self):
        tax = self.write_taxonomy(self.rows, "tax.tsv")
        got = jsonl(self.jobbert("match", "-m", M, "-t", tax, "--label-route", "positive", "--format", "jsonl",
                                 "-k", "3", "-q", *self.queries[:6]).stdout)
        self.assertRanking(got, self.expected(self.rows, self.queries[:6], 3, self.positive))

    def test_table_format(self):
        tax = self.write_taxonomy(self.rows)
        out = self.jobbert("match", "-m", M, "-t", tax, "-k", "2", "-q", self.queries[0], self.queries[1]).stdout
        lines = out.decode().split("\n")
        self.assertEqual(lines[0], self.queries[0])
        self.assertTrue(lines[1].startswith("  1  0."), lines[1])
        self.assertIn("http://example.org/occupation/", lines[1])
        self.assertEqual(lines[3], "")
        self.assertEqual(lines[4], self.queries[1])

    def cache_files(self, root=None):
        return sorted(glob.glob(os.path.join(root or self.path("cache", "jobbert"), "label-index-*.bin")))

    def test_index_cache_built_once_reused_and_rebuilt(self):
        tax = self.write_taxonomy(self.rows)
        args = ["match", "-m", M, "-t", tax, "--format", "jsonl", *self.queries[:3]]
        first = self.jobbert(*args)
        self.assertIn("indexed", first.stderr.decode())
        files = self.cache_files()
        self.assertEqual(len(files), 1)
        stamp = os.stat(files[0]).st_mtime_ns
        second = self.jobbert(*args)
        self.assertNotIn("indexed", second.stderr.decode())
        self.assertEqual(second.stdout, first.stdout)
        self.assertEqual(os.stat(files[0]).st_mtime_ns, stamp)
        # The taxonomy changes: a new index.
        self.write_taxonomy(self.rows + [("http://example.org/occupation/new", "nurse", "nurse")])
        third = self.jobbert(*args)
        self.assertIn("indexed", third.stderr.decode())
        self.assertEqual(len(self.cache_files()), 2)
        # The model changes (a copy with one head weight altered): a new index.
        copy = self.path("model")
        shutil.copytree(M, copy)
        head = glob.glob(os.path.join(copy, "2_Asym", "*", "model.safetensors"))[0]
        with open(head, "r+b") as f:
            f.seek(-4, os.SEEK_END)
            f.write(b"\x00\x00\x80\x3f")
        fourth = self.jobbert("match", "-m", copy, *args[3:])
        self.assertIn("indexed", fourth.stderr.decode())
        self.assertEqual(len(self.cache_files()), 3)
        # A copy of the unchanged model reuses the index (the fingerprint is content-based).
        shutil.rmtree(copy)
        shutil.copytree(M, copy)
        self.assertNotIn("indexed", self.jobbert("match", "-m", copy, *args[3:]).stderr.decode())
        # --rebuild-index, --cache-dir and --no-cache.
        self.assertIn("indexed", self.jobbert(*args, "--rebuild-index").stderr.decode())
        self.jobbert(*args, "--cache-dir", self.path("other"))
        self.assertEqual(len(self.cache_files(self.path("other"))), 1)
        self.jobbert(*args, "--no-cache", "--cache-dir", self.path("none"))
        self.assertFalse(os.path.exists(self.path("none")))

    def test_esco_is_the_default_taxonomy(self):
        # The shipped ESCO file resolves and loads; a bad label route then stops before any work.
        if not os.path.exists(os.path.join(os.path.dirname(__file__), "..", "..", "data", "esco",
                                           "occupations_en.tsv")):
            self.skipTest("data/esco/occupations_en.tsv is not there")
        r = self.jobbert("match", "-m", M, "--label-route", "nope", "nurse", check=None)
        self.assertOneLineError(r, 4, "unknown route 'nope'")

    def test_taxonomy_errors(self):
        bad = self.path("bad.csv")
        with open(bad, "w") as f:
            f.write("id,name\na,b\n")
        r = self.jobbert("match", "-m", M, "-t", bad, "nurse", check=None)
        self.assertOneLineError(r, 4, "bad.csv line 1", "'id' and 'label'")
        r = self.jobbert("match", "-m", M, "-t", self.path("missing.csv"), "nurse", check=None)
        self.assertOneLineError(r, 4, "cannot open taxonomy file")


if __name__ == "__main__":
    unittest.main()
