"""Input conventions of every text-reading command: JSONL (default), --lines, CSV/TSV columns,
positional texts, stdin; one output row per input row; invalid UTF-8 both ways; errors."""
import json
import os
import unittest

import numpy as np

from cli_support import CliTest, golden, jsonl, model_dir, texts

M = model_dir("tiny-asym-f32")


def vectors(out_bytes):
    return [None if "error" in r else np.array(r["embedding"], dtype=np.float32) for r in jsonl(out_bytes)]


class Input(CliTest):
    @classmethod
    def setUpClass(cls):
        cls.texts = texts()
        cls.anchor = np.load(golden("tiny-asym-f32", "anchor.npy"))

    def ref(self, text):
        """The reference anchor vector of a golden text."""
        return self.anchor[self.texts.index(text)]

    def assertVec(self, got, text):
        self.assertIsNotNone(got)
        self.assertLessEqual(float(np.abs(got - self.ref(text)).max()), 1e-5, text)

    def test_lines_keep_empty_and_very_long_rows(self):
        long_line = "x x x x " * 20000  # 160 kB: truncated to max_seq_length, still one row
        data = ("Software Engineer\n\n\n" + long_line + "\nManager\n\n").encode()
        with open(self.path("in.txt"), "wb") as f:
            f.write(data)
        for args in (["-i", self.path("in.txt")], ["--lines", "-i", self.path("in.txt")], ["--lines"]):
            with self.subTest(args=args):
                out = self.jobbert("embed", "-m", M, *args, stdin=data if args == ["--lines"] else None).stdout
                v = vectors(out)
                self.assertEqual(len(v), 6)
                self.assertVec(v[0], "Software Engineer")
                self.assertVec(v[1], "")
                self.assertVec(v[2], "")
                self.assertVec(v[4], "Manager")
                self.assertVec(v[5], "")
        tok = jsonl(self.jobbert("tokenize", "-m", M, "--lines", stdin=data).stdout)
        self.assertEqual(len(tok), 6)
        self.assertEqual(len(tok[3]["ids"]), 64)  # max_seq_length

    def test_lines_crlf(self):
        data = b"nurse\r\n\r\nSoftware Engineer\r\nlast\r"
        rows = jsonl(self.jobbert("tokenize", "-m", M, "--lines", stdin=data).stdout)
        self.assertEqual(len(rows), 4)
        want = jsonl(self.jobbert("tokenize", "-m", M, "nurse", "", "Software Engineer", "last").stdout)
        self.assertEqual(rows, want)
        # A '\r' inside a line is part of the text.
        inner = jsonl(self.jobbert("tokenize", "-m", M, "--lines", stdin=b"a\rb\n").stdout)
        self.assertEqual(inner, jsonl(self.jobbert("tokenize", "-m", M, "a\rb").stdout))

    def test_jsonl_strings_objects_and_column(self):
        data = '"Software Engineer"\n{"text": "Manager", "id": 7}\n""\n{"title": "nurse", "text": "x"}\n'
        v = vectors(self.jobbert("embed", "-m", M, stdin=data).stdout)
        self.assertEqual(len(v), 4)
        self.assertVec(v[0], "Software Engineer")
        self.assertVec(v[1], "Manager")
        self.assertVec(v[2], "")
        tok = jsonl(self.jobbert("tokenize", "-m", M, "--column", "title",
                                 stdin='{"title": "nurse"}\r\n{"title": ""}\n').stdout)
        self.assertEqual(len(tok), 2)
        self.assertEqual(tok[1]["ids"], [0, 2])

    def test_jsonl_errors_name_the_line(self):
        r = self.jobbert("embed", "-m", M, stdin='"ok"\n{"text": "a"}\nnot json\n', check=None)
        self.assertOneLineError(r, 4, "stdin line 3: not valid JSON")
        r = self.jobbert("embed", "-m", M, stdin='"ok"\n\n"b"\n', check=None)
        self.assertOneLineError(r, 4, "stdin line 2: not valid JSON", "--lines")
        r = self.jobbert("embed", "-m", M, stdin='{"title": "a"}\n', check=None)
        self.assertOneLineError(r, 4, "line 1", 'no "text" field')
        r = self.jobbert("embed", "-m", M, stdin='42\n', check=None)
        self.assertOneLineError(r, 4, "line 1", "expected a JSON string")

    def test_csv_and_tsv_columns(self):
        csv = ('id,title,text\r\n1,"Software Engineer","a, b"\r\n2,"say ""hi""",x\r\n'
               '3,"multi\nline",y\r\n4,,z\r\n')
        with open(self.path("in.csv"), "w", encoding="utf-8", newline="") as f:
            f.write(csv)
        for args in (["-i", self.path("in.csv"), "--column", "title"],
                     ["--csv", "--column", "title", "-i", "-"]):
            with self.subTest(args=args):
                rows = jsonl(self.jobbert("tokenize", "-m", M, *args, stdin=csv if "-" in args else None).stdout)
                want = jsonl(self.jobbert("tokenize", "-m", M, "Software Engineer", 'say "hi"', "multi\nline", "").stdout)
                self.assertEqual(rows, want)
        # Default column: "text".
        rows = jsonl(self.jobbert("tokenize", "-m", M, "-i", self.path("in.csv")).stdout)
        self.assertEqual(rows, jsonl(self.jobbert("tokenize", "-m", M, "a, b", "x", "y", "z").stdout))
        tsv = "title\tother\nSoftware Engineer\t1\n\t2\n"
        v = vectors(self.jobbert("embed", "-m", M, "--tsv", "--column", "title", stdin=tsv).stdout)
        self.assertEqual(len(v), 2)
        self.assertVec(v[0], "Software Engineer")
        self.assertVec(v[1], "")
        # A one-column file: that column; an empty line is an empty text.
        v = vectors(self.jobbert("embed", "-m", M, "--csv", stdin="name\nManager\n\nnurse\n").stdout)
        self.assertEqual(len(v), 3)
        self.assertVec(v[1], "")
        r = self.jobbert("embed", "-m", M, "-i", self.path("in.csv"), "--column", "nope", check=None)
        self.assertOneLineError(r, 4, "no column 'nope'", "'id', 'title', 'text'")
        r = self.jobbert("embed", "-m", M, "--csv", stdin="text,b\n1,2,3\n", check=None)
        self.assertOneLineError(r, 4, "stdin line 2: expected 2 fields")

    def test_invalid_utf8_stops_and_writes_nothing(self):
        cases = [
            (["--lines"], b"ok\nfine\nbad \xff here\n", "stdin line 3: invalid UTF-8 at byte 4 of the line (byte 12 of the input)"),
            ([], b'"ok"\n"caf\xc3"\n', "stdin line 2: invalid UTF-8 at byte 4"),
            (["--csv"], b"text\nok\n\xe2\x82\n", "stdin line 3: invalid UTF-8 at byte 0"),
        ]
        for args, data, message in cases:
            for cmd in ("embed", "tokenize", "match"):
                with self.subTest(args=args, cmd=cmd):
                    out = self.path(f"out-{cmd}.jsonl")
                    extra = ["-t", self.taxonomy()] if cmd == "match" else []
                    r = self.jobbert(cmd, "-m", M, *args, *extra, "-o", out, stdin=data, check=None)
                    self.assertOneLineError(r, 4, message)
                    self.assertFalse(os.path.exists(out))
                    self.assertEqual(os.listdir(os.path.dirname(out)), [n for n in os.listdir(self.tmp)])
                    self.assertFalse(any(n.startswith("out-") for n in os.listdir(self.tmp)))
        r = self.jobbert("embed", "-m", M, "ok", b"x\xc0y".decode("utf-8", "surrogateescape"), check=None)
        self.assertOneLineError(r, 4, "argument 2: invalid UTF-8 at byte 1")

    def taxonomy(self):
        p = self.path("tax.csv")
        if not os.path.exists(p):
            with open(p, "w") as f:
                f.write("id,label\na,nurse\nb,cook\n")
        return p

    def test_invalid_utf8_marked_keeps_row_counts(self):
        data = b"Software Engineer\nbad \xff\n\nManager\n"
        out = self.jobbert("embed", "-m", M, "--lines", "--on-invalid", "mark", stdin=data).stdout
        rows = jsonl(out)
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[1], {"error": "stdin line 2: invalid UTF-8 at byte 4 of the line (byte 22 of the input)"})
        self.assertVec(np.array(rows[0]["embedding"], dtype=np.float32), "Software Engineer")
        self.assertVec(np.array(rows[3]["embedding"], dtype=np.float32), "Manager")
        # TSV: the error row is the same JSON object; npy: a NaN row.
        tsv = self.jobbert("embed", "-m", M, "--lines", "--on-invalid", "mark", "--format", "tsv", stdin=data).stdout
        lines = tsv.decode().split("\n")[:-1]
        self.assertEqual(len(lines), 4)
        self.assertEqual(json.loads(lines[1])["error"], rows[1]["error"])
        self.assertEqual(len(lines[0].split("\t")), 48)
        self.jobbert("embed", "-m", M, "--lines", "--on-invalid", "mark", "-o", self.path("e.npy"), stdin=data)
        a = np.load(self.path("e.npy"))
        self.assertEqual(a.shape, (4, 48))
        self.assertTrue(np.isnan(a[1]).all() and not np.isnan(a[[0, 2, 3]]).any())
        tok = jsonl(self.jobbert("tokenize", "-m", M, "--lines", "--on-invalid", "mark", stdin=data).stdout)
        self.assertEqual([("error" in r) for r in tok], [False, True, False, False])
        m = jsonl(self.jobbert("match", "-m", M, "-t", self.taxonomy(), "--lines", "--on-invalid", "mark",
                               "--format", "jsonl", "-q", stdin=data).stdout)
        self.assertEqual([("error" in r) for r in m], [False, True, False, False])
        self.assertEqual(m[3]["query"], "Manager")

    def test_positional_and_stdin(self):
        a = jsonl(self.jobbert("tokenize", "-m", M, "nurse", "Manager").stdout)
        b = jsonl(self.jobbert("tokenize", "-m", M, stdin='"nurse"\n"Manager"\n').stdout)
        c = jsonl(self.jobbert("tokenize", "-m", M, "-i", "-", stdin='"nurse"\n"Manager"').stdout)
        self.assertEqual(a, b)
        self.assertEqual(a, c)
        r = self.jobbert("tokenize", "-m", M, "-i", self.taxonomy(), "extra", check=None)
        self.assertOneLineError(r, 2, "not both")

    def test_usage_and_model_errors(self):
        self.assertOneLineError(self.jobbert("embed", "--no-such-flag", check=None), 2)
        self.assertOneLineError(self.jobbert("embed", "--format", "xml", "a", check=None), 2)
        self.assertOneLineError(self.jobbert(check=None), 2)
        self.assertOneLineError(self.jobbert("embed", "-m", self.path("nope"), "a", check=None), 3,
                                "no such model directory")
        self.assertOneLineError(self.jobbert("embed", "-m", M, "--route", "sideways", "a", check=None), 4,
                                "unknown route 'sideways'")
        self.assertOneLineError(self.jobbert("embed", "-m", M, "-i", self.path("missing.jsonl"), check=None), 4,
                                "cannot open")
        self.assertEqual(self.jobbert("embed", "--help").returncode, 0)

    def test_default_model_and_env(self):
        out = self.jobbert("info", "--format", "json").stdout
        info = json.loads(out)
        self.assertEqual(info["source"], "default")
        self.assertTrue(info["test_model"])
        self.assertTrue(info["path"].endswith(os.path.join("models", "default")))
        info = json.loads(self.jobbert("info", "--format", "json",
                                       env={"JOBBERT_MODEL": model_dir("tiny-router-bf16")}).stdout)
        self.assertEqual(info["source"], "JOBBERT_MODEL")
        self.assertEqual(info["router_type"], "Router")
        self.assertEqual(info["weights_dtype"], "BF16")
        r = self.jobbert("info", "-m", M)
        text = r.stdout.decode()
        for s in ["XLMRobertaModel", "anchor (48), positive (48)", "default route anchor", "max_seq_length   64",
                  "F32, 39 tensors"]:
            self.assertIn(s, text)
        self.assertIn("meaningless", r.stderr.decode())  # the toy-model note goes to stderr...
        self.assertNotIn("meaningless", text)
        self.assertEqual(self.jobbert("info", "-m", M, "-q").stderr, b"")  # ...and -q hushes it

    def test_precision_option(self):
        # bf16/int8 trade exactness for speed: near the fp32 vectors (cosine), never equal to them.
        titles = texts()[75:275]
        stdin = "".join(json.dumps(t) + "\n" for t in titles).encode()
        def emb(*extra):
            return np.array([r["embedding"] for r in jsonl(self.jobbert("embed", "-m", M, "-q", *extra,
                                                                        stdin=stdin, check=0).stdout)])
        fp32 = emb()
        np.testing.assert_array_equal(fp32, emb("--precision", "fp32"))
        for p, min_cos in [("bf16", 0.999), ("int8", 0.99)]:
            other = emb("--precision", p)
            cos = (fp32 * other).sum(1) / np.linalg.norm(fp32, axis=1) / np.linalg.norm(other, axis=1)
            self.assertGreater(cos.min(), min_cos, p)
            self.assertFalse(np.array_equal(fp32, other), p)
        self.assertOneLineError(self.jobbert("embed", "-m", M, "--precision", "fp16", "x", check=2), 2, "--precision")
        self.assertOneLineError(self.jobbert("match", "-m", M, "-k", "0", "x", check=2), 2, "--top-k", "not in range 1")

    def test_similarity(self):
        words = ["Software Engineer", "Manager", "MANAGER"]
        rows = jsonl(self.jobbert("similarity", "-m", M, "--format", "jsonl", *words).stdout)
        refs = np.stack([self.ref(w) for w in words])
        from cli_support import cosine
        want = cosine(refs, refs)
        got = np.array([r["scores"] for r in rows])
        self.assertEqual([r["text"] for r in rows], words)
        self.assertLessEqual(float(np.abs(got - want).max()), 1e-5)
        table = self.jobbert("similarity", "-m", M, *words).stdout.decode()
        self.assertIn("[1] Software Engineer", table)
        self.assertIn("1.0000", table)
        self.assertEqual(len(table.strip().split("\n")), 3 + 1 + 1 + 3)


if __name__ == "__main__":
    unittest.main()
