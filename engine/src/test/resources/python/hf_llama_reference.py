#!/usr/bin/env python3
"""Hugging Face-layout Llama fixtures and a float64 reference forward pass for the safetensors loader tests.

  hf_llama_reference.py random DIR SCALING TOKENS OUT [WINDOW]
      writes a random-weight HF Llama directory (config.json with GQA, untied lm_head, F32/F16/BF16 tensors;
      SCALING = none | llama3) and OUT = JSON {"logits": [[...] per position]} for the comma-separated TOKENS;
      with WINDOW the directory is a Mistral one with sliding_window = WINDOW, and OUT also holds
      "pattern" [layer][position][head][key] and "logits_full_attention" (the same weights without the window)
  hf_llama_reference.py from-gguf GGUF DIR
      converts an all-F32 Llama GGUF into an HF directory of two shards + model.safetensors.index.json, undoing
      llama.cpp's q/k row permutation so that the result is in HF's rotate_half layout

The forward pass follows transformers' modeling_llama description (RMSNorm, rotate_half RoPE over the whole head,
repeat_kv GQA, SwiGLU MLP; modeling_mistral's sliding window masks key j for query p when j <= p - sliding_window) and the safetensors writer follows the format description; neither shares code with the
Java implementation.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gguf_numpy  # noqa: E402


def to_bf16(x):
    """Rounds float32 to bfloat16 (round half to even), returning the uint16 bit patterns."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    bits = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return bits.astype(np.uint16)


def from_bf16(b):
    return (b.astype(np.uint32) << 16).view(np.float32)


def write_safetensors(path, tensors):
    """tensors: name -> (dtype string, numpy array already in that dtype's storage: <f4, <f2 or uint16 for BF16)."""
    header, blobs, offset = {'__metadata__': {'format': 'pt'}}, [], 0
    for name, (dtype, arr) in tensors.items():
        raw = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder('<')).tobytes()
        header[name] = {'dtype': dtype, 'shape': list(arr.shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header).encode()
    h += b' ' * (-len(h) % 8)
    with open(path, 'wb') as f:
        f.write(len(h).to_bytes(8, 'little'))
        f.write(h)
        for b in blobs:
            f.write(b)


def stored(dtype, x):
    """(dtype, storage array) for writing, and the float64 values the reader will see."""
    if dtype == 'F32':
        a = x.astype('<f4')
        return (dtype, a), a.astype(np.float64)
    if dtype == 'F16':
        a = x.astype('<f2')
        return (dtype, a), a.astype(np.float64)
    a = to_bf16(x)
    return (dtype, a), from_bf16(a).astype(np.float64)


def rms_norm(x, w, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * w


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def inv_freq(cfg):
    hd = cfg['head_dim']
    inv = 1.0 / (cfg['rope_theta'] ** (np.arange(0, hd, 2, dtype=np.float64) / hd))
    s = cfg.get('rope_scaling')
    if not s:
        return inv
    # transformers' _compute_llama3_parameters
    factor, low, high, old = s['factor'], s['low_freq_factor'], s['high_freq_factor'], s['original_max_position_embeddings']
    low_wavelen, high_wavelen = old / low, old / high
    wavelen = 2 * np.pi / inv
    scaled = np.where(wavelen > low_wavelen, inv / factor, inv)
    smooth = (old / wavelen - low) / (high - low)
    smoothed = (1 - smooth) * scaled / factor + smooth * scaled
    medium = ~(wavelen < high_wavelen) & ~(wavelen > low_wavelen)
    return np.where(medium, smoothed, scaled)


def attention_mask(T, window):
    """Additive mask: -inf above the diagonal (causal) and, with a window, at keys j <= p - window."""
    p, j = np.arange(T)[:, None], np.arange(T)[None, :]
    hidden = j > p
    if window:
        hidden |= j <= p - window
    return np.where(hidden, -np.inf, 0.0)


def forward(cfg, w, ids):
    """Logits [T, vocab] and attention probabilities [layer][T, heads, T]."""
    T, H, KV, hd = len(ids), cfg['num_attention_heads'], cfg['num_key_value_heads'], cfg['head_dim']
    eps = cfg['rms_norm_eps']
    x = w['model.embed_tokens.weight'][ids]
    freqs = np.outer(np.arange(T, dtype=np.float64), inv_freq(cfg))
    emb = np.concatenate([freqs, freqs], axis=-1)
    cos, sin = np.cos(emb)[:, None, :], np.sin(emb)[:, None, :]
    mask = attention_mask(T, cfg.get('sliding_window'))
    patterns = []
    for l in range(cfg['num_hidden_layers']):
        p = 'model.layers.%d.' % l
        h = rms_norm(x, w[p + 'input_layernorm.weight'], eps)
        q = (h @ w[p + 'self_attn.q_proj.weight'].T).reshape(T, H, hd)
        k = (h @ w[p + 'self_attn.k_proj.weight'].T).reshape(T, KV, hd)
        v = (h @ w[p + 'self_attn.v_proj.weight'].T).reshape(T, KV, hd)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k, v = np.repeat(k, H // KV, axis=1), np.repeat(v, H // KV, axis=1)
        scores = np.einsum('thd,shd->hts', q, k) / np.sqrt(hd) + mask
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        patterns.append(scores.transpose(1, 0, 2))
        attn = np.einsum('hts,shd->thd', scores, v).reshape(T, H * hd)
        x = x + attn @ w[p + 'self_attn.o_proj.weight'].T
        h = rms_norm(x, w[p + 'post_attention_layernorm.weight'], eps)
        gate = h @ w[p + 'mlp.gate_proj.weight'].T
        up = h @ w[p + 'mlp.up_proj.weight'].T
        x = x + (gate / (1 + np.exp(-gate)) * up) @ w[p + 'mlp.down_proj.weight'].T
    x = rms_norm(x, w['model.norm.weight'], eps)
    head = w['model.embed_tokens.weight'] if cfg['tie_word_embeddings'] else w['lm_head.weight']
    return x @ head.T, patterns


def random_model(out_dir, scaling, window):
    rng = np.random.default_rng(20261122)
    cfg = {'model_type': 'llama', 'architectures': ['LlamaForCausalLM'], 'hidden_size': 64, 'intermediate_size': 96,
           'num_hidden_layers': 2, 'num_attention_heads': 4, 'num_key_value_heads': 2, 'head_dim': 16,
           'rms_norm_eps': 1e-5, 'rope_theta': 100.0, 'max_position_embeddings': 64, 'tie_word_embeddings': False,
           'vocab_size': 100, 'torch_dtype': 'float32', 'rope_scaling': None}
    if window:
        cfg.update({'model_type': 'mistral', 'architectures': ['MistralForCausalLM'], 'sliding_window': window})
    if scaling == 'llama3':
        cfg['rope_scaling'] = {'rope_type': 'llama3', 'factor': 8.0, 'low_freq_factor': 1.0, 'high_freq_factor': 4.0,
                               'original_max_position_embeddings': 16}
    D, F, V, hd = cfg['hidden_size'], cfg['intermediate_size'], cfg['vocab_size'], cfg['head_dim']
    shapes = {'model.embed_tokens.weight': ((V, D), 'F32'), 'model.norm.weight': ((D,), 'F32'),
              'lm_head.weight': ((V, D), 'F32')}
    for l in range(cfg['num_hidden_layers']):
        p = 'model.layers.%d.' % l
        shapes.update({p + 'self_attn.q_proj.weight': ((4 * hd, D), 'F32'),
                       p + 'self_attn.k_proj.weight': ((2 * hd, D), 'F16' if l else 'F32'),
                       p + 'self_attn.v_proj.weight': ((2 * hd, D), 'F32'),
                       p + 'self_attn.o_proj.weight': ((D, 4 * hd), 'BF16'),
                       p + 'mlp.gate_proj.weight': ((F, D), 'F16'), p + 'mlp.up_proj.weight': ((F, D), 'F32'),
                       p + 'mlp.down_proj.weight': ((D, F), 'BF16'),
                       p + 'input_layernorm.weight': ((D,), 'F32'), p + 'post_attention_layernorm.weight': ((D,), 'F32')})
    tensors, weights = {}, {}
    for name, (shape, dtype) in shapes.items():
        x = rng.normal(0, 0.3 if len(shape) == 2 else 0.1, size=shape) + (1.0 if len(shape) == 1 else 0.0)
        tensors[name], weights[name] = stored(dtype, x.astype(np.float32))
    os.makedirs(out_dir, exist_ok=True)
    write_safetensors(os.path.join(out_dir, 'model.safetensors'), tensors)
    with open(os.path.join(out_dir, 'config.json'), 'w') as f:
        json.dump(cfg, f, indent=1)
    return cfg, weights


def from_gguf(gguf_path, out_dir):
    buf, _, meta, infos, data_start = gguf_numpy.parse(gguf_path)
    arch = meta['general.architecture']
    heads, kv_heads = meta[arch + '.attention.head_count'], meta[arch + '.attention.head_count_kv']
    t = {}
    for info in infos:
        assert gguf_numpy.TYPES[info['type']][0] == 'F32', info['name'] + ' is not F32'
        n = int(np.prod(info['dims']))
        start = data_start + info['offset']
        t[info['name']] = np.frombuffer(buf, dtype='<f4', count=n, offset=start).reshape(info['dims'][::-1])

    def unpermute(w, n_head):
        # llama.cpp: w.reshape(n_head, 2, rows // n_head // 2, cols).swapaxes(1, 2); this is its inverse
        return w.reshape(n_head, w.shape[0] // n_head // 2, 2, w.shape[1]).swapaxes(1, 2).reshape(w.shape)

    layers = meta[arch + '.block_count']
    hf = {'model.embed_tokens.weight': t['token_embd.weight'], 'model.norm.weight': t['output_norm.weight']}
    for l in range(layers):
        b, p = 'blk.%d.' % l, 'model.layers.%d.' % l
        hf.update({p + 'self_attn.q_proj.weight': unpermute(t[b + 'attn_q.weight'], heads),
                   p + 'self_attn.k_proj.weight': unpermute(t[b + 'attn_k.weight'], kv_heads),
                   p + 'self_attn.v_proj.weight': t[b + 'attn_v.weight'],
                   p + 'self_attn.o_proj.weight': t[b + 'attn_output.weight'],
                   p + 'mlp.gate_proj.weight': t[b + 'ffn_gate.weight'], p + 'mlp.up_proj.weight': t[b + 'ffn_up.weight'],
                   p + 'mlp.down_proj.weight': t[b + 'ffn_down.weight'],
                   p + 'input_layernorm.weight': t[b + 'attn_norm.weight'],
                   p + 'post_attention_layernorm.weight': t[b + 'ffn_norm.weight']})
    os.makedirs(out_dir, exist_ok=True)
    names = list(hf)
    shards = {'model-00001-of-00002.safetensors': names[:len(names) // 2],
              'model-00002-of-00002.safetensors': names[len(names) // 2:]}
    weight_map = {}
    for shard, members in shards.items():
        write_safetensors(os.path.join(out_dir, shard), {n: ('F32', hf[n].astype('<f4')) for n in members})
        weight_map.update({n: shard for n in members})
    with open(os.path.join(out_dir, 'model.safetensors.index.json'), 'w') as f:
        json.dump({'metadata': {}, 'weight_map': weight_map}, f)
    dim = meta[arch + '.embedding_length']
    cfg = {'model_type': 'llama', 'hidden_size': dim, 'intermediate_size': meta[arch + '.feed_forward_length'],
           'num_hidden_layers': layers, 'num_attention_heads': heads, 'num_key_value_heads': kv_heads,
           'rms_norm_eps': meta[arch + '.attention.layer_norm_rms_epsilon'],
           'rope_theta': meta.get(arch + '.rope.freq_base', 10000.0),
           'max_position_embeddings': meta[arch + '.context_length'], 'tie_word_embeddings': True,
           'vocab_size': t['token_embd.weight'].shape[0]}
    with open(os.path.join(out_dir, 'config.json'), 'w') as f:
        json.dump(cfg, f, indent=1)


def main():
    if sys.argv[1] == 'random':
        out_dir, scaling, tokens, out = sys.argv[2:6]
        window = int(sys.argv[6]) if len(sys.argv) > 6 else None
        cfg, weights = random_model(out_dir, scaling, window)
        ids = [int(t) for t in tokens.split(',')]
        logits, patterns = forward(cfg, weights, ids)
        result = {'logits': logits.tolist()}
        if window:
            result['pattern'] = [p.tolist() for p in patterns]
            result['logits_full_attention'] = forward(dict(cfg, sliding_window=None), weights, ids)[0].tolist()
        with open(out, 'w') as f:
            json.dump(result, f)
    elif sys.argv[1] == 'from-gguf':
        from_gguf(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
