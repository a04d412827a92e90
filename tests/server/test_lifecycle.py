"""Life cycle of `jobbert serve`: 503 while loading, 429 under a full queue, graceful SIGTERM with
a request in flight, load failures and busy ports."""
import json
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

import numpy as np

from server_support import BIN, Server, error_of, library_vectors, model_dir, texts

TEXTS = texts()


def post_in_thread(server, path, body, out):
    def run():
        out.append(server.post(path, body))
    t = threading.Thread(target=run)
    t.start()
    return t


class Lifecycle(unittest.TestCase):
    def test_health_is_503_while_loading(self):
        srv = Server("--debug-load-delay-ms", "1500", wait_ready=False)
        try:
            status, headers, body = srv.get("/health")
            self.assertEqual(status, 503)
            self.assertEqual(json.loads(body)["status"], "loading")
            self.assertIn("Retry-After", headers)
            err = error_of(self, srv.post("/embed", {"inputs": "nurse"}), 503, "loading")
            self.assertEqual(err["type"], "unavailable_error")
            status, _, body = srv.get("/info")
            self.assertEqual((status, json.loads(body)["model"]), (200, None))
            srv.wait_ready()
            self.assertEqual(srv.post("/embed", {"inputs": "nurse"})[0], 200)
        finally:
            self.assertEqual(srv.stop(), 0)

    def test_full_queue_gets_429_with_retry_after(self):
        srv = Server("--max-queue-texts", "4", "--max-inputs", "4", "--debug-batch-delay-ms", "1200",
                     "--max-wait-ms", "0")
        try:
            results = []
            a = post_in_thread(srv, "/embed", {"inputs": TEXTS[10:14]}, results)  # taken by the encoder
            time.sleep(0.3)
            b = post_in_thread(srv, "/embed", {"inputs": TEXTS[20:24]}, results)  # waits: the queue is full
            time.sleep(0.3)
            t0 = time.time()
            reply = srv.post("/embed", {"inputs": ["one more"]})
            self.assertLess(time.time() - t0, 0.5)  # refused at once, not queued
            error_of(self, reply, 429, "queue_full")
            self.assertGreaterEqual(int(reply[1]["Retry-After"]), 1)
            self.assertEqual(reply[2]["error"]["type"], "rate_limit_error")
            a.join()
            b.join()
            self.assertEqual(sorted(r[0] for r in results), [200, 200])
            metrics = srv.get("/metrics")[2].decode()
            self.assertIn('jobbert_http_errors_total{code="429",error="queue_full"} 1', metrics)
            self.assertEqual(srv.post("/embed", {"inputs": ["now there is room"]})[0], 200)
        finally:
            self.assertEqual(srv.stop(), 0)

    def test_sigterm_finishes_the_request_in_flight(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            with self.subTest(signal=sig):
                srv = Server("--debug-batch-delay-ms", "1500")
                results = []
                t = post_in_thread(srv, "/v1/embeddings", {"input": TEXTS[30:40], "normalize": False}, results)
                time.sleep(0.4)
                srv.proc.send_signal(sig)
                t.join()
                t0 = time.time()
                self.assertEqual(srv.stop(timeout=30, signalled=True), 0, "".join(srv.log))
                self.assertLess(time.time() - t0, 5)
                status, _, body = results[0]
                self.assertEqual(status, 200, body)
                got = np.asarray([d["embedding"] for d in body["data"]], dtype=np.float32)
                np.testing.assert_array_equal(got, library_vectors(TEXTS[30:40], "anchor", False))
                with self.assertRaises(OSError):
                    socket.create_connection(("127.0.0.1", srv.port), timeout=2).close()
                self.assertTrue(any("finishing in-flight requests" in line for line in srv.log), srv.log)

    def test_model_that_fails_to_load_exits_3(self):
        with tempfile.TemporaryDirectory() as d:
            r = subprocess.run([BIN, "serve", "-m", d, "--port", "0", "--taxonomy", "none"], capture_output=True,
                               timeout=60)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(b"jobbert: error: cannot load the model", r.stderr)

    def test_port_in_use_exits_1(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
            port = s.getsockname()[1]
            r = subprocess.run([BIN, "serve", "-m", model_dir(), "--port", str(port), "--taxonomy", "none"],
                               capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(b"cannot listen on 127.0.0.1:%d" % port, r.stderr)

    def test_second_server_on_the_same_port_exits_1(self):
        srv = Server()
        try:
            r = subprocess.run([BIN, "serve", "-m", model_dir(), "--port", str(srv.port), "--taxonomy", "none"],
                               capture_output=True, timeout=60)
            self.assertEqual(r.returncode, 1, r.stderr)
        finally:
            self.assertEqual(srv.stop(), 0)

    def test_bad_flags_exit_2(self):
        r = subprocess.run([BIN, "serve", "--max-inputs", "100", "--max-queue-texts", "10"], capture_output=True,
                           timeout=60)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(b"--max-queue-texts", r.stderr)


if __name__ == "__main__":
    unittest.main()
