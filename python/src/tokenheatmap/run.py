"""`load_run`: a run directory (trace.json, activations.json, sidecars, lens.json, attribution.json) as a `Run`."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Dict, List, Optional

import numpy as np

from ._versions import PathArg, check_version
from .sidecar import read_sidecar


@dataclass(frozen=True)
class TokenArrays:
    """Per-token fields as arrays, one entry per token. Missing values (the first prompt token, which nothing
    predicts) are NaN in the float arrays and -1 in `ranks`."""

    tokens: np.ndarray
    """Token texts (dtype object: Python str)."""
    token_ids: np.ndarray
    logprobs: np.ndarray
    entropies: np.ndarray
    ranks: np.ndarray
    offsets: Optional[np.ndarray]
    """`decoded_text_offset` in code points (Python str indices) into the steps' text; None for prompt tokens."""

    def __len__(self) -> int:
        return len(self.token_ids)


def _arrays(entries: List[Dict[str, Any]], with_offsets: bool) -> TokenArrays:
    def floats(key: str) -> np.ndarray:
        return np.array([np.nan if e.get(key) is None else e[key] for e in entries], dtype=np.float64)

    return TokenArrays(
        tokens=np.array([e["text"] for e in entries], dtype=object),
        token_ids=np.array([e["token_id"] for e in entries], dtype=np.int64),
        logprobs=floats("logprob"),
        entropies=floats("entropy"),
        ranks=np.array([-1 if e.get("rank") is None else e["rank"] for e in entries], dtype=np.int64),
        offsets=np.array([e["decoded_text_offset"] for e in entries], dtype=np.int64) if with_offsets else None,
    )


def _read_json(path: Path, schema: str) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if not isinstance(doc, dict):
        raise ValueError(f"{path}: not a JSON object")
    check_version(path, doc.get("schema_version"), schema)
    return doc


def _resolve(base: Path, ref: str, what: str) -> Path:
    """A sidecar or companion reference: a relative path inside `base`'s directory tree."""
    p = PurePosixPath(ref)
    if p.is_absolute() or ".." in p.parts or "\\" in ref:
        raise ValueError(f"{base}: {what}: '{ref}' must be a relative path without '..'")
    return base / p


class Run:
    """One run directory, as `load_run` reads it.

    `trace` and `activations` are the parsed JSON (activations None without an activation trace); `tokens`,
    `token_ids`, `logprobs`, `entropies`, `ranks` and `offsets` are arrays over the steps, and `prompt` holds the
    same arrays for the prompt tokens. `attention(step)` and `activation(step)` read that step's Tier 2 sidecar
    when asked. `lens` and `attribution` are the parsed lens.json / attribution.json when the run has them.
    """

    def __init__(self, path: Path, trace: Dict[str, Any], activations: Optional[Dict[str, Any]],
                 activations_path: Optional[Path], lens: Optional[Dict[str, Any]],
                 attribution: Optional[Dict[str, Any]]) -> None:
        self.path = path
        self.trace = trace
        self.activations = activations
        self._activations_path = activations_path
        self.lens = lens
        self.attribution = attribution
        self.steps: TokenArrays = _arrays(trace["steps"], True)
        self.prompt: TokenArrays = _arrays(trace.get("prompt_tokens", []), False)

    # Arrays over the steps.
    @property
    def tokens(self) -> np.ndarray:
        return self.steps.tokens

    @property
    def token_ids(self) -> np.ndarray:
        return self.steps.token_ids

    @property
    def logprobs(self) -> np.ndarray:
        return self.steps.logprobs

    @property
    def entropies(self) -> np.ndarray:
        return self.steps.entropies

    @property
    def ranks(self) -> np.ndarray:
        return self.steps.ranks

    @property
    def offsets(self) -> np.ndarray:
        assert self.steps.offsets is not None
        return self.steps.offsets

    @property
    def text(self) -> str:
        """The steps' decoded text (the text `offsets` index)."""
        return str(self.trace["summary"].get("generated_text", "".join(self.tokens)))

    @property
    def source(self) -> Optional[Dict[str, Any]]:
        """Where an imported run came from (trace.schema.json 2.1 `source`); None for a capture."""
        return self.trace.get("source")

    @property
    def is_imported(self) -> bool:
        return self.source is not None

    @property
    def rank_exact(self) -> np.ndarray:
        """Per step, whether `ranks` is exact. For an imported run a rank is known only within the listed
        alternatives: rank = len(top_k) + 1 means only "not among them"."""
        if not self.is_imported:
            return np.ones(len(self.steps), dtype=bool)
        return np.array([s["rank"] <= len(s.get("top_k", [])) for s in self.trace["steps"]], dtype=bool)

    def top_k(self, step: int) -> List[Dict[str, Any]]:
        """The alternatives recorded at `step` (token_id, text, logprob), most likely first."""
        return list(self.trace["steps"][step].get("top_k", []))

    def attention(self, step: int) -> Dict[int, np.ndarray]:
        """Layer → attention weights [heads, key positions] of `step`, from its Tier 2 attention sidecar."""
        ref = self.trace["steps"][step].get("attention_sidecar_ref")
        if ref is None:
            raise KeyError(f"{self.path}: step {step} has no attention sidecar (capture with --capture-full-attention)")
        sidecar = read_sidecar(_resolve(self.path, ref, f"/steps/{step}/attention_sidecar_ref"))
        return {row["layer"]: row["attention_weights"] for row in sidecar["layers"]}

    def activation(self, step: int) -> Dict[int, Dict[str, np.ndarray]]:
        """Layer → submodule → raw activation vector [hidden_dim] of `step`, from its Tier 2 activation sidecar."""
        if self.activations is None or self._activations_path is None:
            raise KeyError(f"{self.path}: the run has no activation trace")
        ref = self.activations["steps"][step].get("activation_sidecar_ref")
        if ref is None:
            raise KeyError(f"{self.path}: step {step} has no activation sidecar (capture with --capture-full-activations)")
        sidecar = read_sidecar(_resolve(self._activations_path.parent, ref, f"/steps/{step}/activation_sidecar_ref"))
        return {row["layer"]: dict(row["submodule_tensors"]) for row in sidecar["layers"]}

    def to_dataframe(self) -> Any:
        """One row per token, prompt tokens first: kind ('prompt' or 'step'), index, token_id, text, offset,
        logprob, prob, entropy, rank, rank_exact. A pandas DataFrame when pandas is installed, else a numpy
        structured array with the same columns."""
        n_prompt, n_steps = len(self.prompt), len(self.steps)
        logprobs = np.concatenate([self.prompt.logprobs, self.steps.logprobs])
        columns: Dict[str, np.ndarray] = {
            "kind": np.array(["prompt"] * n_prompt + ["step"] * n_steps, dtype=object),
            "index": np.concatenate([np.arange(n_prompt), np.arange(n_steps)]).astype(np.int64),
            "token_id": np.concatenate([self.prompt.token_ids, self.steps.token_ids]),
            "text": np.concatenate([self.prompt.tokens, self.steps.tokens]),
            "offset": np.concatenate([np.full(n_prompt, -1, dtype=np.int64), self.offsets]),
            "logprob": logprobs,
            "prob": np.exp(logprobs),
            "entropy": np.concatenate([self.prompt.entropies, self.steps.entropies]),
            "rank": np.concatenate([self.prompt.ranks, self.steps.ranks]),
            "rank_exact": np.concatenate([np.ones(n_prompt, dtype=bool), self.rank_exact]),
        }
        try:
            import pandas as pd
        except ImportError:
            dtype = [(k, v.dtype if v.dtype != object else object) for k, v in columns.items()]
            out = np.empty(n_prompt + n_steps, dtype=dtype)
            for k, v in columns.items():
                out[k] = v
            return out
        return pd.DataFrame(columns)

    def to_html(self) -> str:
        """The self-contained offline page that `heatmap export RUN --html` writes, byte for byte."""
        from .export import export_html
        return export_html(self)

    def _repr_html_(self) -> Optional[str]:
        """The offline heatmap inline in Jupyter: `to_html()` in an iframe, which keeps its styles and scripts to
        itself. None (a plain text repr) when the viewer UI files are not at hand."""
        from .export import ViewerUiNotFound, iframe
        try:
            return iframe(self.to_html())
        except ViewerUiNotFound:
            return None

    def __repr__(self) -> str:
        model = self.trace.get("model", {}).get("name")
        kind = f"imported from {self.source['provider']}" if self.source else self.trace["generation"]["mode"]
        return f"<Run {self.path.name}: {model}, {kind}, {len(self.prompt)} prompt tokens, {len(self.steps)} steps>"


def load_run(path: PathArg) -> Run:
    """Reads a run directory (or its trace.json). Refuses files of an unknown major version
    (UnsupportedVersionError), as the Java side does."""
    path = Path(path)
    run_dir = path.parent if path.is_file() else path
    trace = _read_json(run_dir / "trace.json", "trace.schema.json")
    activations = activations_path = None
    ref = trace.get("activations_ref")
    if ref is not None:
        activations_path = _resolve(run_dir, ref, "/activations_ref")
        activations = _read_json(activations_path, "activation.schema.json")
    lens_file, attribution_file = run_dir / "lens.json", run_dir / "attribution.json"
    lens = _read_json(lens_file, "lens.schema.json") if lens_file.is_file() else None
    attribution = _read_json(attribution_file, "attribution.schema.json") if attribution_file.is_file() else None
    return Run(run_dir, trace, activations, activations_path, lens, attribution)
