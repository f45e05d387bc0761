#!/usr/bin/env python3
"""Peer of DiffBench: `generate` writes two synthetic runs (activations.json + numpy.savez_compressed activation
sidecars, like a capture with --capture-full-activations); `diff` computes what `heatmap diff` computes for them
(token_id alignment, per (layer, submodule) l2 of a - b, cosine, top-k |a - b|) with numpy and writes the same
activation-diff JSON. Prints the seconds the diff took (interpreter start excluded) on its last line."""
import argparse
import json
import os
import time

import numpy as np

SUBMODULES = ["resid_pre", "o_proj", "mlp.down_proj", "resid_post"]


def generate(out, steps, layers, submodules, hidden, seed):
    rng = np.random.default_rng(seed)
    subs = SUBMODULES[:submodules]
    for side, fingerprint in (("a", "bench-tokenizer"), ("b", "bench-tokenizer")):
        run = os.path.join(out, side)
        os.makedirs(os.path.join(run, "activations"), exist_ok=True)
        records = []
        for step in range(steps):
            arrays = {"schema_version": np.array("1.0.0"), "step": np.array(step, dtype=np.int64),
                      "num_layers": np.array(layers, dtype=np.int64), "hidden_dim": np.array(hidden, dtype=np.int64),
                      "captured_submodules": np.array(subs), "captured_layers": np.arange(layers, dtype=np.int64)}
            for layer in range(layers):
                for s in subs:
                    arrays[f"layer_{layer}/{s}"] = rng.standard_normal(hidden, dtype=np.float32)
            ref = f"activations/step_{step:06d}.npz"
            np.savez_compressed(os.path.join(run, ref), **arrays)
            records.append({"step": step, "token_id": step % 1000, "decoded_text_offset": 4 * step,
                            "activations": [], "activation_sidecar_ref": ref})
        doc = {"schema_version": "1.1.0",
               "activation_metadata": {"captured_submodules": subs, "num_layers": layers, "hidden_dim": hidden,
                                       "tokenizer_fingerprint": fingerprint, "captured_layers": list(range(layers))},
               "steps": records}
        with open(os.path.join(run, "activations.json"), "w") as f:
            json.dump(doc, f)


def diff(run_a, run_b, out, top_k):
    start = time.perf_counter()
    with open(os.path.join(run_a, "activations.json")) as f:
        act_a = json.load(f)
    with open(os.path.join(run_b, "activations.json")) as f:
        act_b = json.load(f)
    meta_a, meta_b = act_a["activation_metadata"], act_b["activation_metadata"]
    slots = [(l, s) for l in meta_a["captured_layers"] if l in meta_b["captured_layers"]
             for s in meta_a["captured_submodules"] if s in meta_b["captured_submodules"]]
    steps, mismatches = [], []
    n = min(len(act_a["steps"]), len(act_b["steps"]))
    for i in range(n):
        sa, sb = act_a["steps"][i], act_b["steps"][i]
        if sa["token_id"] != sb["token_id"]:
            mismatches += [{"step_a": i, "reason": "token_id_divergence"}, {"step_b": i, "reason": "token_id_divergence"}]
            continue
        with np.load(os.path.join(run_a, sa["activation_sidecar_ref"])) as za, \
                np.load(os.path.join(run_b, sb["activation_sidecar_ref"])) as zb:
            deltas = []
            for layer, s in slots:
                a, b = za[f"layer_{layer}/{s}"], zb[f"layer_{layer}/{s}"]
                d = a - b
                na, nb = np.linalg.norm(a), np.linalg.norm(b)
                cos = float(np.dot(a, b) / (na * nb)) if na > 0 and nb > 0 else float(na == nb)
                top = np.argpartition(-np.abs(d), top_k - 1)[:top_k] if top_k < len(d) else np.arange(len(d))
                top = top[np.lexsort((top, -np.abs(d[top])))]
                deltas.append({"layer": layer, "submodule": s, "l2": float(np.linalg.norm(d)), "cosine": cos,
                               "top_changed_neurons": [{"index": int(j), "delta": float(d[j])} for j in top]})
        steps.append({"step": len(steps), "token_id_a": sa["token_id"], "token_id_b": sb["token_id"],
                      "decoded_text_offset_a": sa["decoded_text_offset"],
                      "decoded_text_offset_b": sb["decoded_text_offset"], "delta": deltas})
    with open(out, "w") as f:
        json.dump({"schema_version": "1.0.0", "steps": steps,
                   "alignment": {"mode": "token_id", "tokenizer_a_fingerprint": meta_a["tokenizer_fingerprint"],
                                 "tokenizer_b_fingerprint": meta_b["tokenizer_fingerprint"], "mismatches": mismatches}}, f)
    print(f"{time.perf_counter() - start:.3f}")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("out")
    g.add_argument("--steps", type=int, default=1024)
    g.add_argument("--layers", type=int, default=8)
    g.add_argument("--submodules", type=int, default=4)
    g.add_argument("--hidden", type=int, default=2048)
    g.add_argument("--seed", type=int, default=0)
    d = sub.add_parser("diff")
    d.add_argument("a")
    d.add_argument("b")
    d.add_argument("out")
    d.add_argument("--top-k", type=int, default=16)
    args = ap.parse_args()
    if args.cmd == "generate":
        generate(args.out, args.steps, args.layers, args.submodules, args.hidden, args.seed)
    else:
        diff(args.a, args.b, args.out, args.top_k)


if __name__ == "__main__":
    main()
