#!/usr/bin/env python3
"""Independent numpy reference for the Java GGUF reader, dequantisers and quantisers (used by the engine tests).

  gguf_numpy.py info FILE                 -> JSON {version, metadata, tensors} on stdout (arrays of >64 items summarised)
  gguf_numpy.py dequant FILE OUTDIR       -> OUTDIR/<tensor name>.f32: every tensor dequantised, little-endian float32
  gguf_numpy.py quantize TYPE IN.f32 OUT  -> OUT: Q8_0 or Q4_0 blocks of the float32 array IN (ggml reference rules)
  gguf_numpy.py quantize_act IN.f32 OUT   -> OUT: activations as ggml's x86 quantize_row_q8_0 makes them, dequantised
                                             to float32 (d rounded through fp16, q = round-half-even(x * 127 / amax))

Written from the GGUF specification and ggml's block layouts; shares no code with the Java implementation.
"""
import json
import os
import struct
import sys

import numpy as np

SCALARS = {0: '<u1', 1: '<i1', 2: '<u2', 3: '<i2', 4: '<u4', 5: '<i4', 6: '<f4', 7: '<u1', 10: '<u8', 11: '<i8', 12: '<f8'}
# ggml type id -> (name, elements per block, bytes per block)
TYPES = {0: ('F32', 1, 4), 1: ('F16', 1, 2), 2: ('Q4_0', 32, 18), 8: ('Q8_0', 32, 34), 12: ('Q4_K', 256, 144),
         13: ('Q5_K', 256, 176), 14: ('Q6_K', 256, 210), 30: ('BF16', 1, 2)}


class Reader:
    def __init__(self, buf):
        self.buf, self.pos = buf, 0

    def take(self, fmt):
        v = struct.unpack_from(fmt, self.buf, self.pos)[0]
        self.pos += struct.calcsize(fmt)
        return v

    def string(self):
        n = self.take('<Q')
        s = self.buf[self.pos:self.pos + n].decode('utf-8', errors='replace')
        self.pos += n
        return s

    def value(self, vtype):
        if vtype == 8:
            return self.string()
        if vtype == 9:
            etype, n = self.take('<I'), self.take('<Q')
            return [self.value(etype) for _ in range(n)]
        v = np.frombuffer(self.buf, dtype=SCALARS[vtype], count=1, offset=self.pos)[0]
        self.pos += np.dtype(SCALARS[vtype]).itemsize
        return bool(v) if vtype == 7 else v.item()


def parse(path):
    buf = open(path, 'rb').read()
    r = Reader(buf)
    assert r.take('<I') == 0x46554747, 'bad magic'
    version = r.take('<I')
    n_tensors, n_kv = r.take('<Q'), r.take('<Q')
    meta = {}
    for _ in range(n_kv):
        key = r.string()
        meta[key] = r.value(r.take('<I'))
    tensors = []
    for _ in range(n_tensors):
        name = r.string()
        dims = [r.take('<Q') for _ in range(r.take('<I'))]
        tensors.append({'name': name, 'type': r.take('<I'), 'dims': dims, 'offset': r.take('<Q')})
    align = meta.get('general.alignment', 32)
    data_start = (r.pos + align - 1) // align * align
    return buf, version, meta, tensors, data_start


def f16(b):
    return np.ascontiguousarray(b).view('<f2').astype(np.float32).reshape(-1, 1)


def k_scales(s):
    """6-bit scales and mins of Q4_K/Q5_K: s is (blocks, 12) uint8 -> two (blocks, 8) arrays."""
    sc = np.empty((s.shape[0], 8), np.uint8)
    mn = np.empty((s.shape[0], 8), np.uint8)
    sc[:, :4] = s[:, 0:4] & 63
    mn[:, :4] = s[:, 4:8] & 63
    sc[:, 4:] = (s[:, 8:12] & 0xF) | ((s[:, 0:4] >> 6) << 4)
    mn[:, 4:] = (s[:, 8:12] >> 4) | ((s[:, 4:8] >> 6) << 4)
    return sc.astype(np.float32), mn.astype(np.float32)


def dequant(tname, raw):
    if tname == 'F32':
        return raw.view('<f4').astype(np.float32)
    if tname == 'F16':
        return raw.view('<f2').astype(np.float32)
    if tname == 'BF16':
        return (raw.view('<u2').astype(np.uint32) << 16).view(np.float32)
    if tname == 'Q8_0':
        b = raw.reshape(-1, 34)
        return (f16(b[:, :2]) * b[:, 2:].view(np.int8).astype(np.float32)).ravel()
    if tname == 'Q4_0':
        b = raw.reshape(-1, 18)
        qs = b[:, 2:]
        q = np.concatenate([(qs & 0xF), (qs >> 4)], axis=1).astype(np.float32) - 8
        return (f16(b[:, :2]) * q).ravel()
    if tname in ('Q4_K', 'Q5_K'):
        size = 144 if tname == 'Q4_K' else 176
        b = raw.reshape(-1, size)
        d, dmin = f16(b[:, 0:2]), f16(b[:, 2:4])
        sc, mn = k_scales(b[:, 4:16])
        qs = b[:, 16:144] if tname == 'Q4_K' else b[:, 48:176]
        qh = b[:, 16:48] if tname == 'Q5_K' else None
        out = np.empty((b.shape[0], 256), np.float32)
        for c in range(4):
            chunk = qs[:, 32 * c:32 * c + 32]
            for half, nib in ((0, chunk & 0xF), (1, chunk >> 4)):
                s = 2 * c + half
                q = nib.astype(np.float32)
                if qh is not None:
                    q = q + ((qh >> s) & 1).astype(np.float32) * 16
                out[:, 64 * c + 32 * half:64 * c + 32 * half + 32] = (d * sc[:, s:s + 1]) * q - dmin * mn[:, s:s + 1]
        return out.ravel()
    if tname == 'Q6_K':
        b = raw.reshape(-1, 210)
        ql, qh, sc, d = b[:, 0:128], b[:, 128:192], b[:, 192:208].view(np.int8).astype(np.float32), f16(b[:, 208:210])
        out = np.empty((b.shape[0], 256), np.float32)
        for h in range(2):
            lo, hi = ql[:, 64 * h:64 * h + 64], qh[:, 32 * h:32 * h + 32]
            parts = [lo[:, :32] & 0xF, lo[:, 32:] & 0xF, lo[:, :32] >> 4, lo[:, 32:] >> 4]
            for k in range(4):
                q = (parts[k] | (((hi >> (2 * k)) & 3) << 4)).astype(np.float32) - 32
                for g in range(2):  # two groups of 16 values, one int8 scale each
                    col = 128 * h + 32 * k + 16 * g
                    scale = sc[:, 8 * h + 2 * k + g:8 * h + 2 * k + g + 1]
                    out[:, col:col + 16] = (d * scale) * q[:, 16 * g:16 * g + 16]
        return out.ravel()
    raise SystemExit('unsupported type ' + tname)


def quantize(tname, x):
    x = x.reshape(-1, 32).astype(np.float32)
    if tname == 'Q8_0':
        d = (np.abs(x).max(axis=1) / np.float32(127)).astype(np.float32)
        inv = np.where(d != 0, np.float32(1) / np.where(d != 0, d, 1), 0).astype(np.float32)
        v = x * inv[:, None]
        q = (np.sign(v) * np.floor(np.abs(v) + np.float32(0.5))).astype(np.int8)  # C roundf
        return np.concatenate([d.astype('<f2').view(np.uint8).reshape(-1, 2), q.view(np.uint8)], axis=1).tobytes()
    if tname == 'Q4_0':
        idx = np.abs(x).argmax(axis=1)  # first index of the largest magnitude, like the C loop's strict '>'
        m = x[np.arange(x.shape[0]), idx]
        d = (m / np.float32(-8)).astype(np.float32)
        inv = np.where(d != 0, np.float32(1) / np.where(d != 0, d, 1), 0).astype(np.float32)
        q = np.minimum(15, np.trunc(x * inv[:, None] + np.float32(8.5))).astype(np.uint8)
        packed = q[:, :16] | (q[:, 16:] << 4)
        return np.concatenate([d.astype('<f2').view(np.uint8).reshape(-1, 2), packed], axis=1).tobytes()
    raise SystemExit('cannot quantize to ' + tname)


def summarise(v):
    if isinstance(v, list) and len(v) > 64:
        return {'length': len(v), 'first': v[:8], 'last': v[-8:]}
    return v


def main():
    cmd = sys.argv[1]
    if cmd == 'info':
        _, version, meta, tensors, data_start = parse(sys.argv[2])
        for t in tensors:
            t['type'] = TYPES.get(t['type'], (str(t['type']),))[0]
        json.dump({'version': version, 'data_start': data_start, 'metadata': {k: summarise(v) for k, v in meta.items()},
                   'tensors': tensors}, sys.stdout)
    elif cmd == 'dequant':
        buf, _, _, tensors, data_start = parse(sys.argv[2])
        for t in tensors:
            name, per_block, block_bytes = TYPES[t['type']]
            n = int(np.prod(t['dims']))
            start = data_start + t['offset']
            raw = np.frombuffer(buf, np.uint8, count=n // per_block * block_bytes, offset=start)
            dequant(name, raw).astype('<f4').tofile(os.path.join(sys.argv[3], t['name'] + '.f32'))
    elif cmd == 'quantize':
        x = np.fromfile(sys.argv[3], dtype='<f4')
        open(sys.argv[4], 'wb').write(quantize(sys.argv[2], x))
    elif cmd == 'quantize_act':
        x = np.fromfile(sys.argv[2], dtype='<f4').reshape(-1, 32)
        amax = np.abs(x).max(axis=1)
        d = (amax / np.float32(127)).astype(np.float16).astype(np.float32)
        inv = np.where(amax != 0, np.float32(127) / np.where(amax != 0, amax, 1), 0).astype(np.float32)
        q = np.rint(x * inv[:, None])
        (q * d[:, None]).astype('<f4').tofile(sys.argv[3])
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main()
