"""A local stand-in for the Hugging Face hub, serving one model directory with the hub's URL
and JSON shapes, for testing `jobbert pull` without a network:

  GET /api/models/<repo>/revision/<rev>[?blobs=true]  {"id", "sha", "siblings": [{"rfilename", ...}]}
  GET /api/models/<repo>/tree/<rev>?recursive=true     [{"type", "oid", "size", "path", "lfs"?}],
                                                       paginated with Link: <...>; rel="next"
  GET /<repo>/resolve/<rev>/<path>                     the file; LFS files redirect (302) to
                                                       /cdn/<sha256>, as the hub does; Range honoured

Faults for tests: truncate_once {path: n} sends only n bytes of a file's first full response and
drops the connection; corrupt {path} serves a changed byte (the listing keeps the true sha256);
no_tree answers 404 on the tree API. Every request is logged in `requests` as (path, Range).
"""
import hashlib
import http.server
import json
import os
import threading
import urllib.parse

COMMIT = "0123456789abcdef0123456789abcdef01234567"


class FakeHub:
    def __init__(self, model_dir, repo, extra_files=None, page_size=4):
        self.repo = repo
        self.files = {}  # path -> bytes
        for root, _, names in os.walk(model_dir):
            for n in names:
                full = os.path.join(root, n)
                with open(full, "rb") as f:
                    self.files[os.path.relpath(full, model_dir).replace(os.sep, "/")] = f.read()
        self.files.update(extra_files or {})
        self.page_size = page_size
        self.truncate_once = {}
        self.corrupt = set()
        self.no_tree = False
        self.requests = []
        self.lock = threading.Lock()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def is_lfs(path, data):
        return path.endswith((".safetensors", ".bin", ".onnx")) or len(data) > 100_000

    def entry(self, path):
        data = self.files[path]
        e = {"type": "file", "size": len(data), "path": path,
             "oid": hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()}
        if self.is_lfs(path, data):
            e["lfs"] = {"oid": hashlib.sha256(data).hexdigest(), "size": len(data), "pointerSize": 134}
        return e

    def requested(self, path):
        return [r for r in self.requests if r[0].endswith("/" + path) or r[0] == path]

    def _handler(hub):
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def send_json(self, obj, status=200, headers=()):
                body = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def send_file(self, path):
                data = hub.files[path]
                if path in hub.corrupt:
                    data = data[:-1] + bytes([data[-1] ^ 0xFF])
                start = 0
                rng = self.headers.get("Range")
                if rng and rng.startswith("bytes=") and rng.endswith("-"):
                    start = int(rng[6:-1])
                    if start >= len(data):
                        self.send_response(416)
                        self.send_header("Content-Range", "bytes */%d" % len(data))
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(data) - start))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()
                body = data[start:]
                with hub.lock:
                    cut = hub.truncate_once.pop(path, None) if start == 0 else None
                if cut is not None:
                    self.wfile.write(body[:cut])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.wfile.write(body)

            def do_GET(self):
                u = urllib.parse.urlparse(self.path)
                path = urllib.parse.unquote(u.path)
                query = urllib.parse.parse_qs(u.query)
                with hub.lock:
                    hub.requests.append((path, self.headers.get("Range")))
                api = "/api/models/" + hub.repo + "/"
                if path.startswith(api + "revision/"):
                    rev = path[len(api + "revision/"):]
                    if rev not in ("main", COMMIT):
                        return self.send_json({"error": "Revision Not Found"}, 404)
                    sib = []
                    for p in sorted(hub.files):
                        s = {"rfilename": p}
                        if query.get("blobs") == ["true"]:
                            e = hub.entry(p)
                            s["size"] = e["size"]
                            s["blobId"] = e["oid"]
                            if "lfs" in e:
                                s["lfs"] = {"sha256": e["lfs"]["oid"], "size": e["size"], "pointerSize": 134}
                        sib.append(s)
                    return self.send_json({"id": hub.repo, "sha": COMMIT, "siblings": sib})
                if path.startswith(api + "tree/"):
                    if hub.no_tree:
                        return self.send_json({"error": "Not Found"}, 404)
                    entries = []
                    dirs = sorted({p.rsplit("/", 1)[0] for p in hub.files if "/" in p})
                    entries += [{"type": "directory", "oid": "0" * 40, "size": 0, "path": d} for d in dirs]
                    entries += [hub.entry(p) for p in sorted(hub.files)]
                    cursor = int(query.get("cursor", ["0"])[0])
                    page = entries[cursor:cursor + hub.page_size]
                    headers = []
                    if cursor + hub.page_size < len(entries):
                        nxt = "%s%s?recursive=true&cursor=%d" % (hub.url, u.path, cursor + hub.page_size)
                        headers.append(("Link", '<%s>; rel="next"' % nxt))
                    return self.send_json(page, headers=headers)
                prefix = "/" + hub.repo + "/resolve/"
                if path.startswith(prefix):
                    rev, _, file = path[len(prefix):].partition("/")
                    if rev not in ("main", COMMIT) or file not in hub.files:
                        return self.send_json({"error": "Entry not found"}, 404)
                    if hub.is_lfs(file, hub.files[file]):
                        sha = hub.entry(file)["lfs"]["oid"]
                        self.send_response(302)
                        self.send_header("Location", "/cdn/%s?file=%s" % (sha, urllib.parse.quote(file, safe="")))
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    return self.send_file(file)
                if path.startswith("/cdn/"):
                    return self.send_file(query["file"][0])
                return self.send_json({"error": "Repository not found"}, 404)

        return Handler
