#!/usr/bin/env python3
"""Independent check of a run directory written by `heatmap capture`.

Usage: check_run.py RUN SCHEMA_DIR

Validates trace.json / activations.json and every sidecar (read back with numpy, turned into the
read_sidecar object) against the JSON schemas with jsonschema's Draft202012Validator, checks the
sidecar key layout of PRODUCT.md, and recomputes every Tier 1 summary from the Tier 2 sidecars with
numpy. Prints "OK ..." and exits 0, or prints the first disagreement and exits 1.
"""
import json
import math
import os
import sys

import numpy as np
from jsonschema import Draft202012Validator


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def validate(schema_dir, name, obj, what):
    with open(os.path.join(schema_dir, name)) as f:
        schema = json.load(f)
    errors = sorted(Draft202012Validator(schema).iter_errors(obj), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        fail(f"{what}: {'/'.join(map(str, e.path))}: {e.message[:300]}")


def top_order(values, k):
    """Indices of the k largest values, descending, ties to the lower index."""
    idx = np.arange(len(values))
    return np.lexsort((idx, -values))[:k]


def close(a, b, what, tol=1e-6):
    if not math.isclose(a, b, rel_tol=tol, abs_tol=tol):
        fail(f"{what}: trace has {b!r}, numpy recomputes {a!r}")


def check_attention(run, trace, schema_dir):
    meta = trace.get("attention_metadata")
    n_prompt = len(trace["prompt_tokens"])
    qkv = trace["capture"].get("qkv", False)
    count = 0
    for s in trace["steps"]:
        ref = s["attention_sidecar_ref"]
        if ref is None:
            continue
        count += 1
        with np.load(os.path.join(run, ref), allow_pickle=False) as z:
            keys = set(z.files)
            layers = [int(x) for x in z["layers"]]
            if layers != meta["captured_layers"]:
                fail(f"{ref}: layers {layers} != captured_layers {meta['captured_layers']}")
            H, KV, D = int(z["num_attention_heads"]), int(z["num_key_value_heads"]), int(z["head_dim"])
            if int(z["step"]) != s["step"] or str(z["schema_version"]) == "":
                fail(f"{ref}: step/schema_version")
            obj = {"schema_version": str(z["schema_version"]), "step": int(z["step"]), "num_attention_heads": H,
                   "num_key_value_heads": KV, "head_dim": D, "layers": []}
            K = n_prompt + s["step"]
            for li, L in enumerate(layers):
                w = z[f"layer_{L}/attention_weights"]
                if w.dtype != np.float32 or w.shape != (H, K):
                    fail(f"{ref}: layer {L} attention_weights {w.dtype} {w.shape}, expected float32 {(H, K)}")
                sums = w.astype(np.float64).sum(axis=1)
                if not np.allclose(sums, 1.0, atol=1e-5):
                    fail(f"{ref}: layer {L} rows sum to {sums}")
                layer = {"layer": L, "attention_weights": w.tolist()}
                for name, shape in (("q_last", (H, D)), ("k_last", (KV, D)), ("v_last", (KV, D))):
                    key = f"layer_{L}/{name}"
                    if qkv:
                        if key not in keys or z[key].shape != shape:
                            fail(f"{ref}: {key} missing or not {shape}")
                        layer[name] = z[key].tolist()
                    elif key in keys:
                        fail(f"{ref}: {key} present without QKV capture")
                obj["layers"].append(layer)
                summary = s["attention"][li]
                if summary["layer"] != L:
                    fail(f"step {s['step']}: inline attention layer order")
                for h in range(H):
                    row = w[h].astype(np.float64)
                    nz = row[row > 0]
                    head = summary["heads"][h]
                    where = f"step {s['step']} layer {L} head {h}"
                    close(float(-(nz * np.log(nz)).sum()), head["entropy"], where + " entropy")
                    close(float(row.max()), head["max_weight"], where + " max_weight")
                    close(float(row[0]), head["sink_weight"], where + " sink_weight")
                    order = top_order(w[h], len(head["top"]))
                    if [t["position"] for t in head["top"]] != [int(i) for i in order]:
                        fail(f"{where} top positions {[t['position'] for t in head['top']]} != numpy {order.tolist()}")
                    for t in head["top"]:
                        close(float(row[t["position"]]), t["weight"], where + " top weight")
            validate(schema_dir, "attention-sidecar.schema.json", obj, ref)
    return count


def check_activations(run, trace, acts, schema_dir):
    meta = acts["activation_metadata"]
    if meta["tokenizer_fingerprint"] != trace["tokenizer"]["tokenizer_fingerprint"]:
        fail("tokenizer fingerprints differ")
    if len(acts["steps"]) != len(trace["steps"]):
        fail("activations.json and trace.json have different step counts")
    thr = trace["capture"]["sparsity_threshold"]
    subs = meta["captured_submodules"]
    layers = meta["captured_layers"]
    count = 0
    for a, s in zip(acts["steps"], trace["steps"]):
        if a["token_id"] != s["token_id"] or a["decoded_text_offset"] != s["decoded_text_offset"]:
            fail(f"step {a['step']}: token/offset differ between the two files")
        expected = [(L, sub) for L in layers for sub in subs]
        if [(e["layer"], e["submodule"]) for e in a["activations"]] != expected:
            fail(f"step {a['step']}: entries not layer-major in captured_submodules order")
        ref = a.get("activation_sidecar_ref")
        if ref is None:
            continue
        count += 1
        with np.load(os.path.join(run, ref), allow_pickle=False) as z:
            if [str(x) for x in z["captured_submodules"]] != subs or [int(x) for x in z["captured_layers"]] != layers:
                fail(f"{ref}: captured_submodules/layers disagree with activations.json")
            dim = int(z["hidden_dim"])
            obj = {"schema_version": str(z["schema_version"]), "step": int(z["step"]), "num_layers": int(z["num_layers"]),
                   "hidden_dim": dim, "captured_submodules": subs, "captured_layers": layers, "layers": []}
            entries = iter(a["activations"])
            for L in layers:
                tensors = {}
                for sub in subs:
                    x = z[f"layer_{L}/{sub}"]
                    if x.dtype != np.float32 or x.shape != (dim,):
                        fail(f"{ref}: layer_{L}/{sub} is {x.dtype} {x.shape}")
                    tensors[sub] = x.tolist()
                    e = next(entries)
                    x64 = x.astype(np.float64)
                    where = f"step {a['step']} layer {L} {sub}"
                    close(float(np.sqrt((x64 * x64).sum())), e["l2_norm"], where + " l2_norm")
                    close(float(np.abs(x64).mean()), e["mean_abs"], where + " mean_abs")
                    close(float((np.abs(x64) < thr).mean()), e["sparsity"], where + " sparsity")
                    order = top_order(np.abs(x), len(e["top_neurons"]))
                    if [t["index"] for t in e["top_neurons"]] != [int(i) for i in order]:
                        fail(f"{where} top neurons {[t['index'] for t in e['top_neurons']]} != numpy {order.tolist()}")
                    for t in e["top_neurons"]:
                        close(float(x[t["index"]]), t["value"], where + " neuron value")
                obj["layers"].append({"layer": L, "submodule_tensors": tensors})
            validate(schema_dir, "activation-sidecar.schema.json", obj, ref)
    return count


def main():
    run, schema_dir = sys.argv[1], sys.argv[2]
    with open(os.path.join(run, "trace.json")) as f:
        trace = json.load(f)
    validate(schema_dir, "trace.schema.json", trace, "trace.json")
    for i, s in enumerate(trace["steps"]):
        p = math.exp(s["logprob"])
        close(p, s["prob"], f"step {i} prob", 1e-9)
        if s["rank"] == 1 and s["top_k"]:
            close(s["top_k"][0]["logprob"], s["logprob"], f"step {i} rank 1 vs first alternative", 1e-12)
        lps = [t["logprob"] for t in s["top_k"]]
        if lps != sorted(lps, reverse=True) or sum(math.exp(x) for x in lps) > 1 + 1e-9:
            fail(f"step {i}: top_k not descending or more than the whole mass")
    n_att = check_attention(run, trace, schema_dir) if trace.get("attention_metadata") else 0
    n_act = 0
    if trace.get("activations_ref"):
        with open(os.path.join(run, trace["activations_ref"])) as f:
            acts = json.load(f)
        validate(schema_dir, "activation.schema.json", acts, "activations.json")
        n_act = check_activations(run, trace, acts, schema_dir)
    print(f"OK {len(trace['steps'])} steps, {n_att} attention sidecars, {n_act} activation sidecars")


if __name__ == "__main__":
    main()
