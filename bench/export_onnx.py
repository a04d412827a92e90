#!/usr/bin/python3
"""Exports the PyTorch eager peer (scripts/reference/torch_model.py: XLM-R, mean pooling, one
Dense/tanh route) to ONNX with torch.onnx, one file per route, for the ONNX Runtime peer.

Inputs: input_ids int64 [batch, seq], attention_mask int64 [batch, seq] (dynamic axes);
output: embedding float32 [batch, dim]. Same weights, same graph as the PyTorch peer.
usage: export_onnx.py MODEL_DIR ROUTE OUT.onnx
"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "reference"))
from torch_model import XLMR  # noqa: E402


def main():
    model_dir, route, out = sys.argv[1:4]
    model = XLMR(model_dir, route).eval()
    ids = torch.tensor([[0, 100, 200, 2], [0, 300, 2, 1]], dtype=torch.int64)
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]], dtype=torch.int64)
    tmp = out + ".tmp"
    with torch.no_grad():
        torch.onnx.export(model, (ids, mask), tmp, input_names=["input_ids", "attention_mask"],
                          output_names=["embedding"], opset_version=14, do_constant_folding=True,
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                                        "attention_mask": {0: "batch", 1: "seq"},
                                        "embedding": {0: "batch"}})
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
