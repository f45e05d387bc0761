#!/usr/bin/env python3
"""Independent numpy reference of the llama forward pass, written from the GGUF spec and llama.cpp's llama graph
(RMSNorm, RoPE "NORM" = rotation of adjacent pairs, GQA, SwiGLU, tied or separate output).

usage: llama_reference.py MODEL.gguf TOKENS(comma-separated) OUT.json
Reads F32 tensors only. Writes {"logits": [T][V], "resid_post": [L][T][D], "pattern": [L][T][H][t+1]}.
Activations are float64 so the Java float32 engine can be compared within a tolerance.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gguf_numpy  # noqa: E402


def read_gguf(path):
    """The GGUF header is parsed by gguf_numpy.py (shared with the other numpy references); tensors are read here."""
    data, version, meta, infos, start = gguf_numpy.parse(path)
    assert version in (2, 3)
    tensors = {}
    for info in infos:
        name, dims, ttype, offset = info['name'], info['dims'], info['type'], info['offset']
        assert ttype == 0, f"{name}: only F32 is supported by this reference"
        count = int(np.prod(dims))
        flat = np.frombuffer(data, dtype="<f4", count=count, offset=start + offset).astype(np.float64)
        tensors[name] = flat.reshape(list(reversed(dims)))  # ggml ne[0] is the innermost (row) dimension
    return meta, tensors


def rms_norm(x, g, eps):
    return g * (x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps))


def rope(x, positions, rope_dim, theta, freq_factors):
    """x: [T, heads, head_dim]; rotates pairs (2i, 2i+1) of the first rope_dim dims by pos * theta^(-2i/rope_dim),
    each frequency divided by its factor from rope_freqs.weight when present (Llama 3.1 scaling)."""
    out = x.copy()
    i = np.arange(rope_dim // 2)
    angles = positions[:, None] * theta ** (-2.0 * i / rope_dim) / freq_factors  # [T, pairs]
    cos, sin = np.cos(angles)[:, None, :], np.sin(angles)[:, None, :]
    even, odd = x[..., 0:rope_dim:2], x[..., 1:rope_dim:2]
    out[..., 0:rope_dim:2] = even * cos - odd * sin
    out[..., 1:rope_dim:2] = even * sin + odd * cos
    return out


def forward(meta, w, tokens):
    arch = meta["general.architecture"]
    dim = meta[f"{arch}.embedding_length"]
    n_layers = meta[f"{arch}.block_count"]
    n_heads = meta[f"{arch}.attention.head_count"]
    n_kv = meta.get(f"{arch}.attention.head_count_kv", n_heads)
    head_dim = dim // n_heads
    rope_dim = meta.get(f"{arch}.rope.dimension_count", head_dim)
    theta = meta.get(f"{arch}.rope.freq_base", 10000.0)
    eps = meta[f"{arch}.attention.layer_norm_rms_epsilon"]
    freq_factors = w.get("rope_freqs.weight", np.ones(rope_dim // 2))
    T = len(tokens)
    positions = np.arange(T, dtype=np.float64)
    x = w["token_embd.weight"][tokens]  # [T, dim]
    causal = np.tril(np.ones((T, T), dtype=bool))
    resid_post, patterns = [], []
    for l in range(n_layers):
        p = f"blk.{l}."
        h = rms_norm(x, w[p + "attn_norm.weight"], eps)
        q = (h @ w[p + "attn_q.weight"].T).reshape(T, n_heads, head_dim)
        k = (h @ w[p + "attn_k.weight"].T).reshape(T, n_kv, head_dim)
        v = (h @ w[p + "attn_v.weight"].T).reshape(T, n_kv, head_dim)
        q, k = rope(q, positions, rope_dim, theta, freq_factors), rope(k, positions, rope_dim, theta, freq_factors)
        group = n_heads // n_kv
        k, v = np.repeat(k, group, axis=1), np.repeat(v, group, axis=1)  # query head h uses kv head h // group
        scores = np.einsum("thd,shd->hts", q, k) / np.sqrt(head_dim)
        scores = np.where(causal[None], scores, -np.inf)
        scores -= scores.max(axis=-1, keepdims=True)
        att = np.exp(scores)
        att /= att.sum(axis=-1, keepdims=True)  # [H, T, T]
        patterns.append([[att[hh, t, :t + 1].tolist() for hh in range(n_heads)] for t in range(T)])
        z = np.einsum("hts,shd->thd", att, v).reshape(T, dim)
        x = x + z @ w[p + "attn_output.weight"].T
        h = rms_norm(x, w[p + "ffn_norm.weight"], eps)
        gate, up = h @ w[p + "ffn_gate.weight"].T, h @ w[p + "ffn_up.weight"].T
        x = x + (gate / (1 + np.exp(-gate)) * up) @ w[p + "ffn_down.weight"].T
        resid_post.append(x.tolist())
    out = w.get("output.weight", w["token_embd.weight"])
    logits = rms_norm(x, w["output_norm.weight"], eps) @ out.T
    return {"logits": logits.tolist(), "resid_post": resid_post, "pattern": patterns}


def main():
    path, tokens, out = sys.argv[1], [int(t) for t in sys.argv[2].split(",")], sys.argv[3]
    meta, w = read_gguf(path)
    with open(out, "w") as f:
        json.dump(forward(meta, w, tokens), f)


if __name__ == "__main__":
    main()
