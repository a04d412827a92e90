"""Every endpoint of `jobbert serve` against the goldens (float64 reference, within 1e-5) and the
library (`jobbert embed` / `jobbert match` with the same options: bitwise equal)."""
import base64
import csv
import json
import os
import tempfile
import threading
import unittest

import numpy as np

from server_support import (MODEL, Server, ServerTest, golden, jsonl, library_vectors, model_dir, run_cli, texts,
                            unit)

TEXTS = texts()
LIMITS = ("--max-inputs", "4096", "--max-queue-texts", "8192", "--max-queue-ms", "0", "--max-input-chars", "100000",
          "--max-body-bytes", "16000000")


def floats(rows):
    return np.asarray(rows, dtype=np.float32)


class Embeddings(ServerTest):
    server_args = LIMITS

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.golden = {r: np.load(golden(MODEL, f"{f}.npy")) for r, f in
                      [("anchor", "anchor"), ("positive", "positive"), ("none", "pooled")]}
        cls.lib = {(r, n): library_vectors(TEXTS, r, n) for r, n in
                   [("anchor", True), ("anchor", False), ("positive", True), ("positive", False), ("none", False)]}
        cls.ids = jsonl(golden(MODEL, "model_ids.jsonl"))

    def openai(self, **req):
        status, _, body = self.server.post("/v1/embeddings", req)
        self.assertEqual(status, 200, body)
        self.assertEqual(body["object"], "list")
        self.assertEqual([d["index"] for d in body["data"]], list(range(len(body["data"]))))
        return body

    def test_default_route_unit_vectors_equal_library(self):
        body = self.openai(input=TEXTS, model="jobbert-v3")
        got = floats([d["embedding"] for d in body["data"]])
        np.testing.assert_array_equal(got, self.lib[("anchor", True)])
        np.testing.assert_allclose(got, unit(self.golden["anchor"]), atol=1e-5, rtol=0)
        self.assertEqual(body["model"], "jobbert-v3")
        self.assertEqual(body["usage"]["prompt_tokens"], sum(len(i) for i in self.ids))
        self.assertEqual(body["usage"]["total_tokens"], body["usage"]["prompt_tokens"])

    def test_routes_and_raw_vectors(self):
        for req, route, n in [({"route": "positive"}, "positive", len(TEXTS)), ({"route": "none"}, "none", len(TEXTS)),
                              ({"model": "jobbert-v3:positive"}, "positive", 500),
                              ({"model": "x:anchor", "route": "anchor"}, "anchor", 500)]:
            with self.subTest(req=req):
                body = self.openai(input=TEXTS[:n], normalize=False, **req)
                got = floats([d["embedding"] for d in body["data"]])
                np.testing.assert_array_equal(got, self.lib[(route, False)][:n])
                np.testing.assert_allclose(got, self.golden[route][:n], atol=1e-5, rtol=0)

    def test_base64_is_little_endian_float32(self):
        body = self.openai(input=TEXTS[:300], encoding_format="base64", route="positive")
        got = np.stack([np.frombuffer(base64.b64decode(d["embedding"]), dtype="<f4") for d in body["data"]])
        np.testing.assert_array_equal(got, self.lib[("positive", True)][:300])

    def test_dimensions_truncate_then_renormalise(self):
        raw = self.lib[("anchor", False)][:200, :16]
        body = self.openai(input=TEXTS[:200], dimensions=16)
        got = floats([d["embedding"] for d in body["data"]])
        self.assertEqual(got.shape, (200, 16))
        np.testing.assert_allclose(got, unit(raw), atol=1e-6, rtol=0)
        np.testing.assert_allclose(np.linalg.norm(got[np.linalg.norm(raw, axis=1) > 0], axis=1), 1, atol=1e-6)
        body = self.openai(input=TEXTS[:200], dimensions=16, normalize=False)
        np.testing.assert_array_equal(floats([d["embedding"] for d in body["data"]]), raw)

    def test_single_string_and_token_arrays(self):
        body = self.openai(input=TEXTS[3])
        self.assertEqual(len(body["data"]), 1)
        np.testing.assert_array_equal(floats(body["data"][0]["embedding"]), self.lib[("anchor", True)][3])
        body = self.openai(input=self.ids[:50])
        np.testing.assert_array_equal(floats([d["embedding"] for d in body["data"]]), self.lib[("anchor", True)][:50])
        self.assertEqual(body["usage"]["prompt_tokens"], sum(len(i) for i in self.ids[:50]))
        body = self.openai(input=self.ids[7])  # one sequence as [int]
        np.testing.assert_array_equal(floats(body["data"][0]["embedding"]), self.lib[("anchor", True)][7])

    def test_tei_embed(self):
        status, _, body = self.server.post("/embed", {"inputs": TEXTS})
        self.assertEqual(status, 200)
        np.testing.assert_array_equal(floats(body), self.lib[("anchor", True)])
        status, _, body = self.server.post("/embed", {"inputs": TEXTS[5], "normalize": False, "route": "none"})
        self.assertEqual(status, 200)
        self.assertEqual(len(body), 1)
        np.testing.assert_array_equal(floats(body[0]), self.lib[("none", False)][5])
        status, _, body = self.server.post("/embed", {"inputs": TEXTS[:300], "route": "positive"})
        self.assertEqual(status, 200)
        np.testing.assert_array_equal(floats(body), self.lib[("positive", True)][:300])

    def test_truncation(self):
        long = "senior software engineer " * 40  # > 64 tokens: truncated as the reference does
        status, _, body = self.server.post("/embed", {"inputs": ["nurse", long]})
        self.assertEqual(status, 200)
        want = library_vectors(["nurse", long], "anchor", True)
        np.testing.assert_array_equal(floats(body), want)
        status, _, body = self.server.post("/embed", {"inputs": ["nurse", long], "truncate": False})
        self.assertEqual(status, 413, body)
        self.assertEqual(body["error"]["param"], "inputs[1]")
        self.assertEqual(body["error"]["code"], "input_too_long")
        ok = next(t for t, i in zip(TEXTS, self.ids) if len(i) == 20)
        status, _, body = self.server.post("/embed", {"inputs": [ok], "truncate": False})
        self.assertEqual(status, 200)

    def test_similarity(self):
        src, cands = TEXTS[100], TEXTS[101:181]
        status, _, body = self.server.post("/similarity", {"source": src, "candidates": cands})
        self.assertEqual(status, 200, body)
        want = (unit(self.golden["anchor"][100:101]) @ unit(self.golden["anchor"][101:181]).T)[0]
        np.testing.assert_allclose(body["scores"], want, atol=1e-5)
        lib = (unit(self.lib[("anchor", False)][100:101]) @ unit(self.lib[("anchor", False)][101:181]).T)[0]
        np.testing.assert_allclose(body["scores"], lib, atol=1e-6)
        self.assertEqual(body["usage"]["prompt_tokens"], sum(len(i) for i in self.ids[100:181]))
        status, _, body = self.server.post("/similarity", {"source": src, "candidates": cands,
                                                           "source_route": "anchor", "candidates_route": "positive"})
        self.assertEqual(status, 200, body)
        want = (unit(self.golden["anchor"][100:101]) @ unit(self.golden["positive"][101:181]).T)[0]
        np.testing.assert_allclose(body["scores"], want, atol=1e-5)

    def test_tokenize(self):
        status, _, body = self.server.post("/tokenize", {"inputs": TEXTS})
        self.assertEqual(status, 200)
        self.assertEqual([d["ids"] for d in body["data"]], self.ids)
        status, _, body = self.server.post("/tokenize", {"inputs": TEXTS, "model_input": False})
        want = jsonl(golden(MODEL, "tokens.jsonl"))
        self.assertEqual([d["ids"] for d in body["data"]], [w["ids"] for w in want])
        self.assertEqual([d["tokens"] for d in body["data"]], [w["tokens"] for w in want])
        long = "engineer " * 100
        _, _, body = self.server.post("/tokenize", {"inputs": long, "truncate": False})
        self.assertGreater(len(body["data"][0]["ids"]), 64)

    def test_concurrent_clients_are_batched_together_and_get_their_own_rows(self):
        errors = []

        def client(c):
            try:
                for r in range(6):
                    lo = (c * 97 + r * 31) % 2500
                    n = 1 + (c + r) % 32
                    route = ("anchor", "positive", "none")[(c + r) % 3]
                    status, _, body = self.server.post("/v1/embeddings", {"input": TEXTS[lo:lo + n], "route": route,
                                                                          "normalize": False})
                    got = floats([d["embedding"] for d in body["data"]])
                    if status != 200 or not np.array_equal(got, self.lib[(route, False)][lo:lo + n]):
                        errors.append((c, r, status))
            except Exception as e:  # noqa: BLE001 (reported below)
                errors.append((c, repr(e)))

        threads = [threading.Thread(target=client, args=(c,)) for c in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])

    def test_info_health_metrics(self):
        status, _, body = self.server.get("/health")
        self.assertEqual((status, json.loads(body)["status"]), (200, "ok"))
        status, _, body = self.server.get("/info")
        info = json.loads(body)
        self.assertEqual(status, 200)
        self.assertEqual(info["model"]["max_seq_length"], 64)
        self.assertEqual({r["name"]: r["dim"] for r in info["model"]["routes"]},
                         {r: self.golden[r].shape[1] for r in ("anchor", "positive", "none")})
        self.assertEqual([r["name"] for r in info["model"]["routes"]], ["anchor", "positive", "none"])
        self.assertEqual(info["model"]["default_route"], "anchor")
        self.assertEqual(info["limits"]["max_inputs"], 4096)
        self.server.post("/embed", {"inputs": ["a", "b"]})
        self.server.post("/embed", {"inputs": 1})
        status, headers, body = self.server.get("/metrics")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/plain"))
        text = body.decode()
        for name in ["jobbert_http_requests_total{endpoint=\"/embed\",code=\"200\"}",
                     "jobbert_http_requests_total{endpoint=\"/embed\",code=\"422\"}",
                     "jobbert_http_errors_total{code=\"422\",error=\"invalid_type\"}",
                     "jobbert_http_request_duration_seconds_bucket{endpoint=\"/embed\",le=\"+Inf\"}",
                     "jobbert_queue_texts ", "jobbert_queue_limit_texts 8192", "jobbert_batch_texts_bucket",
                     "jobbert_batch_tokens_count", "jobbert_encoded_tokens_total", "jobbert_queue_wait_seconds_sum",
                     "jobbert_input_tokens_total{endpoint=\"/embed\"}", "jobbert_model_loaded 1"]:
            self.assertIn(name, text)
        for line in text.splitlines():  # Prometheus text: comments or `name{labels} value`
            self.assertRegex(line, r'^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? [0-9.e+\-Inf]+)$')


class Match(unittest.TestCase):
    """POST /match returns what `jobbert match` prints, on a taxonomy made of golden texts."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        rows, occ, i = [], 0, 75
        while occ < 40:
            labels = []
            while len(labels) < 1 + occ % 3:
                t = TEXTS[i]
                i += 1
                if t == t.strip() and t not in labels:
                    labels.append(t)
            rows += [(f"http://example.org/occupation/{occ}", labels[0], lab) for lab in labels]
            occ += 1
        cls.taxonomy = os.path.join(cls.tmp.name, "tax.csv")
        with open(cls.taxonomy, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "preferred_label", "label"])
            w.writerows(rows)
        cls.queries = [t for t in TEXTS[1075:1200] if t == t.strip()][:25]
        cls.server = Server("--taxonomy", cls.taxonomy)

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0
        cls.tmp.cleanup()

    def test_same_result_as_cli(self):
        for k in (1, 5, 40):
            with self.subTest(k=k):
                status, _, body = self.server.post("/match", {"titles": self.queries, "k": k})
                self.assertEqual(status, 200, body)
                cli = [json.loads(line) for line in run_cli(
                    "match", "-m", model_dir(), "-q", "-t", self.taxonomy, "--no-cache", "-k", str(k), "--format",
                    "jsonl", *self.queries).decode().splitlines()]
                self.assertEqual(len(body["results"]), len(cli))
                for got, want in zip(body["results"], cli):
                    self.assertEqual(got["query"], want["query"])
                    self.assertEqual(got["matches"], want["matches"])

    def test_info_names_the_taxonomy(self):
        info = json.loads(self.server.get("/info")[2])
        self.assertEqual(info["taxonomy"]["occupations"], 40)
        self.assertEqual(info["taxonomy"]["label_route"], "anchor")


class LowercasingModel(unittest.TestCase):
    """A model with do_lower_case: /tokenize and /embed apply the reference's input handling."""

    def test_model_ids_and_vectors(self):
        name = "tiny-nfkc-roberta"
        srv = Server(*LIMITS, model=model_dir(name))
        try:
            status, _, body = srv.post("/tokenize", {"inputs": TEXTS})
            self.assertEqual(status, 200)
            self.assertEqual([d["ids"] for d in body["data"]], jsonl(golden(name, "model_ids.jsonl")))
            status, _, body = srv.post("/embed", {"inputs": TEXTS, "normalize": False, "route": "positive"})
            np.testing.assert_allclose(floats(body), np.load(golden(name, "positive.npy")), atol=1e-5, rtol=0)
        finally:
            self.assertEqual(srv.stop(), 0)


if __name__ == "__main__":
    unittest.main()
