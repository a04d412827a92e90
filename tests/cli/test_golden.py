"""Golden tests through the CLI: `tokenize` and `embed` on the five fixture models reproduce the
reference (Hugging Face tokenizers; float64 XLM-R port) within 1e-5."""
import os
import unittest

import numpy as np

from cli_support import CliTest, MODELS, FIXTURES, golden, jsonl, model_dir, write_jsonl


class Golden(CliTest):
    def test_tokenize_equals_hf_tokenizers(self):
        texts = os.path.join(FIXTURES, "texts.jsonl")
        for name in MODELS:
            with self.subTest(model=name):
                rows = jsonl(self.jobbert("tokenize", "-m", model_dir(name), "-i", texts).stdout)
                want = jsonl(golden(name, "tokens.jsonl"))
                self.assertEqual(len(rows), len(want))
                for i, (r, w) in enumerate(zip(rows, want)):
                    self.assertEqual(r["ids"], w["ids"], f"row {i}: {w['text']!r}")
                    self.assertEqual(r["tokens"], w["tokens"], f"row {i}: {w['text']!r}")

    def test_tokenize_model_input_equals_model_ids(self):
        texts = os.path.join(FIXTURES, "texts.jsonl")
        for name in ["tiny-asym-f32", "tiny-nfkc-roberta"]:  # the second lowercases
            with self.subTest(model=name):
                out = self.path(name + ".jsonl")
                self.jobbert("tokenize", "-m", model_dir(name), "--model-input", "-i", texts, "-o", out)
                self.assertEqual([r["ids"] for r in jsonl(out)], jsonl(golden(name, "model_ids.jsonl")))

    def test_embed_every_route_within_1e5(self):
        texts = os.path.join(FIXTURES, "texts.jsonl")
        for name in MODELS:
            for route, ref, fmt in [("anchor", "anchor.npy", "jsonl"), ("positive", "positive.npy", "npy"),
                                    ("none", "pooled.npy", "tsv")]:
                with self.subTest(model=name, route=route, format=fmt):
                    out = self.path(f"{name}-{route}.{fmt}")
                    self.jobbert("embed", "-m", model_dir(name), "--route", route, "-i", texts, "-o", out,
                                 "--format", fmt)
                    if fmt == "jsonl":
                        got = np.array([r["embedding"] for r in jsonl(out)], dtype=np.float32)
                    elif fmt == "npy":
                        got = np.load(out)
                        self.assertEqual(got.dtype, np.float32)
                    else:
                        got = np.loadtxt(out, delimiter="\t", dtype=np.float32, ndmin=2)
                    want = np.load(golden(name, ref))
                    self.assertEqual(got.shape, want.shape)
                    self.assertLessEqual(float(np.abs(got - want).max()), 1e-5)

    def test_embed_from_ids_and_round_trip_exact_floats(self):
        name = "tiny-router-bf16"
        ids = golden(name, "model_ids.jsonl")
        self.jobbert("embed", "-m", model_dir(name), "--ids", "-i", ids, "-o", self.path("a.npy"))
        self.jobbert("embed", "-m", model_dir(name), "--ids", "-i", ids, "-o", self.path("a.jsonl"))
        npy = np.load(self.path("a.npy"))
        self.assertLessEqual(float(np.abs(npy - np.load(golden(name, "anchor.npy"))).max()), 1e-5)
        # JSONL floats are the shortest decimals that read back as the same float32.
        back = np.array([r["embedding"] for r in jsonl(self.path("a.jsonl"))], dtype=np.float32)
        self.assertTrue(np.array_equal(back, npy))
        # Objects with an "ids" field work too.
        write_jsonl(self.path("o.jsonl"), [{"ids": r} for r in jsonl(ids)[:5]])
        out = jsonl(self.jobbert("embed", "-m", model_dir(name), "--ids", "-i", self.path("o.jsonl")).stdout)
        self.assertTrue(np.array_equal(np.array([r["embedding"] for r in out], dtype=np.float32), npy[:5]))

    def test_normalize(self):
        name = "tiny-asym-f32"
        out = self.jobbert("embed", "-m", model_dir(name), "--normalize", "nurse", "cook", "").stdout
        v = np.array([r["embedding"] for r in jsonl(out)], dtype=np.float64)
        self.assertTrue(np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-6))


if __name__ == "__main__":
    unittest.main()
