"""Independent reference for the T3 module's tests: Python jsonschema (Draft 2020-12) and numpy.

usage: t3_reference.py SCHEMA_DIR TRACE.jsonl...
Prints one JSON object per trace: schema errors per line, and the summary numbers that PRODUCT.md defines
(n_tokens, act_ponder_steps, q_distribution) plus halt steps, computed as in the spec's example loader.
"""
import json
import sys
from pathlib import Path

import numpy as np
from jsonschema import Draft202012Validator

SCHEMAS = {"meta": "t3-meta", "stage_geom": "t3-stage-geom", "chain_state": "t3-chain-state", "frame": "t3-frame"}


def main():
    schema_dir = Path(sys.argv[1])
    validators = {}
    for kind, name in SCHEMAS.items():
        schema = json.loads((schema_dir / f"{name}.schema.json").read_text())
        Draft202012Validator.check_schema(schema)
        validators[kind] = Draft202012Validator(schema)
    out = {}
    for trace in sys.argv[2:]:
        errors, meta, states, qs = [], None, [], {}
        with open(trace) as f:
            for n, line in enumerate(f, 1):
                r = json.loads(line)
                v = validators.get(r.get("type"))
                if v is None:
                    errors.append([n, "unknown type"])
                    continue
                errors += [[n, e.message] for e in v.iter_errors(r)]
                if r["type"] == "meta":
                    meta = r
                elif r["type"] == "chain_state":
                    states.append(r)
                elif r["type"] == "frame":
                    qs.setdefault(r["stage_idx"], []).extend(r["Q"])
        q_distribution = {}
        for stage, values in sorted(qs.items()):
            q = np.array(values)
            q_distribution[str(stage)] = {"spacelike": float(np.mean(q > 0.05)), "timelike": float(np.mean(q < -0.05)),
                                          "null": float(np.mean(np.abs(q) <= 0.05))}
        halt = []
        for s in states:
            hits = np.nonzero(np.array(s["act_halt_probs"]) >= 0.99)[0]
            halt.append(int(hits[0]) if hits.size else None)
        out[trace] = {"errors": errors, "n_tokens": meta["n_tokens"] if meta else None,
                      "act_ponder_steps": [s["act_ponder_steps"] for s in states], "halt_steps": halt,
                      "q_distribution": q_distribution}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
