"""The offline page of `heatmap export RUN --html`, built in Python from the same viewer UI files.

The page is the viewer's built UI (index.html with its one JS and one CSS file inlined) plus, in
`window.__HEATMAP_EXPORT__`, the API responses the UI would request for this run. The UI files are not copied into
this package's sources: they are the viewer build's own output, packed in at install time (setup.py) or named by
HEATMAP_UI. The responses mirror the viewer's Java code (HeatmapExport.responses, TraceLoader, AttentionSummaries,
ActivationData) and are written as its JSON writer writes them (Java's number formatting, Jackson's escaping), so
the page equals the Java export byte for byte; tests compare the two on runs the Java side writes.
"""
from __future__ import annotations

import html
import os
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional

import numpy as np

if TYPE_CHECKING:
    from .run import Run

UI_IN_JAR = "org/tokenheatmap/viewer/ui/"
STEP_PAGE = 4096
MAX_EXPORTED_CELLS = 50_000
DEFAULT_ATTENTION_TOP_K = 8
_SCRIPT = re.compile(r'<script type="module" crossorigin src="\./([^"]+)"></script>')
_STYLE = re.compile(r'<link rel="stylesheet" crossorigin href="\./([^"]+)">')
_URL_SAFE = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_")


class ViewerUiNotFound(RuntimeError):
    """The viewer's built UI files are not at hand (set HEATMAP_UI, or reinstall after building the viewer)."""


# --- the viewer UI files -------------------------------------------------------------------------------------------

def _ui_reader() -> Callable[[str], str]:
    given = os.environ.get("HEATMAP_UI")
    candidates = [Path(given)] if given else []
    candidates.append(Path(__file__).parent / "_viewer_ui")
    for c in candidates:
        if c.is_dir() and (c / "index.html").is_file():
            return lambda name, d=c: (d / name).read_text(encoding="utf-8")
        if c.is_file() and zipfile.is_zipfile(c):
            return lambda name, jar=c: zipfile.ZipFile(jar).read(UI_IN_JAR + name).decode("utf-8")
    raise ViewerUiNotFound("the viewer UI files are not installed with this package: build the viewer"
                           " (./heatmap builds it) and reinstall (pip install ./python), or set HEATMAP_UI to"
                           " viewer/target/classes/org/tokenheatmap/viewer/ui or to heatmap.jar")


def template() -> str:
    """index.html with its script and stylesheet inlined, as HeatmapExport.html does."""
    read = _ui_reader()
    page = read("index.html")
    page = _SCRIPT.sub(lambda m: '<script type="module">' + read(m.group(1)).replace("</script", "<\\/script")
                       + "</script>", page)
    return _STYLE.sub(lambda m: "<style>" + read(m.group(1)).replace("</style", "<\\/style") + "</style>", page)


def export_html(run: "Run") -> str:
    data = {"run": run.path.name, "responses": _responses(run)}
    payload = _dumps(data).replace("<", "\\u003c")
    return template().replace("</head>", "<script>window.__HEATMAP_EXPORT__=" + payload + ";</script>\n</head>")


def iframe(page: str) -> str:
    """`page` in an iframe of its own (srcdoc), so that its global styles and scripts stay out of the notebook."""
    return ('<iframe style="width:100%;height:640px;border:1px solid #ccc" sandbox="allow-scripts allow-downloads"'
            ' srcdoc="' + html.escape(page, quote=True) + '"></iframe>')


# --- the API responses -----------------------------------------------------------------------------------------------

class _F32(float):
    """A value the Java side holds as a float32 (written with Float.toString)."""


def _f32(x: float) -> _F32:
    return _F32(float(np.float32(x)))


def _key(path: str, *params: Any) -> str:
    """"api/PATH?k=v&…", values encoded as java.net.URLEncoder does (space as %20), parameters in the given order."""
    out = "api/" + path
    for i in range(0, len(params), 2):
        value = "".join(chr(b) if b in _URL_SAFE else "%20" if b == 0x20 else f"%{b:02X}"
                        for b in str(params[i + 1]).encode("utf-8"))
        out += ("?" if i == 0 else "&") + f"{params[i]}={value}"
    return out


def _header(run: "Run") -> Dict[str, Any]:
    """TraceLoader's header: the trace's top-level fields but the token arrays, then what the loader adds."""
    trace = run.trace
    out = {k: v for k, v in trace.items() if k not in ("steps", "summary", "prompt_tokens")}
    out["summary"] = trace["summary"]
    out["num_prompt_tokens_loaded"] = len(trace.get("prompt_tokens", []))
    out["num_steps_loaded"] = len(trace["steps"])
    out["has_inline_attention"] = any(s.get("attention") for s in trace["steps"])
    out["prompt_tokens"] = trace.get("prompt_tokens", [])
    out["run"] = run.path.name
    return out


def _step(step: Dict[str, Any]) -> Dict[str, Any]:
    out = {k: v for k, v in step.items() if k != "attention"}
    out["has_attention"] = bool(step.get("attention"))
    return out


def _attention(run: "Run", index: int, layers: List[int], heads: int, top_k: int) -> Dict[str, Any]:
    """AttentionSummaries.stepJson: one step's summaries as float32 columns."""
    entries = run.trace["steps"][index]["attention"]
    rows: Dict[str, List[Any]] = {"entropy": [], "max_weight": [], "sink_weight": [], "top": []}
    for layer in entries:
        hs = layer["heads"]
        rows["entropy"].append([_f32(h["entropy"]) for h in hs])
        rows["max_weight"].append([_f32(h["max_weight"]) for h in hs])
        rows["sink_weight"].append([_f32(h["sink_weight"]) for h in hs])
        rows["top"].append([[[t["position"], _f32(t["weight"])] for t in h.get("top", [])[:top_k]] for h in hs])
    return {"step": index, "layers": layers, "heads": heads, **rows}


_METRICS = ("l2_norm", "mean_abs", "sparsity")


def _activation_responses(run: "Run", name: str, out: Dict[str, Any]) -> None:
    """ActivationData.matrix and .cell for every submodule, metric and (when few enough) cell."""
    acts = run.activations
    assert acts is not None
    meta = acts["activation_metadata"]
    submodules = list(meta.get("captured_submodules") or [])
    steps = acts["steps"]
    seen_layers = sorted({e["layer"] for s in steps for e in s.get("activations") or []})
    for e in (e for s in steps for e in s.get("activations") or []):
        if e["submodule"] not in submodules:
            submodules.append(e["submodule"])
    layers = list(meta["captured_layers"]) if meta.get("captured_layers") is not None else seen_layers

    def find(step: Dict[str, Any], layer: int, sub: str) -> Optional[Dict[str, Any]]:
        return next((e for e in step.get("activations") or [] if e["layer"] == layer and e["submodule"] == sub), None)

    for sub in submodules:
        for metric in _METRICS:
            values, lo, hi = [], float("inf"), float("-inf")
            for layer in layers:
                row: List[Any] = []
                for s in steps:
                    e = find(s, layer, sub)
                    if e is None:
                        row.append(None)
                    else:
                        v = _f32(e[metric])
                        row.append(v)
                        lo, hi = min(lo, v), max(hi, v)
                values.append(row)
            out[_key("activations/matrix", "run", name, "submodule", sub, "metric", metric)] = {
                "submodule": sub, "metric": metric, "steps": len(steps), "layers": layers, "values": values,
                "min": float(lo) if np.isfinite(lo) else 0.0, "max": float(hi) if np.isfinite(hi) else 0.0}
    if len(steps) * len(layers) * len(submodules) > MAX_EXPORTED_CELLS:
        return
    for i, s in enumerate(steps):
        for layer in layers:
            for sub in submodules:
                e = find(s, layer, sub)
                if e is None:
                    continue
                cell: Dict[str, Any] = {"step": i, "layer": layer, "submodule": sub}
                for metric in _METRICS:
                    cell[metric] = _f32(e[metric])
                cell["top_neurons"] = [{"index": t["index"], "value": _f32(t["value"])} for t in e.get("top_neurons") or []]
                cell["activation_sidecar_ref"] = s.get("activation_sidecar_ref")
                out[_key("activations/cell", "run", name, "step", i, "layer", layer, "submodule", sub)] = cell


def _responses(run: "Run") -> Dict[str, Any]:
    """HeatmapExport.responses: keyed exactly as viewer/ui/src/api.js builds its URLs."""
    name, trace = run.path.name, run.trace
    steps = trace["steps"]
    out: Dict[str, Any] = {_key("trace/header", "run", name): _header(run)}
    start = 0
    while start == 0 or start < len(steps):
        end = start + STEP_PAGE
        out[_key("trace/steps", "run", name, "from", start, "to", end)] = {
            "from": start, "to": min(end, len(steps)), "total": len(steps),
            "steps": [_step(s) for s in steps[start:end]]}
        start = end
    meta = trace.get("attention_metadata")
    if meta is not None and any(s.get("attention") for s in steps):
        top_k = meta["top_k"] if meta.get("top_k") else DEFAULT_ATTENTION_TOP_K
        for i, s in enumerate(steps):
            if s.get("attention"):
                out[_key("trace/attention", "run", name, "step", i)] = _attention(
                    run, i, list(meta["captured_layers"]), meta["num_attention_heads"], top_k)
    ref = trace.get("activations_ref") or "activations.json"
    if run.activations is not None or (run.path / ref).is_file():
        if run.activations is None:  # an activations.json that the trace does not name: the viewer reads it too
            from .run import _read_json
            run.activations = _read_json(run.path / ref, "activation.schema.json")
        _activation_responses(run, name, out)
    return out


# --- JSON as the Java side writes it ---------------------------------------------------------------------------------

def _java_number(x: float, digits_of: Callable[[float], str], same: Callable[[Decimal], bool]) -> str:
    """Java's Double.toString / Float.toString: the shortest decimal that reads back as `x` (when one digit does,
    the closest of one or two digits, as Java specifies), laid out as Java does (plain in [1e-3, 1e7), else
    computerized scientific)."""
    if x == 0:
        return "-0.0" if np.signbit(x) else "0.0"
    shortest = Decimal(digits_of(x)).normalize()
    if len(shortest.as_tuple().digits) == 1:
        exact = Decimal(float(x))
        two = exact.quantize(Decimal(1).scaleb(exact.adjusted() - 1))
        if same(two) and abs(two - exact) < abs(shortest - exact):
            shortest = two.normalize()
    sign, digits, exp = shortest.as_tuple()
    ds = "".join(map(str, digits))
    e = len(ds) - 1 + int(exp)  # value = d.ddd × 10^e
    out = "-" if sign else ""
    if -3 <= e < 7:
        if e >= 0:
            whole, frac = ds[:e + 1].ljust(e + 1, "0"), ds[e + 1:]
        else:
            whole, frac = "0", "0" * (-e - 1) + ds
        return out + whole + "." + (frac or "0")
    return out + ds[0] + "." + (ds[1:] or "0") + "E" + str(e)


def _double(x: float) -> str:
    return _java_number(x, repr, lambda d: float(d) == x)


def _float(x: float) -> str:
    return _java_number(x, lambda v: np.format_float_scientific(np.float32(v), unique=True, trim="-"),
                        lambda d: np.float32(float(d)) == np.float32(x))


def _string(s: str) -> str:
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif c < 0x20:
            out.append({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}.get(c, f"\\u{c:04X}"))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _dumps(value: Any) -> str:
    """Compact JSON as Jackson writes it: no spaces, non-ASCII as is, Java's number formats."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, _F32):
        return _float(value)
    if isinstance(value, float):
        return _double(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        return "{" + ",".join(_string(k) + ":" + _dumps(v) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_dumps(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


__all__ = ["ViewerUiNotFound", "export_html", "iframe", "template"]
