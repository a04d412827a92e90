"""Every class of bad request gets a 4xx JSON error naming the field; none gets a 5xx."""
import json
import random
import socket
import unittest

from server_support import ServerTest, error_of


class Errors(ServerTest):
    server_args = ("--max-inputs", "8", "--max-input-chars", "50", "--max-body-bytes", "4096",
                   "--max-queue-texts", "64", "--max-top-k", "10", "--max-queue-ms", "0")

    def post(self, path, obj=None, raw=None):
        return self.server.post(path, obj, raw)

    def test_invalid_json(self):
        for raw in [b"{", b"{\"input\": [\"a\",]}", b"input=a", b"", b"{\"input\": \"a\"} trailing"]:
            with self.subTest(raw=raw):
                error_of(self, self.post("/v1/embeddings", raw=raw), 400, "invalid_json")

    def test_invalid_utf8_names_the_field(self):
        err = error_of(self, self.post("/v1/embeddings", raw=b'{"input": ["ok", "caf\xe9"]}'), 400, "invalid_utf8",
                       "input[1]")
        self.assertNotIn("\ufffd", err["message"])
        error_of(self, self.post("/embed", raw=b'{"inputs": "\xc0\x80"}'), 400, "invalid_utf8", "inputs")

    def test_unpaired_surrogates_name_the_field(self):
        error_of(self, self.post("/v1/embeddings", raw=b'{"input": ["ok", "a\\ud800b"]}'), 400,
                 "invalid_unicode_escape", "input[1]")
        error_of(self, self.post("/embed", raw=b'{"inputs": "\\udc00"}'), 400, "invalid_unicode_escape", "inputs")
        error_of(self, self.post("/similarity", raw=b'{"source": "a", "candidates": ["b", "\\ud83d"]}'), 400,
                 "invalid_unicode_escape", "candidates[1]")
        # A proper pair is fine.
        self.assertEqual(self.post("/embed", raw=b'{"inputs": "\\ud83d\\ude00"}')[0], 200)

    def test_wrong_types(self):
        cases = [("/v1/embeddings", {"input": 5}, "input"), ("/v1/embeddings", {"input": ["a", None]}, "input[1]"),
                 ("/v1/embeddings", {"input": "a", "normalize": "no"}, "normalize"),
                 ("/v1/embeddings", {"input": "a", "dimensions": "8"}, "dimensions"),
                 ("/v1/embeddings", {"input": "a", "model": 3}, "model"),
                 ("/v1/embeddings", {"input": [[0, 2], [0, 1.5, 2]]}, "input[1][1]"),
                 ("/embed", {"inputs": ["a"], "truncate": "yes"}, "truncate"),
                 ("/embed", {"inputs": {"text": "a"}}, "inputs"), ("/similarity", {"source": ["a"], "candidates": ["b"]}, "source"),
                 ("/similarity", {"source": "a", "candidates": "b"}, "candidates"),
                 ("/tokenize", {"inputs": [1]}, "inputs[0]"), ("/embed", {"inputs": "a", "route": 1}, "route")]
        for path, body, param in cases:
            with self.subTest(path=path, body=body):
                error_of(self, self.post(path, body), 422, "invalid_type", param)
        error_of(self, self.post("/embed", ["a"]), 422, "invalid_type")

    def test_missing_unknown_and_empty(self):
        error_of(self, self.post("/v1/embeddings", {"model": "m"}), 422, "missing_field", "input")
        error_of(self, self.post("/similarity", {"candidates": ["a"]}), 422, "missing_field", "source")
        error_of(self, self.post("/embed", {"inputs": "a", "normalise": False}), 422, "unknown_field", "normalise")
        error_of(self, self.post("/v1/embeddings", {"input": []}), 422, "empty_input", "input")
        error_of(self, self.post("/embed", {"inputs": []}), 422, "empty_input", "inputs")
        # OpenAI's endpoint ignores unknown fields, as OpenAI-compatible servers do.
        self.assertEqual(self.post("/v1/embeddings", {"input": "a", "extra": 1, "user": "u"})[0], 200)

    def test_unknown_route(self):
        error_of(self, self.post("/v1/embeddings", {"input": "a", "route": "skills"}), 422, "unknown_route", "route")
        error_of(self, self.post("/v1/embeddings", {"input": "a", "model": "jobbert-v3:skills"}), 422,
                 "unknown_route", "model")
        error_of(self, self.post("/v1/embeddings", {"input": "a", "model": "m:anchor", "route": "positive"}), 422,
                 "invalid_value", "route")
        error_of(self, self.post("/similarity", {"source": "a", "candidates": ["b"], "candidates_route": "x"}), 422,
                 "unknown_route", "candidates_route")
        error_of(self, self.post("/embed", {"inputs": "a", "route": "Anchor"}), 422, "unknown_route", "route")

    def test_values_out_of_range(self):
        error_of(self, self.post("/v1/embeddings", {"input": "a", "dimensions": 100000}), 422, "out_of_range",
                 "dimensions")
        error_of(self, self.post("/v1/embeddings", {"input": "a", "dimensions": 0}), 422, "out_of_range", "dimensions")
        error_of(self, self.post("/v1/embeddings", {"input": "a", "encoding_format": "hex"}), 422, "invalid_value",
                 "encoding_format")
        error_of(self, self.post("/v1/embeddings", {"input": [[0, 99999999, 2]]}), 422, "invalid_token", "input[0][1]")
        error_of(self, self.post("/v1/embeddings", {"input": [0, -1, 2]}), 422, "invalid_token", "input[1]")
        error_of(self, self.post("/embed", {"inputs": "a", "truncation_direction": "left"}), 422, "invalid_value",
                 "truncation_direction")

    def test_limits(self):
        error_of(self, self.post("/v1/embeddings", {"input": ["a"] * 9}), 413, "too_many_inputs", "input")
        error_of(self, self.post("/embed", {"inputs": ["a", "b", "x" * 51]}), 413, "input_too_long", "inputs[2]")
        error_of(self, self.post("/similarity", {"source": "é" * 51, "candidates": ["b"]}), 413, "input_too_long",
                 "source")
        self.assertEqual(self.post("/embed", {"inputs": "é" * 50})[0], 200)  # 50 characters, 100 bytes
        error_of(self, self.post("/v1/embeddings", raw=json.dumps({"input": "a" * 5000}).encode()), 413,
                 "body_too_large")
        self.assertEqual(self.post("/embed", {"inputs": "a"})[0], 200)  # the server is fine

    def test_chunked_body_over_the_limit(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"POST /embed HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b'{"inputs": "' + b"a" * 3000
            try:
                for _ in range(4):
                    s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                s.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the server may close early
            data = b""
            while True:
                try:
                    part = s.recv(65536)
                except OSError:
                    break
                if not part:
                    break
                data += part
        head, _, body = data.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 413"), data[:300])
        self.assertEqual(json.loads(body)["error"]["code"], "body_too_large")

    def test_unknown_paths_and_methods(self):
        status, _, body = self.server.request("GET", "/v2/nothing")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(body)["error"]["code"], "not_found")
        status, headers, body = self.server.request("GET", "/embed")
        self.assertEqual(status, 405)
        self.assertEqual(headers["Allow"], "POST")
        self.assertEqual(json.loads(body)["error"]["code"], "method_not_allowed")
        status, headers, _ = self.server.request("POST", "/health", b"{}")
        self.assertEqual((status, headers["Allow"]), (405, "GET"))
        error_of(self, self.post("/match", {"titles": "nurse"}), 404, "no_taxonomy")

    def test_random_garbage_never_gets_a_5xx(self):
        rng = random.Random(6)
        seeds = [b'{"input": ["nurse", "cook"], "dimensions": 8}', b'{"inputs": "a", "normalize": false}',
                 b'{"source": "a", "candidates": ["b"]}', b'{"titles": ["a"], "k": 3}', b'{"inputs": ["x"]}']
        paths = ["/v1/embeddings", "/embed", "/similarity", "/match", "/tokenize"]
        alphabet = b'{}[]",:\\u0d8e0123456789truefalsenull \xff\xc3\x80'
        for i in range(300):
            body = bytearray(rng.choice(seeds))
            for _ in range(rng.randint(1, 4)):
                pos = rng.randrange(len(body) + 1)
                op = rng.random()
                if op < 0.4:
                    body[pos:pos] = bytes([rng.choice(alphabet)])
                elif op < 0.7 and body:
                    del body[min(pos, len(body) - 1)]
                else:
                    body[pos:pos] = rng.choice([b"\\ud800", b"1e999", b"-1", b"[[[", b'"route":"zz",', b"\x00"])
            status, _, reply = self.post(rng.choice(paths), raw=bytes(body))
            self.assertLess(status, 500, (bytes(body), reply))
            if status >= 400:
                self.assertIn("error", reply, (bytes(body), reply))
        self.assertEqual(self.server.get("/health")[0], 200)


if __name__ == "__main__":
    unittest.main()
