"""Helpers for the `jobbert serve` tests: start the built server on a free loopback port, talk to
it with urllib / raw sockets, and compare with the goldens and the library (the `jobbert` CLI).

Run by ctest (label `server`) with JOBBERT_BIN and JOBBERT_FIXTURES set; needs /usr/bin/python3
with numpy.
"""
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

import numpy as np

BIN = os.environ.get("JOBBERT_BIN", "")
FIXTURES = os.environ.get("JOBBERT_FIXTURES", os.path.join(os.path.dirname(__file__), "..", "fixtures"))
MODEL = "tiny-asym-f32"
# libgomp's busy-waiting makes forward passes many times slower on a machine whose cores are
# shared (CI, other builds); results do not depend on it.
ENV = dict(os.environ, OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "passive"))


def model_dir(name=MODEL):
    return os.path.join(FIXTURES, name)


def golden(name, file):
    return os.path.join(FIXTURES, "golden", name, file)


def texts():
    with open(os.path.join(FIXTURES, "texts.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def unit(m):
    """Rows scaled to unit L2 norm (float64)."""
    m = np.asarray(m, dtype=np.float64)
    return m / np.maximum(np.linalg.norm(m, axis=-1, keepdims=True), 1e-12)


class Server:
    """A `jobbert serve` process on 127.0.0.1:<free port>. stderr is collected in self.log."""

    def __init__(self, *args, model=None, wait_ready=True, env=None):
        if not BIN or not os.path.exists(BIN):
            raise AssertionError("JOBBERT_BIN is not set to the built jobbert executable")
        self.cache = tempfile.mkdtemp(prefix="jobbert-serve-test-")
        cmd = [BIN, "serve", "-m", model or model_dir(), "--port", "0", "--cache-dir", self.cache] + list(args)
        if "--taxonomy" not in args:
            cmd += ["--taxonomy", "none"]
        full_env = dict(ENV, **(env or {}))
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=full_env)
        self.log = []
        self.port = None
        deadline = time.time() + 60
        while self.port is None:
            line = self.proc.stderr.readline().decode("utf-8", "replace")
            if not line:
                raise AssertionError("jobbert serve exited: " + "".join(self.log))
            self.log.append(line)
            m = re.search(r"listening on http://[^:]+:(\d+)", line)
            if m:
                self.port = int(m.group(1))
            if time.time() > deadline:
                raise AssertionError("no 'listening on' line: " + "".join(self.log))
        self._drain = threading.Thread(target=self._read_log, daemon=True)
        self._drain.start()
        if wait_ready:
            self.wait_ready()

    def _read_log(self):
        for line in self.proc.stderr:
            self.log.append(line.decode("utf-8", "replace"))

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_ready(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            status, _, _ = self.get("/health")
            if status == 200:
                return
            time.sleep(0.05)
        raise AssertionError("not ready: " + "".join(self.log))

    def request(self, method, path, body=None, headers=None, timeout=60):
        """Returns (status, headers dict, body bytes)."""
        req = urllib.request.Request(self.url(path), data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, obj=None, raw=None, **kw):
        """POSTs obj as JSON (or raw bytes). Returns (status, headers, parsed JSON body or text)."""
        body = raw if raw is not None else json.dumps(obj).encode("utf-8")
        status, headers, data = self.request("POST", path, body, {"Content-Type": "application/json"}, **kw)
        try:
            return status, headers, json.loads(data)
        except ValueError:
            return status, headers, data.decode("utf-8", "replace")

    def stop(self, sig=signal.SIGTERM, timeout=30, signalled=False):
        """Sends `sig` (unless `signalled`: already sent) and returns the exit code."""
        if not signalled and self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self._drain.join(timeout=5)
            self.proc.stderr.close()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def run_cli(*args, stdin=None):
    """Runs the jobbert CLI; returns stdout bytes (asserts exit code 0)."""
    r = subprocess.run([BIN] + list(args), input=stdin, capture_output=True, timeout=300, env=ENV)
    if r.returncode != 0:
        raise AssertionError(f"jobbert {' '.join(args)}: exit {r.returncode}: {r.stderr.decode()[:2000]}")
    return r.stdout


def library_vectors(texts_list, route, normalize, model=None):
    """The library's output for the same options: `jobbert embed` as float32 [n, dim]."""
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "in.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            for t in texts_list:
                f.write(json.dumps(t, ensure_ascii=False) + "\n")
        out = os.path.join(d, "out.npy")
        run_cli("embed", "-m", model or model_dir(), "-q", "--route", route, "-i", src, "-o", out,
                *(["--normalize"] if normalize else []))
        return np.load(out)


def error_of(test, reply, status, code=None, param=None):
    """Asserts an error reply: status, JSON body {"error": {message, type, code, param}}."""
    got, headers, body = reply
    test.assertEqual(got, status, body)
    test.assertIsInstance(body, dict, body)
    err = body["error"]
    test.assertTrue(err["message"], body)
    if code is not None:
        test.assertEqual(err["code"], code, body)
    if param is not None:
        test.assertEqual(err["param"], param, body)
        test.assertIn(param, err["message"], body)
    return err


class ServerTest(unittest.TestCase):
    """One server (the tiny fixture model) shared by the tests of a class; extra args per class."""
    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = Server(*cls.server_args)

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        if code != 0:
            raise AssertionError(f"server exit code {code}: " + "".join(cls.server.log[-20:]))
