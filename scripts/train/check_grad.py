#!/usr/bin/python3
"""Gradient check of jobbert's cached MultipleNegativesRankingLoss against PyTorch.

An independent PyTorch (python3-torch) implementation of the sentence-transformers model
(transformers' XLM-R semantics: post-LN, exact GELU, position ids from the pad id, token type
row 0, padding keys masked, mean pooling over real tokens, Dense heads per route) and of
sentence-transformers' plain MultipleNegativesRankingLoss (scale * cos_sim, cross-entropy against
the diagonal, anchors -> positives) computes the loss and every parameter gradient on the same
weights and batch as the C++ cached loss (tests/train/grad_dump_main.cpp, dropout 0), and the two
are compared: every gradient within 1e-5 relative (||g_cpp - g_torch|| / ||g_torch||), the loss too.
The bias of the attention keys has an exact gradient of zero (softmax ignores a per-row shift);
it is checked to be noise-sized relative to the whole gradient instead.

usage: check_grad.py --dump PATH/train_grad_dump [--work DIR] MODEL_DIR [MODEL_DIR ...]
"""
import argparse, json, math, os, struct, subprocess, sys
import numpy as np
import torch

F = torch.nn.functional
NP = {"F64": np.float64, "F32": np.float32, "F16": np.float16}


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        base = 8 + n
        out = {}
        for name, v in header.items():
            if name == "__metadata__":
                continue
            s, e = v["data_offsets"]
            f.seek(base + s)
            buf = f.read(e - s)
            if v["dtype"] == "BF16":
                a = (np.frombuffer(buf, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
            else:
                a = np.frombuffer(buf, dtype=NP[v["dtype"]])
            out[name] = torch.from_numpy(a.astype(np.float64).reshape(v["shape"]).copy())
        return out


def read_routes(d):
    """{route: [(folder, tanh, has_bias) or 'normalize']} from modules.json and the Asym/Router config."""
    mods = json.load(open(os.path.join(d, "modules.json")))
    routes = {"default": []}
    for m in mods[2:]:
        kind = m["type"].split(".")[2]
        if kind in ("Asym", "Router"):
            folder = m["path"]
            cfgf = "router_config.json" if kind == "Router" else "config.json"
            cfg = json.load(open(os.path.join(d, folder, cfgf)))
            routes = {r: [os.path.join(folder, i) for i in ids] for r, ids in cfg["structure"].items()}
        elif kind == "Dense":
            for r in routes:
                routes[r].append(m["path"])
    out = {}
    for r, folders in routes.items():
        steps = []
        for folder in folders:
            c = json.load(open(os.path.join(d, folder, "config.json")))
            steps.append((folder, c.get("activation_function", "Tanh").endswith("Tanh"), c.get("bias", True)))
        out[r] = steps
    return out


class SentenceModel:
    def __init__(self, d, dtype):
        self.cfg = json.load(open(os.path.join(d, "config.json")))
        w = read_safetensors(os.path.join(d, "model.safetensors"))
        w = {k[8:] if k.startswith("roberta.") else k: v for k, v in w.items()}
        self.routes = read_routes(d)
        self.p = {}
        names = ["embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                 "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"]
        for i in range(self.cfg["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            for n in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
                      "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm"):
                names += [p + n + ".weight", p + n + ".bias"]
        for n in names:
            self.p[n] = w[n].to(dtype).requires_grad_(True)
        for steps in self.routes.values():
            for folder, _, bias in steps:
                hw = read_safetensors(os.path.join(d, folder, "model.safetensors"))
                self.p[folder + "/linear.weight"] = hw["linear.weight"].to(dtype).requires_grad_(True)
                if bias:
                    self.p[folder + "/linear.bias"] = hw["linear.bias"].to(dtype).requires_grad_(True)
        self.dtype = dtype

    def embed(self, seqs, route):
        p, cfg = self.p, self.cfg
        pad, H, NH = cfg["pad_token_id"], cfg["hidden_size"], cfg["num_attention_heads"]
        eps = cfg.get("layer_norm_eps", 1e-5)
        hd = H // NH
        T = max(map(len, seqs))
        ids = torch.tensor([s + [pad] * (T - len(s)) for s in seqs])
        mask = torch.tensor([[1] * len(s) + [0] * (T - len(s)) for s in seqs], dtype=self.dtype)
        B = len(seqs)
        real = (ids != pad).long()
        pos = torch.cumsum(real, 1) * real + pad
        x = F.embedding(ids, p["embeddings.word_embeddings.weight"], padding_idx=pad)
        x = x + p["embeddings.token_type_embeddings.weight"][0]
        x = x + F.embedding(pos, p["embeddings.position_embeddings.weight"], padding_idx=pad)
        x = F.layer_norm(x, (H,), p["embeddings.LayerNorm.weight"], p["embeddings.LayerNorm.bias"], eps)
        add = (1.0 - mask)[:, None, None, :] * torch.finfo(self.dtype).min
        for i in range(cfg["num_hidden_layers"]):
            q = f"encoder.layer.{i}."
            lin = lambda h, n: F.linear(h, p[q + n + ".weight"], p[q + n + ".bias"])
            heads = lambda t: t.view(B, T, NH, hd).transpose(1, 2)
            Q, K, V = heads(lin(x, "attention.self.query")), heads(lin(x, "attention.self.key")), heads(lin(x, "attention.self.value"))
            a = torch.softmax(Q @ K.transpose(-1, -2) / math.sqrt(hd) + add, -1) @ V
            a = a.transpose(1, 2).reshape(B, T, H)
            x = F.layer_norm(lin(a, "attention.output.dense") + x, (H,), p[q + "attention.output.LayerNorm.weight"],
                             p[q + "attention.output.LayerNorm.bias"], eps)
            h = F.gelu(lin(x, "intermediate.dense"))
            x = F.layer_norm(lin(h, "output.dense") + x, (H,), p[q + "output.LayerNorm.weight"],
                             p[q + "output.LayerNorm.bias"], eps)
        m = mask.unsqueeze(-1)
        y = (x * m).sum(1) / m.sum(1).clamp(min=1e-9)
        for folder, tanh, bias in self.routes[route]:
            y = F.linear(y, p[folder + "/linear.weight"], p.get(folder + "/linear.bias"))
            y = torch.tanh(y) if tanh else y
        return y


def mnrl(a, b, scale):
    """sentence-transformers MultipleNegativesRankingLoss: CE(scale * cos_sim(a, b), arange)."""
    scores = F.normalize(a, p=2, dim=1) @ F.normalize(b, p=2, dim=1).T * scale
    return F.cross_entropy(scores, torch.arange(len(a)))


def random_batch(vocab, n, seed):
    rng = np.random.default_rng(seed)
    def seq():
        s = [0] + rng.integers(3, vocab, rng.integers(1, 14)).tolist()
        if rng.random() < 0.15:
            s.insert(int(rng.integers(1, len(s))), 1)  # literal <pad>: attended, position = pad
        return s + [2]
    return {"anchors": [seq() for _ in range(n)], "positives": [seq() for _ in range(n)]}


def check(dump, work, model_dir, dtype_name, tol):
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    batch = random_batch(cfg["vocab_size"], 19, 11)
    name = os.path.basename(os.path.normpath(model_dir))
    out = os.path.join(work, f"{name}-{dtype_name}")
    os.makedirs(out, exist_ok=True)
    json.dump(batch, open(os.path.join(out, "batch.json"), "w"))
    subprocess.run([dump, model_dir, os.path.join(out, "batch.json"), out, "--dtype", dtype_name, "--mini-batch", "4"],
                   check=True, stdout=subprocess.DEVNULL)
    cpp_loss = json.load(open(os.path.join(out, "loss.json")))["loss"]
    cpp = read_safetensors(os.path.join(out, "grads.safetensors"))

    dtype = torch.float64 if dtype_name == "f64" else torch.float32
    m = SentenceModel(model_dir, dtype)
    anchor = "anchor" if "anchor" in m.routes else next(iter(m.routes))
    positive = "positive" if "positive" in m.routes else anchor
    loss = mnrl(m.embed(batch["anchors"], anchor), m.embed(batch["positives"], positive), 20.0)
    loss.backward()
    ok = True
    loss_rel = abs(cpp_loss - loss.item()) / abs(loss.item())
    total = math.sqrt(sum(float(t.grad.double().norm()) ** 2 for t in m.p.values()))
    worst, worst_name, zero_noise = 0.0, "", 0.0
    if set(cpp) != set(m.p):
        print(f"FAIL {name}: parameter sets differ: {sorted(set(cpp) ^ set(m.p))}")
        return False
    for n, t in m.p.items():
        g = t.grad.double()
        if "attention.self.key.bias" in n:
            zero_noise = max(zero_noise, float(cpp[n].norm()) / total, float(g.norm()) / total)
            continue
        rel = float((cpp[n] - g).norm() / g.norm())
        if rel > worst:
            worst, worst_name = rel, n
    ok = loss_rel <= tol and worst <= tol and zero_noise <= tol
    print(f"{'ok  ' if ok else 'FAIL'} {name} {dtype_name}: loss C++ {cpp_loss:.12g} PyTorch {loss.item():.12g} "
          f"(rel {loss_rel:.2e}); {len(m.p)} parameter gradients, max rel diff {worst:.2e} ({worst_name}); "
          f"key-bias gradients (exactly zero in theory) {zero_noise:.1e} of the total norm")
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True, help="path of the train_grad_dump executable")
    ap.add_argument("--work", default="/tmp/jobbert-grad-check")
    ap.add_argument("--tol", type=float, default=1e-5)
    ap.add_argument("models", nargs="+")
    a = ap.parse_args()
    ok = True
    for d in a.models:
        for dt in ("f64", "f32"):
            ok &= check(a.dump, a.work, d, dt, a.tol)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
