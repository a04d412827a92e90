#!/usr/bin/python3
"""PyTorch eager training loop of the same model and loss as `jobbert train`, for throughput and
memory comparisons (scripts/train/bench_train.sh).

Model: the sentence-transformers architecture read from a model directory (transformers' XLM-R
semantics with dropout where transformers has it, mean pooling, Dense heads per route).
Loss: CachedMultipleNegativesRankingLoss as sentence-transformers 4.1 computes it (embed without
grad in mini-batches saving the RNG state, loss + backward to the embeddings, re-embed with grad
under the saved RNG state and back-propagate the cached gradients). AdamW (decay on all but biases
and LayerNorm weights), linear schedule with warmup, gradient clipping. fp32, CPU.

usage: torch_train_loop.py MODEL_DIR IDS.jsonl --batch-size B --mini-batch-size M --steps N
         [--threads T] [--lr 5e-5] [--scale 20] [--seed 42]
  IDS.jsonl: one {"anchor": [ids], "positive": [ids]} per line (token ids with specials).
Prints one JSON line: steps, pairs, seconds, pairs_per_s, peak_rss_mib, final_loss.
"""
import argparse, json, math, os, resource, sys, time
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_grad import read_safetensors, read_routes

F = torch.nn.functional


class SentenceModel(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.cfg = cfg = json.load(open(os.path.join(d, "config.json")))
        w = read_safetensors(os.path.join(d, "model.safetensors"))
        w = {k[8:] if k.startswith("roberta.") else k: v.float() for k, v in w.items() if not k.startswith("pooler.")}
        self.names = sorted(w)
        self.p = torch.nn.ParameterDict({k.replace(".", "__"): torch.nn.Parameter(v) for k, v in w.items()})
        self.routes = read_routes(d)
        for steps in self.routes.values():
            for folder, _, bias in steps:
                hw = read_safetensors(os.path.join(d, folder, "model.safetensors"))
                key = folder.replace("/", "__").replace(".", "_")
                self.p[key + "__w"] = torch.nn.Parameter(hw["linear.weight"].float())
                if bias:
                    self.p[key + "__b"] = torch.nn.Parameter(hw["linear.bias"].float())
        self.hidden_dropout = cfg.get("hidden_dropout_prob", 0.1)
        self.attn_dropout = cfg.get("attention_probs_dropout_prob", 0.1)

    def w(self, name):
        return self.p[name.replace(".", "__")]

    def forward(self, seqs, route):
        cfg, w = self.cfg, self.w
        pad, H, NH = cfg["pad_token_id"], cfg["hidden_size"], cfg["num_attention_heads"]
        eps, hd, B, T = cfg.get("layer_norm_eps", 1e-5), H // NH, len(seqs), max(map(len, seqs))
        ids = torch.tensor([s + [pad] * (T - len(s)) for s in seqs])
        mask = torch.tensor([[1.0] * len(s) + [0.0] * (T - len(s)) for s in seqs])
        real = (ids != pad).long()
        pos = torch.cumsum(real, 1) * real + pad
        x = F.embedding(ids, w("embeddings.word_embeddings.weight"), padding_idx=pad) + w("embeddings.token_type_embeddings.weight")[0]
        x = x + F.embedding(pos, w("embeddings.position_embeddings.weight"), padding_idx=pad)
        x = F.dropout(F.layer_norm(x, (H,), w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"), eps),
                      self.hidden_dropout, self.training)
        add = (1.0 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
        for i in range(cfg["num_hidden_layers"]):
            q = f"encoder.layer.{i}."
            lin = lambda h, n: F.linear(h, w(q + n + ".weight"), w(q + n + ".bias"))
            heads = lambda t: t.view(B, T, NH, hd).transpose(1, 2)
            Q, K, V = heads(lin(x, "attention.self.query")), heads(lin(x, "attention.self.key")), heads(lin(x, "attention.self.value"))
            probs = F.dropout(torch.softmax(Q @ K.transpose(-1, -2) / math.sqrt(hd) + add, -1), self.attn_dropout, self.training)
            a = (probs @ V).transpose(1, 2).reshape(B, T, H)
            a = F.dropout(lin(a, "attention.output.dense"), self.hidden_dropout, self.training)
            x = F.layer_norm(a + x, (H,), w(q + "attention.output.LayerNorm.weight"), w(q + "attention.output.LayerNorm.bias"), eps)
            h = F.dropout(lin(F.gelu(lin(x, "intermediate.dense")), "output.dense"), self.hidden_dropout, self.training)
            x = F.layer_norm(h + x, (H,), w(q + "output.LayerNorm.weight"), w(q + "output.LayerNorm.bias"), eps)
        m = mask.unsqueeze(-1)
        y = (x * m).sum(1) / m.sum(1).clamp(min=1e-9)
        for folder, tanh, bias in self.routes[route]:
            key = folder.replace("/", "__").replace(".", "_")
            y = F.linear(y, self.p[key + "__w"], self.p[key + "__b"] if bias else None)
            y = torch.tanh(y) if tanh else y
        return y


def cos_sim(a, b):
    return F.normalize(a, p=2, dim=1) @ F.normalize(b, p=2, dim=1).T


def cached_mnrl_step(model, anchors, positives, mb, scale):
    """sentence-transformers 4.1 CachedMultipleNegativesRankingLoss, forward + backward."""
    reps, states = [], []
    for seqs, route in ((anchors, "anchor"), (positives, "positive")):
        parts, st = [], []
        with torch.no_grad():
            for b in range(0, len(seqs), mb):
                st.append(torch.get_rng_state())
                parts.append(model(seqs[b:b + mb], route))
        reps.append(torch.cat(parts).requires_grad_())
        states.append(st)
    a, p = reps
    B, total = len(a), 0.0
    labels = torch.arange(B)
    for b in range(0, B, mb):
        loss = F.cross_entropy(cos_sim(a[b:b + mb], p) * scale, labels[b:b + mb]) * len(a[b:b + mb]) / B
        loss.backward()
        total += loss.item()
    after = torch.get_rng_state()
    for (seqs, route), rep, st in zip(((anchors, "anchor"), (positives, "positive")), reps, states):
        for i, b in enumerate(range(0, len(seqs), mb)):
            torch.set_rng_state(st[i])
            out = model(seqs[b:b + mb], route)
            out.backward(rep.grad[b:b + mb])
    torch.set_rng_state(after)
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model"); ap.add_argument("ids")
    ap.add_argument("--batch-size", type=int, default=2048); ap.add_argument("--mini-batch-size", type=int, default=512)
    ap.add_argument("--steps", type=int, default=3); ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--lr", type=float, default=5e-5); ap.add_argument("--scale", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rows = [json.loads(l) for l in open(a.ids)]
    model = SentenceModel(a.model).train()
    decay = [p for n, p in model.p.items() if not (n.endswith("__b") or n.endswith("bias") or "LayerNorm" in n)]
    no_decay = [p for n, p in model.p.items() if n.endswith("__b") or n.endswith("bias") or "LayerNorm" in n]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.0}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(0.0, (a.steps - s) / max(1, a.steps)))
    t0, pairs, loss = time.time(), 0, float("nan")
    for step in range(a.steps):
        start = (step * a.batch_size) % len(rows)
        batch = [rows[(start + i) % len(rows)] for i in range(a.batch_size)]
        opt.zero_grad()
        loss = cached_mnrl_step(model, [r["anchor"] for r in batch], [r["positive"] for r in batch],
                                a.mini_batch_size, a.scale)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        pairs += len(batch)
    secs = time.time() - t0
    print(json.dumps({"steps": a.steps, "pairs": pairs, "seconds": secs, "pairs_per_s": pairs / secs,
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
                      "final_loss": loss, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
