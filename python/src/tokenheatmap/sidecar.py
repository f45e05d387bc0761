"""`read_sidecar`: a Tier 2 `.npz` sidecar as the object its seed schema describes."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List

import numpy as np

from ._versions import PathArg, check_version

_LAYER_KEY = re.compile(r"layer_(\d+)/(.+)")


def _scalar(archive: Any, key: str, path: Path) -> Any:
    if key not in archive.files:
        raise ValueError(f"{path}: {key}: missing key")
    value = archive[key]
    if value.shape != ():
        raise ValueError(f"{path}: {key}: must be a 0-d array, has shape {value.shape}")
    return value.item()


def read_sidecar(path: PathArg, as_lists: bool = False) -> Dict[str, Any]:
    """Reads an attention or activation sidecar (`numpy.load(path, allow_pickle=False)`).

    Returns the dict that seeds/attention-sidecar.schema.json or seeds/activation-sidecar.schema.json describes:
    tensors as numpy arrays (float32), or with ``as_lists=True`` as plain lists, which validate against the seed
    schema (``json.dumps`` them as they are). Q/K/V absent from an attention sidecar read back as None; a submodule a
    layer row lacks is left out of its ``submodule_tensors``. Raises UnsupportedVersionError for an unknown major
    version (attention 2.x, activation 1.x) and ValueError for a malformed file.
    """
    path = Path(path)
    with np.load(path, allow_pickle=False) as archive:
        files = set(archive.files)
        if "num_attention_heads" in files:
            out = _attention(archive, path)
        elif "captured_submodules" in files:
            out = _activation(archive, path)
        else:
            raise ValueError(f"{path}: neither an attention sidecar (num_attention_heads) nor an activation sidecar"
                             " (captured_submodules)")
    return _to_lists(out) if as_lists else out


def _attention(archive: Any, path: Path) -> Dict[str, Any]:
    version = check_version(path, _scalar(archive, "schema_version", path), "attention-sidecar.schema.json")
    layers: List[Dict[str, Any]] = []
    for layer in archive["layers"].tolist():
        prefix = f"layer_{layer}/"
        row: Dict[str, Any] = {"layer": int(layer), "attention_weights": archive[prefix + "attention_weights"]}
        for name in ("q_last", "k_last", "v_last"):
            row[name] = archive[prefix + name] if prefix + name in archive.files else None
        layers.append(row)
    return {"schema_version": version, "step": int(_scalar(archive, "step", path)),
            "num_attention_heads": int(_scalar(archive, "num_attention_heads", path)),
            "num_key_value_heads": int(_scalar(archive, "num_key_value_heads", path)),
            "head_dim": int(_scalar(archive, "head_dim", path)), "layers": layers}


def _activation(archive: Any, path: Path) -> Dict[str, Any]:
    version = check_version(path, _scalar(archive, "schema_version", path), "activation-sidecar.schema.json")
    submodules = [str(s) for s in archive["captured_submodules"].tolist()]
    captured = [int(x) for x in archive["captured_layers"].tolist()]
    layers = []
    for layer in captured:
        tensors = {s: archive[f"layer_{layer}/{s}"] for s in submodules if f"layer_{layer}/{s}" in archive.files}
        layers.append({"layer": layer, "submodule_tensors": tensors})
    return {"schema_version": version, "step": int(_scalar(archive, "step", path)),
            "num_layers": int(_scalar(archive, "num_layers", path)),
            "hidden_dim": int(_scalar(archive, "hidden_dim", path)),
            "captured_submodules": submodules, "captured_layers": captured, "layers": layers}


def _to_lists(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {k: _to_lists(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_lists(v) for v in value]
    return value
