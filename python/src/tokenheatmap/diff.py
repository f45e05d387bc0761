"""`load_diff`: the two files of `heatmap diff` (diff.json and diff.tokens.json) as a `Diff`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Optional

import numpy as np

from ._versions import PathArg, check_version


def _read(path: Path, schema: str) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    check_version(path, doc.get("schema_version"), schema)
    return doc


def token_diff_path(activation_diff: Path) -> Path:
    """`diff.json` → `diff.tokens.json` (a name without `.json` gets `.tokens.json` appended), as the Java side."""
    name = activation_diff.name
    stem = name[:-5] if name.endswith(".json") else name
    return activation_diff.with_name(stem + ".tokens.json")


class Diff:
    """An activation diff (`activation`, activation-diff.schema.json) and, when both runs had a trace.json, its token
    diff (`tokens`, token-diff.schema.json). The arrays run over the aligned steps; NaN where a value is null."""

    def __init__(self, path: Path, activation: Dict[str, Any], tokens: Optional[Dict[str, Any]]) -> None:
        self.path = path
        self.activation = activation
        self.tokens = tokens
        steps = activation["steps"]
        self.token_id_a = np.array([s["token_id_a"] for s in steps], dtype=np.int64)
        self.token_id_b = np.array([s["token_id_b"] for s in steps], dtype=np.int64)
        self.mismatches = list(activation["alignment"]["mismatches"])
        if tokens is not None:
            t = tokens["steps"]
            self.step_a = np.array([s["step_a"] for s in t], dtype=np.int64)
            self.step_b = np.array([s["step_b"] for s in t], dtype=np.int64)
            self.logprob_delta = np.array([s["logprob_delta"] for s in t], dtype=np.float64)
            self.entropy_delta = np.array([s["entropy_delta"] for s in t], dtype=np.float64)
            self.js_divergence = np.array([np.nan if s["js_divergence"] is None else s["js_divergence"] for s in t],
                                          dtype=np.float64)

    def l2(self, layer: int, submodule: str) -> np.ndarray:
        """Per aligned step, the activation diff's l2 at (layer, submodule); NaN where that slot was not compared."""
        out = np.full(len(self.activation["steps"]), np.nan)
        for i, s in enumerate(self.activation["steps"]):
            for d in s["delta"]:
                if d["layer"] == layer and d["submodule"] == submodule:
                    out[i] = d["l2"]
                    break
        return out

    def to_dataframe(self) -> Any:
        """The token diff, one row per aligned step (pandas when installed, else a numpy structured array)."""
        if self.tokens is None:
            raise ValueError(f"{self.path}: no token diff beside it (a side had no trace.json)")
        t = self.tokens["steps"]
        columns = {
            "step_a": self.step_a, "step_b": self.step_b,
            "text_a": np.array([s["a"]["text"] for s in t], dtype=object),
            "text_b": np.array([s["b"]["text"] for s in t], dtype=object),
            "logprob_a": np.array([s["a"]["logprob"] for s in t], dtype=np.float64),
            "logprob_b": np.array([s["b"]["logprob"] for s in t], dtype=np.float64),
            "logprob_delta": self.logprob_delta, "entropy_delta": self.entropy_delta,
            "js_divergence": self.js_divergence,
        }
        try:
            import pandas as pd
        except ImportError:
            out = np.empty(len(t), dtype=[(k, v.dtype if v.dtype != object else object) for k, v in columns.items()])
            for k, v in columns.items():
                out[k] = v
            return out
        return pd.DataFrame(columns)


def load_diff(path: PathArg) -> Diff:
    """Reads `heatmap diff`'s activation diff and the token diff beside it (when there is one)."""
    path = Path(path)
    activation = _read(path, "activation-diff.schema.json")
    tokens_file = token_diff_path(path)
    tokens = _read(tokens_file, "token-diff.schema.json") if tokens_file.is_file() else None
    return Diff(path, activation, tokens)
