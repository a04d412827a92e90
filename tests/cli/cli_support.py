"""Helpers for the `jobbert` CLI tests: where things are, running the binary, reading outputs.

The tests run under ctest (label `cli`) with JOBBERT_BIN (the built executable) and
JOBBERT_FIXTURES (tests/fixtures) in the environment; they need /usr/bin/python3 with numpy.
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import numpy as np

BIN = os.environ.get("JOBBERT_BIN", "")
FIXTURES = os.environ.get("JOBBERT_FIXTURES", os.path.join(os.path.dirname(__file__), "..", "fixtures"))
MODELS = ["tiny-asym-f32", "tiny-router-bf16", "tiny-legacy-f16", "tiny-nfkc-roberta", "tiny-bytefallback"]


def model_dir(name):
    return os.path.join(FIXTURES, name)


def golden(name, file):
    return os.path.join(FIXTURES, "golden", name, file)


def texts():
    """The 2,875 golden texts (tests/fixtures/texts.jsonl)."""
    with open(os.path.join(FIXTURES, "texts.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def run(args, stdin=None, env=None, check=None):
    """Runs jobbert with args (bytes or str stdin). Returns CompletedProcess with bytes out/err.
    check=0 asserts a zero exit code; check=N asserts exit code N."""
    full_env = dict(os.environ)
    full_env.pop("JOBBERT_MODEL", None)
    if env:
        full_env.update(env)
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    r = subprocess.run([BIN] + list(args), input=stdin if stdin is not None else b"", capture_output=True,
                       env=full_env, timeout=300)
    if check is not None and r.returncode != check:
        raise AssertionError(f"jobbert {' '.join(args)}: exit {r.returncode}, expected {check}\n"
                             f"stderr: {r.stderr.decode(errors='replace')[:2000]}")
    return r


def jsonl(data):
    """Parses JSONL bytes or a file path into a list of objects."""
    if isinstance(data, str):
        with open(data, "rb") as f:
            data = f.read()
    return [json.loads(line) for line in data.decode("utf-8").split("\n") if line]


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def cosine(a, b):
    """sentence_transformers.util.cos_sim in float64: [n, m]."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return a @ b.T


class CliTest(unittest.TestCase):
    """A test case with a scratch directory (self.tmp) and its own cache directory."""

    def setUp(self):
        if not BIN or not os.path.exists(BIN):
            self.fail("JOBBERT_BIN is not set to the built jobbert executable")
        self.tmp = tempfile.mkdtemp(prefix="jobbert-cli-test-")
        self.env = {"XDG_CACHE_HOME": os.path.join(self.tmp, "cache")}

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def jobbert(self, *args, stdin=None, env=None, check=0):
        e = dict(self.env)
        if env:
            e.update(env)
        return run(args, stdin=stdin, env=e, check=check)

    def assertOneLineError(self, r, code, *fragments):
        """Exit code `code`, nothing on stdout, stderr one line 'jobbert: error: ...' with fragments."""
        err = r.stderr.decode("utf-8", errors="replace")
        self.assertEqual(r.returncode, code, err)
        self.assertEqual(r.stdout, b"")
        lines = [l for l in err.split("\n") if l and not l.startswith("note: ")]
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("jobbert: error: "), err)
        for f in fragments:
            self.assertIn(f, lines[0])
