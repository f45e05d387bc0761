#!/usr/bin/env python3
"""Independent reference for `heatmap diff`: re-derives the alignment (docs/compare.md), recomputes l2 / cosine /
top changed neurons with numpy from the same .npz sidecars (numpy.load) or inline summaries, recomputes the token
diff (Jensen-Shannon in bits over the union of top-k keys + "other"), and validates both output files with
jsonschema's Draft202012Validator. Exits 1 with a message on the first disagreement."""
import argparse
import json
import math
import os
import sys

import jsonschema
import numpy as np


def fail(msg):
    print("MISMATCH: " + msg)
    sys.exit(1)


def load_side(run):
    act_path = run if os.path.isfile(run) else os.path.join(run, "activations.json")
    with open(act_path) as f:
        act = json.load(f)
    trace_path = os.path.join(os.path.dirname(os.path.abspath(act_path)), "trace.json")
    trace = None
    if os.path.isfile(trace_path):
        with open(trace_path) as f:
            trace = json.load(f)
    return act_path, act, trace


def spans(act, trace):
    offsets = [s["decoded_text_offset"] for s in act["steps"]]
    n = len(offsets)
    if trace is not None and n:
        text_end = offsets[-1] + len(trace["steps"][-1]["text"])  # Python len counts code points
    else:
        text_end = math.inf
    out = []
    for i, start in enumerate(offsets):
        end = offsets[i + 1] if i + 1 < n else text_end
        out.append((start, max(end, start + 1)))
    return out


def align(act_a, act_b, trace_a, trace_b, mode):
    fa = act_a["activation_metadata"]["tokenizer_fingerprint"]
    fb = act_b["activation_metadata"]["tokenizer_fingerprint"]
    applied = mode if mode != "auto" else ("token_id" if fa == fb else "position")
    ids_a = [s["token_id"] for s in act_a["steps"]]
    ids_b = [s["token_id"] for s in act_b["steps"]]
    pairs, mism = [], []
    if applied == "token_id":
        common = min(len(ids_a), len(ids_b))
        for i in range(common):
            if ids_a[i] == ids_b[i]:
                pairs.append((i, i))
            else:
                mism += [{"step_a": i, "reason": "token_id_divergence"}, {"step_b": i, "reason": "token_id_divergence"}]
        i = j = common
    else:
        sa, sb = spans(act_a, trace_a), spans(act_b, trace_b)
        i = j = 0
        while i < len(sa) and j < len(sb):
            (a0, a1), (b0, b1) = sa[i], sb[j]
            if a0 == b0 or max(a0, b0) < min(a1, b1):
                pairs.append((i, j)); i += 1; j += 1
            elif a1 <= b0:
                mism.append({"step_a": i, "reason": "offset_gap"}); i += 1
            else:
                mism.append({"step_b": j, "reason": "offset_gap"}); j += 1
    mism += [{"step_a": k, "reason": "trailing_steps_in_a"} for k in range(i, len(ids_a))]
    mism += [{"step_b": k, "reason": "trailing_steps_in_b"} for k in range(j, len(ids_b))]
    return applied, pairs, mism


def vectors(act_path, step, from_summaries, hidden):
    """(layer, submodule) -> float32 vector of one step."""
    if from_summaries:
        out = {}
        for e in step["activations"]:
            v = np.zeros(hidden, dtype=np.float32)
            for n in e["top_neurons"]:
                v[n["index"]] = np.float32(n["value"])
            out[(e["layer"], e["submodule"])] = v
        return out
    path = os.path.join(os.path.dirname(os.path.abspath(act_path)), step["activation_sidecar_ref"])
    with np.load(path, allow_pickle=False) as z:
        assert int(z["step"]) == step["step"]
        return {(int(l), str(s)): z[f"layer_{int(l)}/{s}"].astype(np.float32)
                for l in z["captured_layers"] for s in z["captured_submodules"] if f"layer_{int(l)}/{s}" in z.files}


def check_delta(where, got, a, b, top_k):
    d64 = a.astype(np.float64) - b.astype(np.float64)
    l2 = float(np.sqrt(np.sum(d64 * d64)))
    na, nb = float(np.linalg.norm(a.astype(np.float64))), float(np.linalg.norm(b.astype(np.float64)))
    cos = (1.0 if na == nb else 0.0) if na == 0 or nb == 0 else float(np.dot(a.astype(np.float64), b.astype(np.float64)) / (na * nb))
    if not math.isclose(got["l2"], l2, rel_tol=1e-5, abs_tol=1e-5):
        fail(f"{where}: l2 {got['l2']} != numpy {l2}")
    if not math.isclose(got["cosine"], cos, abs_tol=1e-5):
        fail(f"{where}: cosine {got['cosine']} != numpy {cos}")
    d32 = (a - b).astype(np.float32)  # the signed delta as float32 subtraction gives it
    order = sorted(range(len(d32)), key=lambda n: (-abs(float(d32[n])), n))[:top_k]
    got_top = got["top_changed_neurons"]
    if [t["index"] for t in got_top] != order:
        fail(f"{where}: top changed {[t['index'] for t in got_top]} != numpy {order}")
    for t in got_top:
        if float(np.float32(t["delta"])) != float(d32[t["index"]]):
            fail(f"{where}: delta at {t['index']} is {t['delta']}, numpy {d32[t['index']]}")


def js_bits(alts_a, alts_b, key):
    if not alts_a or not alts_b:
        return None
    def dist(alts):
        p = {}
        total = sum(math.exp(x["logprob"]) for x in alts)
        scale = 1 / total if total > 1 else 1
        for x in alts:
            p[x[key]] = p.get(x[key], 0) + math.exp(x["logprob"]) * scale
        return p, max(0.0, 1 - total * scale)
    (pa, oa), (pb, ob) = dist(alts_a), dist(alts_b)
    keys = sorted(set(pa) | set(pb), key=str)
    p = np.array([pa.get(k, 0) for k in keys] + [oa])
    q = np.array([pb.get(k, 0) for k in keys] + [ob])
    m = (p + q) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        kl_p = np.where(p > 0, p * np.log2(p / m), 0).sum()
        kl_q = np.where(q > 0, q * np.log2(q / m), 0).sum()
    return float(min(1.0, max(0.0, 0.5 * kl_p + 0.5 * kl_q)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    ap.add_argument("--diff", required=True)
    ap.add_argument("--mode", default="auto")
    ap.add_argument("--top-k", type=int, default=16)
    ap.add_argument("--from-summaries", action="store_true")
    ap.add_argument("--schemas", required=True)
    args = ap.parse_args()

    path_a, act_a, trace_a = load_side(args.a)
    path_b, act_b, trace_b = load_side(args.b)
    with open(args.diff) as f:
        diff = json.load(f)
    with open(os.path.join(args.schemas, "activation-diff.schema.json")) as f:
        jsonschema.Draft202012Validator(json.load(f)).validate(diff)

    applied, pairs, mism = align(act_a, act_b, trace_a, trace_b, args.mode)
    al = diff["alignment"]
    if al["mode"] != args.mode:
        fail(f"alignment.mode {al['mode']} != {args.mode}")
    if al["mismatches"] != mism:
        fail(f"mismatches {al['mismatches']} != reference {mism}")
    if len(diff["steps"]) != len(pairs):
        fail(f"{len(diff['steps'])} diff steps, reference has {len(pairs)} pairs")

    meta_a, meta_b = act_a["activation_metadata"], act_b["activation_metadata"]
    layers_b = set(meta_b.get("captured_layers", range(meta_b["num_layers"])))
    slots = [(l, s) for l in meta_a.get("captured_layers", range(meta_a["num_layers"])) if l in layers_b
             for s in meta_a["captured_submodules"] if s in meta_b["captured_submodules"]]
    for k, (i, j) in enumerate(pairs):
        got = diff["steps"][k]
        sa, sb = act_a["steps"][i], act_b["steps"][j]
        expected_head = (k, sa["token_id"], sb["token_id"], sa["decoded_text_offset"], sb["decoded_text_offset"])
        head = (got["step"], got["token_id_a"], got["token_id_b"], got["decoded_text_offset_a"], got["decoded_text_offset_b"])
        if head != expected_head:
            fail(f"step {k}: {head} != reference {expected_head}")
        va = vectors(path_a, sa, args.from_summaries, meta_a["hidden_dim"])
        vb = vectors(path_b, sb, args.from_summaries, meta_b["hidden_dim"])
        present = [slot for slot in slots if slot in va and slot in vb]
        if [(d["layer"], d["submodule"]) for d in got["delta"]] != present:
            fail(f"step {k}: slots {[(d['layer'], d['submodule']) for d in got['delta']]} != {present}")
        for d, slot in zip(got["delta"], present):
            check_delta(f"step {k} layer {slot[0]} {slot[1]}", d, va[slot], vb[slot], args.top_k)

    tokens_path = args.diff[:-5] + ".tokens.json" if args.diff.endswith(".json") else args.diff + ".tokens.json"
    if trace_a is None or trace_b is None:
        if os.path.exists(tokens_path):
            fail("a token diff was written although a side has no trace.json")
        print(f"ok: {len(pairs)} pairs, {len(mism)} mismatches (no token diff)")
        return
    with open(tokens_path) as f:
        tokens = json.load(f)
    with open(os.path.join(args.schemas, "token-diff.schema.json")) as f:
        jsonschema.Draft202012Validator(json.load(f)).validate(tokens)
    same_tokenizer = act_a["activation_metadata"]["tokenizer_fingerprint"] == act_b["activation_metadata"]["tokenizer_fingerprint"]
    key = "token_id" if same_tokenizer else "text"
    if tokens["divergence"]["keyed_by"] != key or tokens["alignment"]["applied_mode"] != applied:
        fail(f"token diff header {tokens['divergence']} {tokens['alignment']} (expected {key}, {applied})")
    if tokens["activation_values"] != ("summaries" if args.from_summaries else "sidecars"):
        fail("activation_values " + tokens["activation_values"])
    for k, (i, j) in enumerate(pairs):
        t, a, b = tokens["steps"][k], trace_a["steps"][i], trace_b["steps"][j]
        if (t["step"], t["step_a"], t["step_b"]) != (k, i, j):
            fail(f"token step {k}: {(t['step'], t['step_a'], t['step_b'])} != {(k, i, j)}")
        for side, src in (("a", a), ("b", b)):
            for field in ("token_id", "text", "decoded_text_offset", "logprob", "entropy", "rank"):
                if t[side][field] != src[field]:
                    fail(f"token step {k} {side}.{field}: {t[side][field]} != {src[field]}")
        if not math.isclose(t["logprob_delta"], a["logprob"] - b["logprob"], abs_tol=1e-12):
            fail(f"token step {k}: logprob_delta")
        if not math.isclose(t["entropy_delta"], a["entropy"] - b["entropy"], abs_tol=1e-12):
            fail(f"token step {k}: entropy_delta")
        top1 = None if not a["top_k"] or not b["top_k"] else a["top_k"][0][key] == b["top_k"][0][key]
        if t["top1_agrees"] != top1:
            fail(f"token step {k}: top1_agrees {t['top1_agrees']} != {top1}")
        js = js_bits(a["top_k"], b["top_k"], key)
        if (js is None) != (t["js_divergence"] is None) or (js is not None and not math.isclose(t["js_divergence"], js, abs_tol=1e-9)):
            fail(f"token step {k}: js_divergence {t['js_divergence']} != numpy {js}")
    print(f"ok: {len(pairs)} pairs, {len(mism)} mismatches, token diff checked")


if __name__ == "__main__":
    main()
