#!/usr/bin/env python3
"""Hugging Face-layout model directories with random weights, and a float64 forward pass of each family in the
transformers convention, for the engine's safetensors tests.

  hf_reference.py random FAMILY DIR TOKENS OUT [--scaling llama3] [--window W] [--vocab N]
      writes a random-weight directory of FAMILY (llama, mistral, gpt2, qwen2, qwen3, gemma2, gemma3, phi3):
      config.json as transformers writes it and model.safetensors with a mix of F32, F16 and BF16 tensors; then
      OUT = JSON {"logits": [T][V], "resid_post": [L][T][D], "pattern": [L][T][H][T], "config": {...}} for the
      comma-separated TOKENS. --scaling / --window adjust the llama / mistral fixture; with --window, OUT also holds
      "logits_full_attention" (the same weights without the window); --vocab sets the vocabulary size (default 100),
      e.g. to that of a tokenizer.json put beside the weights; OUT "-" writes the directory only.
  hf_reference.py from-gguf GGUF DIR
      converts an all-F32 Llama GGUF into a directory of two shards + model.safetensors.index.json, undoing
      llama.cpp's q/k row permutation so that the result is in transformers' rotate_half layout

The forward pass follows the transformers modeling files' descriptions (RMSNorm, Gemma's (1 + w) norms and
sqrt(hidden_size) embedding scale held in the model's dtype, rotate_half rotary with partial rotary and per-layer
bases, repeat_kv GQA, QK-norm, query_pre_attn_scalar, attention and final soft-caps, sliding windows that mask key j
for query p when j <= p - window, GPT-2's Conv1D projections, LayerNorm and gelu_new) and the safetensors writer
follows the format description; neither shares code with the Java implementation.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gguf_numpy  # noqa: E402

DTYPES = ('F32', 'F16', 'BF16')


def to_bf16(x):
    """Rounds float32 to bfloat16 (round half to even), returning the uint16 bit patterns."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    bits = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return bits.astype(np.uint16)


def from_bf16(b):
    return (b.astype(np.uint32) << 16).view(np.float32)


def round_to(dtype, x):
    """x (float64) as the model's dtype would hold it, back in float64."""
    x = np.float32(x)
    if dtype == 'bfloat16':
        return float(from_bf16(to_bf16(np.array([x])))[0])
    if dtype == 'float16':
        return float(np.float16(x))
    return float(x)


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


# --- the transformers convention ---------------------------------------------------------------------------------

def rms_norm(x, w, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * w


def layer_norm(x, w, b, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def silu(x):
    return x / (1 + np.exp(-x))


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def inv_freq(theta, dims, scaling):
    inv = 1.0 / (theta ** (np.arange(0, dims, 2, dtype=np.float64) / dims))
    if not scaling or scaling.get('rope_type', scaling.get('type')) == 'default':
        return inv
    kind = scaling.get('rope_type', scaling.get('type'))
    if kind == 'linear':
        return inv / scaling['factor']
    assert kind == 'llama3', kind
    # transformers' _compute_llama3_parameters
    factor, low, high, old = scaling['factor'], scaling['low_freq_factor'], scaling['high_freq_factor'], \
        scaling['original_max_position_embeddings']
    low_wavelen, high_wavelen = old / low, old / high
    wavelen = 2 * np.pi / inv
    scaled = np.where(wavelen > low_wavelen, inv / factor, inv)
    smooth = (old / wavelen - low) / (high - low)
    smoothed = (1 - smooth) * scaled / factor + smooth * scaled
    medium = ~(wavelen < high_wavelen) & ~(wavelen > low_wavelen)
    return np.where(medium, smoothed, scaled)


def rotate(x, T, theta, dims, scaling):
    """rotate_half rotary on the first `dims` dimensions of each head of x [T, heads, hd]; the rest pass through."""
    freqs = np.outer(np.arange(T, dtype=np.float64), inv_freq(theta, dims, scaling))
    emb = np.concatenate([freqs, freqs], axis=-1)
    cos, sin = np.cos(emb)[:, None, :], np.sin(emb)[:, None, :]
    r, rest = x[..., :dims], x[..., dims:]
    return np.concatenate([r * cos + rotate_half(r) * sin, rest], axis=-1)


def mask(T, window):
    """Additive mask: -inf above the diagonal (causal) and, with a window, at keys j <= p - window."""
    p, j = np.arange(T)[:, None], np.arange(T)[None, :]
    hidden = j > p
    if window:
        hidden |= j <= p - window
    return np.where(hidden, -np.inf, 0.0)


class Family:
    """What differs between the families' modeling files, read from their config.json."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.type = cfg['model_type']
        self.gemma = self.type in ('gemma2', 'gemma3_text')

    def layers(self):
        return self.cfg['n_layer'] if self.type == 'gpt2' else self.cfg['num_hidden_layers']

    def sliding(self, layer):
        c = self.cfg
        if self.type == 'gemma2':
            return layer % 2 == 0
        if self.type == 'gemma3_text':
            return (layer + 1) % c.get('sliding_window_pattern', 6) != 0
        if self.type in ('qwen2', 'qwen3'):
            return c.get('use_sliding_window', False) and layer >= c.get('max_window_layers', 28)
        return self.type in ('mistral', 'phi3') and c.get('sliding_window') is not None

    def norm(self, w, name, x):
        c = self.cfg
        if self.type == 'gpt2':
            return layer_norm(x, w[name + '.weight'], w[name + '.bias'], c['layer_norm_epsilon'])
        gain = 1 + w[name + '.weight'] if self.gemma else w[name + '.weight']
        return rms_norm(x, gain, c['rms_norm_eps'])


def forward(cfg, w, ids):
    """Logits [T, vocab], the residual stream after every block [L][T, D] and attention probabilities [L][T, H, T]."""
    fam, c, T = Family(cfg), cfg, len(ids)
    if fam.type == 'gpt2':
        return forward_gpt2(cfg, w, ids)
    H, KV = c['num_attention_heads'], c['num_key_value_heads']
    hd = c.get('head_dim') or c['hidden_size'] // H
    rot = int(hd * c.get('partial_rotary_factor', 1.0))
    x = w['model.embed_tokens.weight'][ids]
    if fam.gemma:
        x = x * round_to(c['torch_dtype'], np.sqrt(c['hidden_size']))
    scale = c['query_pre_attn_scalar'] ** -0.5 if fam.gemma else hd ** -0.5
    resid, patterns = [], []
    for l in range(fam.layers()):
        p = 'model.layers.%d.' % l
        h = fam.norm(w, p + 'input_layernorm', x)
        if fam.type == 'phi3':
            qkv = h @ w[p + 'self_attn.qkv_proj.weight'].T
            q, k, v = np.split(qkv, [H * hd, H * hd + KV * hd], axis=-1)
        else:
            q, k, v = (h @ w[p + 'self_attn.%s_proj.weight' % n].T + w.get(p + 'self_attn.%s_proj.bias' % n, 0)
                       for n in 'qkv')
        q, k, v = q.reshape(T, H, hd), k.reshape(T, KV, hd), v.reshape(T, KV, hd)
        if p + 'self_attn.q_norm.weight' in w:
            q = fam.norm(w, p + 'self_attn.q_norm', q)
            k = fam.norm(w, p + 'self_attn.k_norm', k)
        sliding = fam.sliding(l)
        theta, scaling = c.get('rope_theta', 10000.0), c.get('rope_scaling')
        if fam.type == 'gemma3_text' and sliding:
            theta, scaling = c['rope_local_base_freq'], None
        q, k = rotate(q, T, theta, rot, scaling), rotate(k, T, theta, rot, scaling)
        k, v = np.repeat(k, H // KV, axis=1), np.repeat(v, H // KV, axis=1)
        scores = np.einsum('thd,shd->hts', q, k) * scale
        if c.get('attn_logit_softcapping'):
            cap = c['attn_logit_softcapping']
            scores = cap * np.tanh(scores / cap)
        probs = softmax(scores + mask(T, c.get('sliding_window') if sliding else None))
        patterns.append(probs.transpose(1, 0, 2))
        out = np.einsum('hts,shd->thd', probs, v).reshape(T, H * hd) @ w[p + 'self_attn.o_proj.weight'].T
        if fam.gemma:
            out = fam.norm(w, p + 'post_attention_layernorm', out)
            x = x + out
            h = fam.norm(w, p + 'pre_feedforward_layernorm', x)
        else:
            x = x + out
            h = fam.norm(w, p + 'post_attention_layernorm', x)
        if fam.type == 'phi3':
            gate, up = np.split(h @ w[p + 'mlp.gate_up_proj.weight'].T, 2, axis=-1)
        else:
            gate, up = h @ w[p + 'mlp.gate_proj.weight'].T, h @ w[p + 'mlp.up_proj.weight'].T
        mlp = ((gelu_tanh(gate) if fam.gemma else silu(gate)) * up) @ w[p + 'mlp.down_proj.weight'].T
        if fam.gemma:
            mlp = fam.norm(w, p + 'post_feedforward_layernorm', mlp)
        x = x + mlp
        resid.append(x)
    x = fam.norm(w, 'model.norm', x)
    tied = c.get('tie_word_embeddings', fam.gemma)
    logits = x @ (w['model.embed_tokens.weight'] if tied else w['lm_head.weight']).T
    if c.get('final_logit_softcapping'):
        cap = c['final_logit_softcapping']
        logits = cap * np.tanh(logits / cap)
    return logits, resid, patterns


def forward_gpt2(cfg, w, ids):
    """GPT-2: Conv1D projections (x @ W with W [in, out]), learned positions, LayerNorm, gelu_new."""
    c, T, H = cfg, len(ids), cfg['n_head']
    hd = c['n_embd'] // H
    x = w['transformer.wte.weight'][ids] + w['transformer.wpe.weight'][np.arange(T)]
    ln = Family(cfg).norm
    resid, patterns = [], []
    for l in range(c['n_layer']):
        p = 'transformer.h.%d.' % l
        h = ln(w, p + 'ln_1', x)
        qkv = h @ w[p + 'attn.c_attn.weight'] + w[p + 'attn.c_attn.bias']
        q, k, v = (a.reshape(T, H, hd) for a in np.split(qkv, 3, axis=-1))
        probs = softmax(np.einsum('thd,shd->hts', q, k) / np.sqrt(hd) + mask(T, None))
        patterns.append(probs.transpose(1, 0, 2))
        z = np.einsum('hts,shd->thd', probs, v).reshape(T, H * hd)
        x = x + z @ w[p + 'attn.c_proj.weight'] + w[p + 'attn.c_proj.bias']
        h = ln(w, p + 'ln_2', x)
        x = x + gelu_tanh(h @ w[p + 'mlp.c_fc.weight'] + w[p + 'mlp.c_fc.bias']) @ w[p + 'mlp.c_proj.weight'] \
            + w[p + 'mlp.c_proj.bias']
        resid.append(x)
    x = ln(w, 'transformer.ln_f', x)
    return x @ w['transformer.wte.weight'].T, resid, patterns


def softmax(scores):
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# --- random fixtures ---------------------------------------------------------------------------------------------

def configs(family, scaling=None, window=None):
    """config.json of a small model of `family` that exercises its quirks on 24 tokens."""
    base = {'hidden_size': 64, 'intermediate_size': 96, 'num_hidden_layers': 2, 'num_attention_heads': 4,
            'num_key_value_heads': 2, 'head_dim': 16, 'rms_norm_eps': 1e-5, 'rope_theta': 100.0,
            'max_position_embeddings': 64, 'tie_word_embeddings': False, 'vocab_size': 100, 'torch_dtype': 'float32'}
    if family == 'llama':
        cfg = dict(base, model_type='llama', rope_scaling=None)
        if scaling == 'llama3':
            cfg['rope_scaling'] = {'rope_type': 'llama3', 'factor': 8.0, 'low_freq_factor': 1.0, 'high_freq_factor': 4.0,
                                   'original_max_position_embeddings': 16}
        return cfg
    if family == 'mistral':
        return dict(base, model_type='mistral', sliding_window=window or 4)
    if family == 'gpt2':
        return {'model_type': 'gpt2', 'n_embd': 64, 'n_layer': 2, 'n_head': 4, 'n_inner': 256, 'n_positions': 64,
                'vocab_size': 100, 'layer_norm_epsilon': 1e-5, 'activation_function': 'gelu_new',
                'tie_word_embeddings': True, 'torch_dtype': 'float32'}
    if family == 'qwen2':
        # Biases on q/k/v; the second layer slides (use_sliding_window from max_window_layers on).
        return dict(base, model_type='qwen2', rope_theta=1e4, rms_norm_eps=1e-6, use_sliding_window=True,
                    sliding_window=6, max_window_layers=1)
    if family == 'qwen3':
        return dict(base, model_type='qwen3', head_dim=32, rope_theta=1e4, rms_norm_eps=1e-6, tie_word_embeddings=True)
    if family == 'gemma2':
        # hidden 48 so that sqrt(48) rounds differently in bfloat16; head_dim 16 x 4 heads != 48.
        return dict(base, model_type='gemma2', hidden_size=48, num_hidden_layers=3, rope_theta=1e4, rms_norm_eps=1e-6,
                    query_pre_attn_scalar=24, sliding_window=6, attn_logit_softcapping=8.0,
                    final_logit_softcapping=6.0, hidden_activation='gelu_pytorch_tanh', tie_word_embeddings=True,
                    torch_dtype='bfloat16')
    if family == 'gemma3':
        return dict(base, model_type='gemma3_text', hidden_size=48, num_hidden_layers=3, head_dim=16,
                    rope_theta=1e6, rope_local_base_freq=1e2, rope_scaling={'rope_type': 'linear', 'factor': 8.0},
                    rms_norm_eps=1e-6, query_pre_attn_scalar=16, sliding_window=6, sliding_window_pattern=3,
                    attn_logit_softcapping=None, final_logit_softcapping=None, hidden_activation='gelu_pytorch_tanh',
                    tie_word_embeddings=True, torch_dtype='bfloat16')
    if family == 'phi3':
        return dict(base, model_type='phi3', num_key_value_heads=4, head_dim=16, partial_rotary_factor=0.5,
                    sliding_window=6, rope_scaling=None)
    raise SystemExit('unknown family ' + family)


def shapes(cfg):
    """name -> shape of every tensor of the family's checkpoint."""
    t = cfg['model_type']
    if t == 'gpt2':
        D, F, V, P = cfg['n_embd'], cfg['n_inner'], cfg['vocab_size'], cfg['n_positions']
        s = {'transformer.wte.weight': (V, D), 'transformer.wpe.weight': (P, D),
             'transformer.ln_f.weight': (D,), 'transformer.ln_f.bias': (D,)}
        for l in range(cfg['n_layer']):
            p = 'transformer.h.%d.' % l
            s.update({p + 'ln_1.weight': (D,), p + 'ln_1.bias': (D,), p + 'ln_2.weight': (D,), p + 'ln_2.bias': (D,),
                      p + 'attn.c_attn.weight': (D, 3 * D), p + 'attn.c_attn.bias': (3 * D,),
                      p + 'attn.c_proj.weight': (D, D), p + 'attn.c_proj.bias': (D,),
                      p + 'mlp.c_fc.weight': (D, F), p + 'mlp.c_fc.bias': (F,),
                      p + 'mlp.c_proj.weight': (F, D), p + 'mlp.c_proj.bias': (D,)})
        return s
    D, F, V = cfg['hidden_size'], cfg['intermediate_size'], cfg['vocab_size']
    H, KV, hd = cfg['num_attention_heads'], cfg['num_key_value_heads'], cfg['head_dim']
    gemma = t in ('gemma2', 'gemma3_text')
    s = {'model.embed_tokens.weight': (V, D), 'model.norm.weight': (D,)}
    if not cfg.get('tie_word_embeddings', gemma):
        s['lm_head.weight'] = (V, D)
    for l in range(cfg['num_hidden_layers']):
        p = 'model.layers.%d.' % l
        s.update({p + 'input_layernorm.weight': (D,), p + 'post_attention_layernorm.weight': (D,),
                  p + 'self_attn.o_proj.weight': (D, H * hd), p + 'mlp.down_proj.weight': (D, F)})
        if t == 'phi3':
            s.update({p + 'self_attn.qkv_proj.weight': ((H + 2 * KV) * hd, D), p + 'mlp.gate_up_proj.weight': (2 * F, D)})
        else:
            s.update({p + 'self_attn.q_proj.weight': (H * hd, D), p + 'self_attn.k_proj.weight': (KV * hd, D),
                      p + 'self_attn.v_proj.weight': (KV * hd, D),
                      p + 'mlp.gate_proj.weight': (F, D), p + 'mlp.up_proj.weight': (F, D)})
        if t == 'qwen2':
            s.update({p + 'self_attn.q_proj.bias': (H * hd,), p + 'self_attn.k_proj.bias': (KV * hd,),
                      p + 'self_attn.v_proj.bias': (KV * hd,)})
        if t in ('qwen3', 'gemma3_text'):
            s.update({p + 'self_attn.q_norm.weight': (hd,), p + 'self_attn.k_norm.weight': (hd,)})
        if gemma:
            s.update({p + 'pre_feedforward_layernorm.weight': (D,), p + 'post_feedforward_layernorm.weight': (D,)})
    return s


def random_model(family, out_dir, scaling=None, window=None, vocab=None):
    cfg = configs(family, scaling, window)
    if vocab:
        cfg['vocab_size'] = vocab
    rng = np.random.default_rng(20261122)
    gemma = cfg['model_type'] in ('gemma2', 'gemma3_text')
    tensors, weights = {}, {}
    for i, (name, shape) in enumerate(shapes(cfg).items()):
        if len(shape) == 2:
            x = rng.normal(0, 0.3, size=shape)
        elif name.endswith('.bias'):
            x = rng.normal(0, 0.2, size=shape)
        else:  # a norm gain; Gemma stores it as an offset from 1
            x = rng.normal(0, 0.1, size=shape) + (0.0 if gemma else 1.0)
        tensors[name], weights[name] = stored(DTYPES[i % 3], x.astype(np.float32))
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


def option(args, name):
    return args[args.index(name) + 1] if name in args else None


def main():
    if sys.argv[1] == 'random':
        family, out_dir, tokens, out = sys.argv[2:6]
        window = option(sys.argv, '--window')
        vocab = option(sys.argv, '--vocab')
        cfg, weights = random_model(family, out_dir, option(sys.argv, '--scaling'), int(window) if window else None,
                                    int(vocab) if vocab else None)
        if out == '-':
            return
        ids = [int(t) for t in tokens.split(',')]
        logits, resid, patterns = forward(cfg, weights, ids)
        result = {'logits': logits.tolist(), 'resid_post': [r.tolist() for r in resid],
                  'pattern': [p.tolist() for p in patterns], 'config': cfg}
        if window:
            result['logits_full_attention'] = forward(dict(cfg, sliding_window=None), weights, ids)[0].tolist()
        with open(out, 'w') as f:
            json.dump(result, f)
    elif sys.argv[1] == 'from-gguf':
        from_gguf(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
