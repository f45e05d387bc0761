"""Independent check of imported runs against the hand-written corpus expectations (responses/cases.json).

Usage: import_check.py SCHEMA CASES RUNS_DIR
Each RUNS_DIR/<case file name>/trace.json must validate against trace.schema.json (jsonschema, Draft 2020-12) and
hold exactly the expected mode, texts, logprobs (equal to the input: 1e-12 relative, the JSON numbers as written),
offsets, ranks and stop reason. Entropy is recomputed here from the trace's own alternatives as the lower bound the
schema describes (the least entropy of a full distribution agreeing with the listed probabilities), to 1e-9.
Prints one line per case and exits non-zero on the first difference.
"""
import json
import math
import sys
from pathlib import Path

import jsonschema


def entropy_lower_bound(alternatives, chosen_logprob, chosen_listed):
    known = [math.exp(a) for a in alternatives]
    if not chosen_listed:
        known.append(math.exp(chosen_logprob))
    h = -sum(p * math.log(p) for p in known if p > 0)
    rest = max(0.0, 1.0 - sum(known))
    cap = min((math.exp(a) for a in alternatives), default=None)
    if rest > 0:
        if cap is None or cap <= 0 or cap >= rest:
            h -= rest * math.log(rest)
        else:
            full = math.floor(rest / cap)
            remainder = rest - full * cap
            h -= full * cap * math.log(cap) + (remainder * math.log(remainder) if remainder > 0 else 0.0)
    return max(0.0, h)


def check_token(where, token, expected_logprob, expected_rank):
    if expected_logprob is None:
        assert token["logprob"] is None, f"{where}: logprob {token['logprob']} where the input has none"
        return
    assert math.isclose(token["logprob"], expected_logprob, rel_tol=1e-12, abs_tol=1e-15), \
        f"{where}: logprob {token['logprob']} != input {expected_logprob}"
    top = token.get("top_k", [])
    assert token["rank"] == expected_rank, f"{where}: rank {token['rank']} != {expected_rank}"
    listed = token["rank"] <= len(top)
    bound = entropy_lower_bound([a["logprob"] for a in top], token["logprob"], listed)
    assert math.isclose(token["entropy"], bound, rel_tol=1e-9, abs_tol=1e-12), \
        f"{where}: entropy {token['entropy']} != lower bound {bound}"


def main(schema_path, cases_path, runs):
    validator = jsonschema.Draft202012Validator(json.loads(Path(schema_path).read_text()))
    cases = {k: v for k, v in json.loads(Path(cases_path).read_text(encoding="utf-8")).items() if not k.startswith("_")}
    for name, case in cases.items():
        trace = json.loads((Path(runs) / name / "trace.json").read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(trace), key=str)
        assert not errors, f"{name}: {errors[0].json_path}: {errors[0].message}"
        source = trace["source"]
        assert source["provider"] == case["format"], f"{name}: provider {source['provider']}"
        assert source["token_ids"] == case["token_ids"], f"{name}: token_ids {source['token_ids']}"
        assert trace["generation"]["mode"] == case["mode"], f"{name}: mode"
        assert trace["generation"]["stop_reason"] == case["stop_reason"], f"{name}: stop reason {trace['generation']['stop_reason']}"
        if "prompt" in case:
            assert trace["generation"]["prompt"] == case["prompt"], f"{name}: prompt {trace['generation']['prompt']!r}"
        steps, prompt = trace["steps"], trace["prompt_tokens"]
        assert len(prompt) == len(case["prompt_logprobs"]), f"{name}: {len(prompt)} prompt tokens"
        assert len(steps) == len(case["logprobs"]), f"{name}: {len(steps)} steps"
        for i, (t, lp) in enumerate(zip(prompt, case["prompt_logprobs"])):
            check_token(f"{name} prompt {i}", t, lp, case.get("prompt_ranks", [None] * len(prompt))[i])
        for i, (s, lp, offset, rank) in enumerate(zip(steps, case["logprobs"], case["offsets"], case["ranks"])):
            check_token(f"{name} step {i}", s, lp, rank)
            assert s["decoded_text_offset"] == offset, f"{name} step {i}: offset {s['decoded_text_offset']} != {offset}"
            assert s["prob"] == min(1.0, math.exp(s["logprob"])) or math.isclose(s["prob"], math.exp(s["logprob"]), rel_tol=1e-12)
        if "token_id_values" in case:
            assert [s["token_id"] for s in steps] == case["token_id_values"], f"{name}: token ids"
        prompt_text = "".join(t["text"] for t in prompt) if case["mode"] == "score" else (trace["generation"]["prompt"] if prompt else "")
        assert prompt_text + trace["summary"]["generated_text"] == case["text"], \
            f"{name}: text {prompt_text + trace['summary']['generated_text']!r} != {case['text']!r}"
        assert "attention_metadata" not in trace and trace["activations_ref"] is None
        print(f"ok {name}: {len(prompt)} prompt tokens, {len(steps)} steps")


if __name__ == "__main__":
    main(*sys.argv[1:4])
