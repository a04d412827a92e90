"""`jobbert pull` against a local hub (fake_hub.py): file selection, verification, resumed and
retried downloads, a sha256 mismatch, missing repositories, and the default directory."""
import os
import unittest

from cli_support import CliTest, jsonl, model_dir
from fake_hub import COMMIT, FakeHub

REPO = "TechWolf/JobBERT-tiny"
DECOYS = {"pytorch_model.bin": os.urandom(3000), "onnx/model.onnx": b"onnx" * 100,
          "openvino/openvino_model.xml": b"<xml/>", "README.md": b"# model card\n",
          "2_Asym/1000007_Dense/pytorch_model.bin": b"torch" * 50}


class Pull(CliTest):
    def hub(self, name="tiny-asym-f32"):
        return FakeHub(model_dir(name), REPO, extra_files=DECOYS)

    def pull(self, hub, *args, check=0):
        return self.jobbert("pull", REPO, *args, env={"HF_ENDPOINT": hub.url + "/"}, check=check)

    def assertSameFiles(self, hub, dest):
        for path, data in hub.files.items():
            if path in DECOYS:
                self.assertFalse(os.path.exists(os.path.join(dest, path)), path)
                self.assertEqual(hub.requested(path), [], path)
                continue
            with open(os.path.join(dest, path), "rb") as f:
                self.assertEqual(f.read(), data, path)
        leftovers = [n for _, _, names in os.walk(dest) for n in names if n.endswith(".incomplete")]
        self.assertEqual(leftovers, [])

    def test_pull_selects_verifies_and_loads(self):
        for name in ("tiny-asym-f32", "tiny-router-bf16"):
            with self.subTest(model=name), self.hub(name) as hub:
                dest = self.path(name)
                r = self.pull(hub, "--dir", dest)
                self.assertIn(b"pulled " + REPO.encode(), r.stdout)
                self.assertSameFiles(hub, dest)
                # Downloads use the commit the revision resolved to; LFS files came through the redirect.
                self.assertTrue(hub.requested("/" + REPO + "/resolve/" + COMMIT + "/model.safetensors"))
                self.assertTrue(any(p.startswith("/cdn/") for p, _ in hub.requests))
                self.assertGreater(len([p for p, _ in hub.requests if "/tree/" in p]), 1)  # paginated
                a = self.jobbert("embed", "-m", dest, "Software Engineer").stdout
                b = self.jobbert("embed", "-m", model_dir(name), "Software Engineer").stdout
                self.assertEqual(a, b)
                # A second pull finds everything in place and downloads nothing.
                before = len(hub.requests)
                r = self.pull(hub, "--dir", dest)
                self.assertIn(b", 0 B downloaded", r.stdout)
                self.assertFalse(any("/resolve/" in p or "/cdn/" in p for p, _ in hub.requests[before:]))

    def test_resume_partial_download(self):
        with self.hub() as hub:
            dest = self.path("m")
            os.makedirs(dest)
            data = hub.files["model.safetensors"]
            with open(os.path.join(dest, "model.safetensors.incomplete"), "wb") as f:
                f.write(data[:100000])
            r = self.pull(hub, "--dir", dest)
            self.assertIn("model.safetensors", r.stderr.decode())
            self.assertIn("resumed", r.stderr.decode())
            self.assertIn(("/cdn/" + hub.entry("model.safetensors")["lfs"]["oid"], "bytes=100000-"),
                          hub.requests)
            self.assertSameFiles(hub, dest)

    def test_dropped_connection_is_resumed(self):
        with self.hub() as hub:
            hub.truncate_once["model.safetensors"] = 300000
            dest = self.path("m")
            self.pull(hub, "--dir", dest)
            ranges = [rg for p, rg in hub.requests if p.startswith("/cdn/") and rg]
            self.assertIn("bytes=300000-", ranges)
            self.assertSameFiles(hub, dest)

    def test_sha256_mismatch_fails_and_keeps_nothing(self):
        with self.hub() as hub:
            hub.corrupt.add("model.safetensors")
            dest = self.path("m")
            r = self.pull(hub, "--dir", dest, "-q", check=None)
            self.assertOneLineError(r, 5, "model.safetensors: sha256 mismatch: expected " +
                                    hub.entry("model.safetensors")["lfs"]["oid"])
            self.assertFalse(os.path.exists(os.path.join(dest, "model.safetensors")))
            self.assertFalse(os.path.exists(os.path.join(dest, "model.safetensors.incomplete")))
            # A non-LFS file with a wrong git blob id fails the same way.
            hub.corrupt = {"config.json"}
            r = self.pull(hub, "--dir", self.path("fresh"), "-q", check=None)
            self.assertOneLineError(r, 5, "config.json: git blob id mismatch")

    def test_tree_api_missing_falls_back_to_siblings(self):
        with self.hub() as hub:
            hub.no_tree = True
            dest = self.path("m")
            self.pull(hub, "--dir", dest)
            self.assertSameFiles(hub, dest)

    def test_missing_repo_and_revision(self):
        with self.hub() as hub:
            r = self.jobbert("pull", "Nobody/nothing", env={"HF_ENDPOINT": hub.url}, check=None)
            self.assertOneLineError(r, 5, "HTTP 404", "no such repository or revision")
            r = self.pull(hub, "--revision", "v9", "--dir", self.path("x"), check=None)
            self.assertOneLineError(r, 5, "revision/v9", "HTTP 404")
            r = self.jobbert("pull", "../etc", env={"HF_ENDPOINT": hub.url}, check=None)
            self.assertOneLineError(r, 2, "not a repository id")
        r = self.jobbert("pull", REPO, "--dir", self.path("y"), env={"HF_ENDPOINT": "http://127.0.0.1:9"}, check=None)
        self.assertOneLineError(r, 5, "127.0.0.1:9")

    def test_default_directory_is_found_by_repo_id(self):
        with self.hub() as hub:
            self.pull(hub)
            dest = self.path("cache", "jobbert", "models", *REPO.split("/"))
            self.assertSameFiles(hub, dest)
            out = jsonl(self.jobbert("tokenize", "-m", REPO, "nurse").stdout)
            self.assertEqual(out[0]["ids"][0], 0)


if __name__ == "__main__":
    unittest.main()
