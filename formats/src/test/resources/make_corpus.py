import json, os, copy, shutil
import numpy as np
R = "."
shutil.rmtree("valid", ignore_errors=True); shutil.rmtree("invalid", ignore_errors=True)

def head(h, pos0):
    return {"head": h, "entropy": 0.9, "max_weight": 0.6, "sink_weight": 0.3,
            "top": [{"position": pos0, "weight": 0.6}, {"position": 0, "weight": 0.3}]}
def step(i, ref=None):
    return {"step": i, "token_id": 10 + i, "text": " w%d" % i, "decoded_text_offset": 3 * i,
            "logprob": -0.5 - i, "prob": float(np.exp(-0.5 - i)), "entropy": 1.25, "rank": 1 + i,
            "top_k": [{"token_id": 7, "text": " a", "logprob": -0.2}, {"token_id": 10 + i, "text": " w", "logprob": -0.5 - i}],
            "attention": [{"layer": l, "heads": [head(0, 2 + i), head(1, 1)]} for l in (0, 2)],
            "attention_sidecar_ref": ref, "time_ms": 2.5}
TRACE = {
  "schema_version": "2.0.0", "created_at": "2026-11-22T01:00:00Z", "producer": "hand-made",
  "model": {"name": "tiny", "architecture": "llama", "file_format": "gguf", "quantization": "F32", "num_layers": 3,
            "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4, "hidden_dim": 8, "vocab_size": 32,
            "source_path": "tiny.gguf", "content_sha256": "0" * 64},
  "tokenizer": {"kind": "sentencepiece-bpe", "vocab_size": 32, "tokenizer_fingerprint": "fp-1",
                "special_token_ids": {"bos": 1, "eos": 2, "pad": None, "unk": 0}},
  "generation": {"mode": "generate", "prompt": "Hi", "max_new_tokens": 2, "temperature": 0, "top_k": 0, "top_p": 1,
                 "seed": 1, "stop_reason": "max_new_tokens"},
  "prompt_tokens": [{"position": 0, "token_id": 1, "text": "<s>", "logprob": None, "entropy": None, "rank": None},
                    {"position": 1, "token_id": 5, "text": "Hi", "logprob": -2.0, "entropy": 2.5, "rank": 3}],
  "attention_metadata": {"captured_layers": [0, 2], "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4, "top_k": 2},
  "activations_ref": None,
  "steps": [step(0), step(1)],
  "summary": {"num_prompt_tokens": 2, "num_steps": 2, "mean_logprob": -1.0, "perplexity": 2.718281828459045,
              "mean_entropy": 1.25, "tokens_per_second": 100.0, "generated_text": " w0 w1"}}
def entry(layer, sub, idx=(3, 1)):
    return {"layer": layer, "submodule": sub, "l2_norm": 2.0, "mean_abs": 0.5, "sparsity": 0.25,
            "top_neurons": [{"index": idx[0], "value": -1.5}, {"index": idx[1], "value": 1.0}]}
ACT = {"schema_version": "1.1.0",
       "activation_metadata": {"captured_submodules": ["resid_pre", "resid_post"], "num_layers": 3, "hidden_dim": 8,
                               "tokenizer_fingerprint": "fp-1", "captured_layers": [0, 2]},
       "steps": [{"step": i, "token_id": 10 + i, "decoded_text_offset": 3 * i,
                  "activations": [entry(l, s) for l in (0, 2) for s in ("resid_pre", "resid_post")],
                  "activation_sidecar_ref": None} for i in range(2)]}
DIFF = {"schema_version": "1.0.0",
        "alignment": {"mode": "token_id", "tokenizer_a_fingerprint": "fp-1", "tokenizer_b_fingerprint": "fp-1",
                      "mismatches": [{"step_a": 2, "step_b": None, "reason": "trailing_steps_in_a"}]},
        "steps": [{"step": i, "token_id_a": 10 + i, "token_id_b": 10 + i, "decoded_text_offset_a": 3 * i,
                   "decoded_text_offset_b": 3 * i,
                   "delta": [{"layer": 0, "submodule": "resid_pre", "l2": 0.5, "cosine": 0.9,
                              "top_changed_neurons": [{"index": 1, "delta": -0.4}, {"index": 2, "delta": 0.1}]}]}
                  for i in range(2)]}
def side(i, logprob, entropy):
    return {"token_id": 10 + i, "text": " w%d" % i, "decoded_text_offset": 3 * i, "logprob": logprob,
            "prob": float(np.exp(logprob)), "entropy": entropy, "rank": 1, "top1": {"token_id": 7, "text": " a", "logprob": -0.2}}
TOKDIFF = {"schema_version": "1.0.0", "activation_diff": "diff.json",
           "a": {"trace": "a/trace.json", "model": "tiny", "tokenizer_fingerprint": "fp-1"},
           "b": {"trace": "b/trace.json", "model": None, "tokenizer_fingerprint": "fp-1"},
           "alignment": {"mode": "token_id", "applied_mode": "token_id", "pairs": 2, "unpaired_steps_a": 1, "unpaired_steps_b": 0},
           "activation_values": "sidecars",
           "divergence": {"measure": "jensen_shannon", "log_base": 2, "keyed_by": "token_id"},
           "steps": [{"step": i, "step_a": i, "step_b": i, "a": side(i, -0.5 - i, 1.25), "b": side(i, -0.75 - i, 1.0),
                      "top1_agrees": True, "logprob_delta": 0.25, "entropy_delta": 0.25, "js_divergence": 0.125 + 0.25 * i}
                     for i in range(2)],
           "summary": {"num_steps": 2, "top1_agreement_rate": 1.0, "mean_js_divergence": 0.25,
                       "mean_abs_logprob_delta": 0.25, "mean_abs_entropy_delta": 0.25}}

def attention_npz(path, step, layers):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    arrays = {"schema_version": np.array("2.0.0"), "step": np.array(step, dtype=np.int64),
              "num_attention_heads": np.array(2, dtype=np.int64), "num_key_value_heads": np.array(1, dtype=np.int64),
              "head_dim": np.array(4, dtype=np.int64), "layers": np.array(layers, dtype=np.int64)}
    for l in layers:
        w = np.array([[0.3, 0.1, 0.6], [0.5, 0.25, 0.25]], dtype=np.float32)
        arrays["layer_%d/attention_weights" % l] = w
    np.savez(path, **arrays)
def activation_npz(path, step, layers):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    arrays = {"schema_version": np.array("1.0.0"), "step": np.array(step, dtype=np.int64),
              "num_layers": np.array(3, dtype=np.int64), "hidden_dim": np.array(8, dtype=np.int64),
              "captured_submodules": np.array(["resid_pre", "resid_post"]), "captured_layers": np.array(layers, dtype=np.int64)}
    for l in layers:
        for s in ("resid_pre", "resid_post"):
            arrays["layer_%d/%s" % (l, s)] = np.linspace(-1, 1, 8, dtype=np.float32)
    np.savez_compressed(path, **arrays)

def dump(path, doc, raw=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(raw if raw is not None else json.dumps(doc, indent=1))

# Valid run directory with sidecars and a companion activation trace.
run = copy.deepcopy(TRACE); run["activations_ref"] = "activations.json"
run["steps"][0]["attention_sidecar_ref"] = "attention/step_000000.npz"
act = copy.deepcopy(ACT); act["steps"][0]["activation_sidecar_ref"] = "activations/step_000000.npz"
dump("valid/run/trace.json", run); dump("valid/run/activations.json", act); dump("valid/diff.json", DIFF)
dump("valid/diff.tokens.json", TOKDIFF)
attention_npz("valid/run/attention/step_000000.npz", 0, [0, 2])
activation_npz("valid/run/activations/step_000000.npz", 0, [0, 2])

cases = []  # (case, file, place, fragment, python verdict)
def case(name, base, mutate, place, fragment, python, file=None, raw=None):
    doc = copy.deepcopy(base)
    if mutate: mutate(doc)
    file = file or {id(TRACE): "trace.json", id(ACT): "activations.json", id(DIFF): "diff.json", id(TOKDIFF): "diff.tokens.json"}[id(base)]
    dump("invalid/%s/%s" % (name, file), doc, raw(doc) if raw else None)
    cases.append((name + "/" + file, place, fragment, python))

def setp(path, value):
    def f(doc):
        d = doc
        for k in path[:-1]: d = d[k]
        d[path[-1]] = value
    return f
# main trace
case("trace-step-index", TRACE, setp(["steps", 1, "step"], 5), "/steps/1/step", "must equal its index 1", "valid")
case("trace-prompt-position", TRACE, setp(["prompt_tokens", 1, "position"], 3), "/prompt_tokens/1/position", "must equal its index 1", "valid")
def unsorted(doc):
    doc["attention_metadata"]["captured_layers"] = [2, 0]
    for s in doc["steps"]: s["attention"].reverse()
case("trace-layers-unsorted", TRACE, unsorted, "/attention_metadata/captured_layers/1", "must be ascending and duplicate-free", "valid")
case("trace-layers-duplicate", TRACE, setp(["attention_metadata", "captured_layers"], [0, 0]), "/attention_metadata/captured_layers/1", "duplicate 0", "valid")
case("trace-attention-order", TRACE, lambda d: d["steps"][1]["attention"].reverse(), "/steps/1/attention", "must be attention_metadata.captured_layers [0, 2] in that order", "valid")
case("trace-head-order", TRACE, setp(["steps", 0, "attention", 0, "heads", 1, "head"], 0), "/steps/0/attention/0/heads/1/head", "heads must be in head order", "valid")
case("trace-layer-out-of-model", TRACE, lambda d: [d["attention_metadata"].update(captured_layers=[0, 3])] + [s["attention"][1].update(layer=3) for s in d["steps"]], "/attention_metadata/captured_layers/1", "model.num_layers is 3", "valid")
case("trace-sidecar-missing", TRACE, setp(["steps", 0, "attention_sidecar_ref"], "attention/step_000000.npz"), "/steps/0/attention_sidecar_ref", "does not resolve to a file", "valid")
case("trace-sidecar-absolute", TRACE, setp(["steps", 0, "attention_sidecar_ref"], "/etc/passwd"), "/steps/0/attention_sidecar_ref", "must be a non-empty path relative", "valid")
case("trace-sidecar-step", TRACE, setp(["steps", 0, "attention_sidecar_ref"], "attention/step_000001.npz"), "/steps/0/attention_sidecar_ref", "the sidecar is of step 1 but is referenced from step 0", "valid")
attention_npz("invalid/trace-sidecar-step/attention/step_000001.npz", 1, [0, 2])
case("trace-sidecar-layers", TRACE, setp(["steps", 1, "attention_sidecar_ref"], "attention/step_000001.npz"), "/steps/1/attention_sidecar_ref", "the sidecar's layers [0] differ from attention_metadata.captured_layers [0, 2]", "valid")
attention_npz("invalid/trace-sidecar-layers/attention/step_000001.npz", 1, [0])
case("trace-sidecar-kind", TRACE, setp(["steps", 0, "attention_sidecar_ref"], "activations/step_000000.npz"), "/steps/0/attention_sidecar_ref", "refers to an activation sidecar", "valid")
activation_npz("invalid/trace-sidecar-kind/activations/step_000000.npz", 0, [0, 2])
def sidecar_without_metadata(doc):
    doc.pop("attention_metadata")
    for st in doc["steps"]: st.pop("attention")
    doc["steps"][0]["attention_sidecar_ref"] = "attention/step_000000.npz"
case("trace-sidecar-without-metadata", TRACE, sidecar_without_metadata, "/steps/0/attention_sidecar_ref", "no attention_metadata", "valid")
attention_npz("invalid/trace-sidecar-without-metadata/attention/step_000000.npz", 0, [0, 2])
case("trace-activations-ref", TRACE, setp(["activations_ref"], "activations.json"), "/tokenizer/tokenizer_fingerprint", "differs from the activation trace's \"fp-other\"", "valid")
other = copy.deepcopy(ACT); other["activation_metadata"]["tokenizer_fingerprint"] = "fp-other"
dump("invalid/trace-activations-ref/activations.json", other)
case("trace-summary-count", TRACE, setp(["summary", "num_steps"], 5), "/summary/num_steps", "is 5 but the trace has 2 steps", "valid")
case("trace-top-k-order", TRACE, lambda d: d["steps"][0]["top_k"].reverse(), "/steps/0/top_k/1/logprob", "not sorted by descending logprob", "valid")
case("trace-attention-without-metadata", TRACE, lambda d: d.pop("attention_metadata"), "/steps/0/attention", "no attention_metadata", "valid")
case("trace-wrong-type", TRACE, setp(["steps", 0, "rank"], "1"), "/steps/0/rank", "string found, integer expected", "invalid")
case("trace-minimum", TRACE, setp(["steps", 1, "prob"], 1.5), "/steps/1/prob", "maximum value of 1", "invalid")
case("trace-missing-summary", TRACE, lambda d: d.pop("summary"), "", "required property 'summary' not found", "invalid")
case("trace-extra-property", TRACE, setp(["colour"], "red"), "", "property 'colour' is not defined in the schema", "invalid")
case("trace-enum", TRACE, setp(["generation", "mode"], "chat"), "/generation/mode", "does not have a value in the enumeration", "invalid")
case("trace-version-pattern", TRACE, setp(["schema_version"], "2.0"), "/schema_version", "is not a semantic version", "invalid")
case("trace-unknown-major", TRACE, setp(["schema_version"], "3.0.0"), "/schema_version", "unsupported major version 3 of trace.schema.json; this build reads 2.x", "valid")
case("trace-steps-not-array", TRACE, setp(["steps"], {"0": 1}), "/steps", "steps must be an array", "invalid")
case("trace-nan", TRACE, None, "/steps/0/logprob", "NaN and Infinity are not JSON numbers", "n/a",
     raw=lambda d: json.dumps(d, indent=1).replace('"logprob": -0.5,', '"logprob": NaN,', 1))
case("trace-infinity", TRACE, None, "/steps/0/entropy", "number out of range", "n/a",
     raw=lambda d: json.dumps(d, indent=1).replace('"entropy": 1.25', '"entropy": 1e999', 1))
case("trace-deep-nesting", TRACE, None, "", "nesting deeper than 64 levels", "n/a",
     raw=lambda d: json.dumps(d).replace('"generated_text": " w0 w1"', '"generated_text": ' + "[" * 100 + "]" * 100))
case("trace-truncated", TRACE, None, "", "truncated JSON", "n/a", raw=lambda d: json.dumps(d, indent=1)[:1500])
case("trace-not-json", TRACE, None, "", "Unrecognized token 'oops'", "n/a", raw=lambda d: '{"schema_version": "2.0.0", "model": {"name": "x"},\n "tokenizer": oops}')
case("trace-duplicate-key", TRACE, None, "", "Duplicate Object property \"summary\"", "n/a",
     raw=lambda d: json.dumps(d)[:-1] + ', "summary": {}}')
# activation trace
case("activation-step-index", ACT, setp(["steps", 1, "step"], 0), "/steps/1/step", "must equal its index 1", "valid")
case("activation-layer-not-captured", ACT, setp(["steps", 0, "activations", 3, "layer"], 1), "/steps/0/activations/3/layer", "layer 1 is not in activation_metadata.captured_layers [0, 2]", "valid")
case("activation-submodule", ACT, setp(["steps", 0, "activations", 1, "submodule"], "o_proj"), "/steps/0/activations/1/submodule", "\"o_proj\" is not in activation_metadata.captured_submodules", "valid")
case("activation-entry-order", ACT, lambda d: d["steps"][1]["activations"].reverse(), "/steps/1/activations/1", "ordered layer-major", "valid")
case("activation-neuron-index", ACT, setp(["steps", 1, "activations", 0, "top_neurons", 0, "index"], 8), "/steps/1/activations/0/top_neurons/0/index", "neuron 8 is out of range; hidden_dim is 8", "valid")
case("activation-neuron-order", ACT, lambda d: d["steps"][0]["activations"][2]["top_neurons"].reverse(), "/steps/0/activations/2/top_neurons/1/value", "not sorted by descending |value|", "valid")
case("activation-layers-unsorted", ACT, setp(["activation_metadata", "captured_layers"], [2, 0]), "/activation_metadata/captured_layers/1", "must be ascending and duplicate-free", "valid")
case("activation-sidecar-step", ACT, setp(["steps", 1, "activation_sidecar_ref"], "activations/step_000000.npz"), "/steps/1/activation_sidecar_ref", "the sidecar is of step 0 but is referenced from step 1", "valid")
activation_npz("invalid/activation-sidecar-step/activations/step_000000.npz", 0, [0, 2])
case("activation-sidecar-layers", ACT, setp(["steps", 0, "activation_sidecar_ref"], "activations/step_000000.npz"), "/steps/0/activation_sidecar_ref", "the sidecar's layers [0, 1] differ from activation_metadata.captured_layers [0, 2]", "valid")
activation_npz("invalid/activation-sidecar-layers/activations/step_000000.npz", 0, [0, 1])
def default_layers(doc):
    doc["activation_metadata"].pop("captured_layers")
    doc["steps"][0]["activation_sidecar_ref"] = "activations/step_000000.npz"
case("activation-sidecar-default-layers", ACT, default_layers, "/steps/0/activation_sidecar_ref", "the sidecar's layers [0, 2] differ from activation_metadata.captured_layers [0, 1, 2]", "valid")
activation_npz("invalid/activation-sidecar-default-layers/activations/step_000000.npz", 0, [0, 2])
case("activation-unknown-major", ACT, setp(["schema_version"], "2.0.0"), "/schema_version", "unsupported major version 2 of activation.schema.json; this build reads 1.x", "valid")
case("activation-missing-metadata", ACT, lambda d: d.pop("activation_metadata"), "", "required property 'activation_metadata' not found", "invalid")
# activation diff
case("diff-fingerprints", DIFF, setp(["alignment", "tokenizer_b_fingerprint"], "fp-2"), "/alignment", "mode token_id requires equal tokenizer fingerprints", "valid")
case("diff-token-ids", DIFF, setp(["steps", 1, "token_id_b"], 99), "/steps/1/token_id_b", "token_id alignment requires token_id_a (11)", "valid")
case("diff-auto-token-ids", DIFF, lambda d: [d["alignment"].update(mode="auto"), d["steps"][0].update(token_id_b=3)], "/steps/0/token_id_b", "token_id alignment requires token_id_a (10)", "valid")
case("diff-step-index", DIFF, setp(["steps", 0, "step"], 1), "/steps/0/step", "must equal its index 0", "valid")
case("diff-mismatch-sides", DIFF, setp(["alignment", "mismatches", 0, "step_a"], None), "/alignment/mismatches/0", "names neither step_a nor step_b", "valid")
case("diff-neuron-order", DIFF, lambda d: d["steps"][1]["delta"][0]["top_changed_neurons"].reverse(), "/steps/1/delta/0/top_changed_neurons/1/delta", "not sorted by descending |delta|", "valid")
case("diff-cosine", DIFF, setp(["steps", 0, "delta", 0, "cosine"], 1.5), "/steps/0/delta/0/cosine", "maximum value of 1", "invalid")
case("diff-unknown-major", DIFF, setp(["schema_version"], "9.1.0"), "/schema_version", "unsupported major version 9 of activation-diff.schema.json; this build reads 1.x", "valid")
# token diff (each case beside its companion activation diff)
def tokcase(name, mutate, place, fragment, python):
    case(name, TOKDIFF, mutate, place, fragment, python)
    dump("invalid/%s/diff.json" % name, DIFF)
tokcase("tokdiff-step-index", setp(["steps", 1, "step"], 0), "/steps/1/step", "must equal its index 1", "valid")
tokcase("tokdiff-unknown-major", setp(["schema_version"], "2.0.0"), "/schema_version", "unsupported major version 2 of token-diff.schema.json; this build reads 1.x", "valid")
tokcase("tokdiff-applied-mode", setp(["alignment", "applied_mode"], "position"), "/alignment/applied_mode", "is \"position\" but mode \"token_id\" applies \"token_id\"", "valid")
tokcase("tokdiff-token-id-fingerprints", lambda d: [d["a"].update(tokenizer_fingerprint="fp-2"), d["divergence"].update(keyed_by="text")], "/alignment", "token_id alignment requires equal tokenizer fingerprints", "valid")
tokcase("tokdiff-keyed-by", setp(["divergence", "keyed_by"], "text"), "/divergence/keyed_by", "must be \"token_id\" when A is \"fp-1\" and B is \"fp-1\"", "valid")
tokcase("tokdiff-pair-order", setp(["steps", 1, "step_a"], 0), "/steps/1/step_a", "is 0 but must exceed the previous pair's 0", "valid")
tokcase("tokdiff-token-ids", setp(["steps", 1, "b", "token_id"], 99), "/steps/1/b/token_id", "token_id alignment requires A's token id (11)", "valid")
tokcase("tokdiff-logprob-delta", setp(["steps", 0, "logprob_delta"], -0.25), "/steps/0/logprob_delta", "a.logprob - b.logprob is 0.25", "valid")
tokcase("tokdiff-entropy-delta", setp(["steps", 1, "entropy_delta"], 0.5), "/steps/1/entropy_delta", "a.entropy - b.entropy is 0.25", "valid")
tokcase("tokdiff-top1-null", setp(["steps", 0, "a", "top1"], None), "/steps/0/js_divergence", "must be null when a side recorded no alternatives", "valid")
tokcase("tokdiff-top1-agrees", setp(["steps", 1, "top1_agrees"], False), "/steps/1/top1_agrees", "is false but the top1 token_ids are 7 and 7", "valid")
tokcase("tokdiff-js-null", setp(["steps", 1, "js_divergence"], None), "/steps/1/js_divergence", "is null but both sides have a top1", "valid")
tokcase("tokdiff-summary-mean", setp(["summary", "mean_js_divergence"], 0.5), "/summary/mean_js_divergence", "is 0.5 but the mean over the steps is 0.25", "valid")
tokcase("tokdiff-summary-null", setp(["summary", "top1_agreement_rate"], None), "/summary/top1_agreement_rate", "is null but the mean over the steps is 1.0", "valid")
tokcase("tokdiff-summary-count", setp(["summary", "num_steps"], 3), "/summary/num_steps", "is 3 but the file has 2 steps", "valid")
tokcase("tokdiff-pairs", setp(["alignment", "pairs"], 1), "/alignment/pairs", "is 1 but the file has 2 steps", "valid")
tokcase("tokdiff-companion-missing", setp(["activation_diff"], "other.json"), "/activation_diff", "\"other.json\" does not resolve to a file", "valid")
tokcase("tokdiff-companion-path", setp(["activation_diff"], "../diff.json"), "/activation_diff", "must be a file name in the token diff's directory", "valid")
tokcase("tokdiff-companion-mode", lambda d: d["alignment"].update(mode="auto"), "/alignment/mode", "is \"auto\" but the activation diff's alignment.mode is \"token_id\"", "valid")
tokcase("tokdiff-companion-unpaired", setp(["alignment", "unpaired_steps_a"], 0), "/alignment/unpaired_steps_a", "is 0 but the activation diff's count of mismatches naming step_a is 1", "valid")
tokcase("tokdiff-companion-steps", lambda d: [d["steps"].pop(), d["summary"].update(num_steps=1, mean_js_divergence=0.125), d["alignment"].update(pairs=1)], "/steps", "has 1 steps but the activation diff has 2", "valid")
tokcase("tokdiff-js-range", setp(["steps", 0, "js_divergence"], 1.5), "/steps/0/js_divergence", "maximum value of 1", "invalid")
tokcase("tokdiff-applied-enum", setp(["alignment", "applied_mode"], "auto"), "/alignment/applied_mode", "does not have a value in the enumeration", "invalid")
tokcase("tokdiff-missing-divergence", lambda d: d.pop("divergence"), "", "required property 'divergence' not found", "invalid")
with open("invalid/cases.tsv", "w") as f:
    f.write("# file\tplace\texpected message fragment\tpython jsonschema verdict (valid = only a semantic rule catches it)\n")
    for c in cases: f.write("\t".join(c) + "\n")
print(len(cases), "cases")
