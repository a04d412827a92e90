"""`jobbert eval` and `jobbert train` through the CLI (ctest label `train`).

Runs the built executable (JOBBERT_BIN) on the fixture models: eval's JSON and table output,
per-language groups, the lexical baseline, usage/input errors with exit codes; train's data
errors with line numbers and its JSON summary (when the build has `jobbert train`).
"""
import json
import os
import subprocess
import tempfile
import unittest

BIN = os.environ.get("JOBBERT_BIN", "")
FIXTURES = os.environ.get("JOBBERT_FIXTURES", os.path.join(os.path.dirname(__file__), "..", "fixtures"))
TAXONOMY = "id\tpreferred_label\tlabel\no1\tnurse\tnurse\no1\tnurse\tregistered nurse\no2\tsoftware developer\tsoftware developer\n" \
           "o2\tsoftware developer\tprogrammer\no3\tchef\tchef\no3\tchef\tcook\n"


def run(args, check=0):
    p = subprocess.run([BIN] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, HOME="/tmp"))
    if check is not None and p.returncode != check:
        raise AssertionError(f"exit {p.returncode} (wanted {check}): {p.stderr.decode()}")
    return p


def has_train():
    return b"train" in run(["--help"]).stdout


class Eval(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        with open(os.path.join(self.dir, "tax.tsv"), "w") as f:
            f.write(TAXONOMY)
        with open(os.path.join(self.dir, "q.csv"), "w") as f:
            f.write("title,gold,language\nregistered nurse,o1,en\nenfermera,nurse,es\nline cook,o3,en\ndev,o2|o3,en\n")

    def tearDown(self):
        self.tmp.cleanup()

    def eval(self, *extra, check=0):
        return run(["eval", "-m", os.path.join(FIXTURES, "tiny-asym-f32"), "--taxonomy", os.path.join(self.dir, "tax.tsv"),
                    "--queries", os.path.join(self.dir, "q.csv"), "--no-cache", "-q", *extra], check=check)

    def test_json_with_languages_and_lexical_baseline(self):
        out = json.loads(self.eval("--format", "json", "--baseline", "lexical").stdout)
        self.assertEqual(out["queries"], 4)
        self.assertEqual(out["occupations"], 3)
        groups = [(r["system"], r["group"]) for r in out["results"]]
        self.assertEqual(groups, [("model", "all"), ("model", "en"), ("model", "es"),
                                  ("lexical", "all"), ("lexical", "en"), ("lexical", "es")])
        for r in out["results"]:
            self.assertTrue(0 < r["mrr"] <= 1 and 0 < r["map"] <= 1)
            self.assertEqual(sorted(r["recall"]), ["1", "10", "5"])
            self.assertEqual(r["recall"]["10"], 1.0)  # 3 occupations: everything is in the top 10
        lex_en = out["results"][4]
        self.assertEqual(lex_en["queries"], 3)
        self.assertEqual(lex_en["gold"], 4)

    def test_table(self):
        out = self.eval("--baseline", "lexical", "--k", "1,2").stdout.decode()
        self.assertIn("R@2", out)
        self.assertIn("lexical", out)

    def test_errors(self):
        with open(os.path.join(self.dir, "q.csv"), "a") as f:
            f.write("waiter,o9,en\n")
        p = self.eval(check=4)
        self.assertIn("q.csv line 6: gold 'o9' is not an occupation", p.stderr.decode())
        self.assertEqual(self.eval("--skip-unknown-gold", "--format", "json").returncode, 0)
        self.assertEqual(self.eval("--k", "0", check=2).returncode, 2)


@unittest.skipUnless(BIN and has_train(), "this build has no `jobbert train` (LibTorch)")
class Train(unittest.TestCase):
    def test_bad_data_and_summary(self):
        with tempfile.TemporaryDirectory() as d:
            data = os.path.join(d, "pairs.tsv")
            with open(data, "wb") as f:
                f.write(b"nurse\tpatient care\ncook\t\xff\n")
            p = run(["train", "--data", data, "--out", os.path.join(d, "out"), "--init",
                     os.path.join(FIXTURES, "tiny-asym-f32"), "-q"], check=4)
            self.assertIn("pairs.tsv line 2: invalid UTF-8 at byte 5", p.stderr.decode())
            with open(data, "w") as f:
                f.write("title\tskills\n" + "".join(f"title {i}\tskill {i}\tskill {i + 1}\n" for i in range(20)))
            out = json.loads(run(["train", "--data", data, "--out", os.path.join(d, "out"), "--init",
                                  os.path.join(FIXTURES, "tiny-router-bf16"), "--batch-size", "8", "--max-steps", "2",
                                  "--threads", "1", "--no-plot", "-q"]).stdout)
            self.assertEqual(out["steps"], 2)
            self.assertFalse(out["stopped"])
            self.assertTrue(os.path.exists(os.path.join(d, "out", "2_Asym", "router_config.json")))
            p = run(["train", "--data", data, "--out", os.path.join(d, "out2"), "--config", "hidden=7", "-q"], check=4)
            self.assertIn("hidden size 7 is not a positive multiple of heads 4", p.stderr.decode())


if __name__ == "__main__":
    unittest.main()
