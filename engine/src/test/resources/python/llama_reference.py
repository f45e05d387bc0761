#!/usr/bin/env python3
"""Independent numpy reference of the llama forward pass, written from the GGUF spec and llama.cpp's llama graph
(RMSNorm, RoPE "NORM" = rotation of adjacent pairs, GQA, SwiGLU, tied or separate output).

usage: llama_reference.py MODEL.gguf TOKENS(comma-separated) OUT.json
Reads F32 tensors only. Writes {"logits": [T][V], "resid_post": [L][T][D], "pattern": [L][T][H][t+1]}.
Activations are float64 so the Java float32 engine can be compared within a tolerance.
"""
import json
import struct
import sys

import numpy as np

GGUF_TYPES = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def unpack(self, fmt):
        size = struct.calcsize("<" + fmt)
        value = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += size
        return value[0] if len(value) == 1 else value

    def string(self):
        n = self.unpack("Q")
        s = self.data[self.pos:self.pos + n].decode("utf-8")
        self.pos += n
        return s

    def value(self, vtype):
        if vtype == 8:
            return self.string()
        if vtype == 9:
            etype, n = self.unpack("I"), self.unpack("Q")
            return [self.value(etype) for _ in range(n)]
        return self.unpack(GGUF_TYPES[vtype])


def read_gguf(path):
    data = open(path, "rb").read()
    r = Reader(data)
    assert r.unpack("I") == 0x46554747, "not GGUF"
    version = r.unpack("I")
    assert version in (2, 3)
    n_tensors, n_kv = r.unpack("Q"), r.unpack("Q")
    meta = {}
    for _ in range(n_kv):
        key = r.string()
        meta[key] = r.value(r.unpack("I"))
    infos = []
    for _ in range(n_tensors):
        name = r.string()
        rank = r.unpack("I")
        dims = [r.unpack("Q") for _ in range(rank)]
        ttype, offset = r.unpack("I"), r.unpack("Q")
        infos.append((name, dims, ttype, offset))
    alignment = meta.get("general.alignment", 32)
    start = (r.pos + alignment - 1) // alignment * alignment
    tensors = {}
    for name, dims, ttype, offset in infos:
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
