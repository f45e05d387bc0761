"""numpy / jsonschema reference for the Java npz and sidecar tests.

Usage (one JSON document on stdout):
  describe FILE.npz|FILE.npy      keys, dtype, shape, values, and whether ZIP64 extras / compression are used
  make FILE.npz stored|compressed write a fixed set of arrays with numpy.savez / savez_compressed, then describe it
  npy-versions DIR                write .npy files in header versions 1.0, 2.0 and 3.0, then describe them
  count FILE.npz KEY              number of keys, one key's values, and whether a ZIP64 end record is present
  read-sidecar FILE.npz           an independent read_sidecar: the dict the seed schema describes
  schema SCHEMA.json FILE.json    Draft202012Validator errors (empty list = valid)
  bad-sidecar KIND MUTATION OUT   write a numpy sidecar with one deliberate defect
  bad-sidecars DIR                every KIND-MUTATION.npz of MUTATIONS into DIR
"""
import json
import sys
import zipfile

import numpy as np


def describe_array(a):
    return {"dtype": a.dtype.str, "shape": list(a.shape), "values": a.reshape(-1).tolist()}


def describe(path):
    if path.endswith(".npy"):
        return describe_array(np.load(path, allow_pickle=False))
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: describe_array(z[k]) for k in z.files}
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        zip64 = bool(infos) and all(b"\x01\x00" == i.extra[:2] for i in infos)
        methods = sorted({i.compress_type for i in infos})
    return {"keys": list(arrays), "arrays": arrays, "zip64": zip64, "methods": methods}


def count(path, key):
    with np.load(path, allow_pickle=False) as z:
        n, values = len(z.files), z[key].tolist()
    with open(path, "rb") as f:
        f.seek(-200, 2)
        zip64_end = b"PK\x06\x06" in f.read()
    return {"count": n, "values": values, "zip64_end": zip64_end}


def fixed_arrays():
    rng = np.random.default_rng(1234)
    return {
        "f32": rng.standard_normal((3, 5)).astype("<f4"),
        "f16": np.array([0.0, -1.5, 65504.0, 6e-8, np.inf, -np.inf], dtype="<f2"),
        "i32": np.arange(-4, 8, dtype="<i4").reshape(2, 2, 3),
        "i64": np.array([-(2 ** 62), 0, 2 ** 62 + 1], dtype="<i8"),
        "scalar_i64": np.int64(7),
        "scalar_str": np.array("2.0.0"),
        "strings": np.array(["resid_pre", "mlp.down_proj", "ünï😀"]),
        "empty": np.zeros((0, 4), dtype="<f4"),
        "layer_3/attention_weights": np.full((2, 4), 0.25, dtype="<f4"),
    }


def make(path, mode):
    (np.savez if mode == "stored" else np.savez_compressed)(path, **fixed_arrays())
    return describe(path)


def npy_versions(directory):
    out = {}
    arr = np.arange(12, dtype="<f4").reshape(3, 4)
    for version in [(1, 0), (2, 0), (3, 0)]:
        p = "%s/v%d.npy" % (directory, version[0])
        with open(p, "wb") as f:
            np.lib.format.write_array(f, arr, version=version)
        out[p] = describe_array(arr)
    return out


def read_sidecar(path):
    """The reference read_sidecar, written from PRODUCT.md's key layout only."""
    with np.load(path, allow_pickle=False) as z:
        def mat(key):
            return z[key].tolist() if key in z.files else None
        out = {"schema_version": str(z["schema_version"]), "step": int(z["step"])}
        if "num_attention_heads" in z.files:
            for k in ("num_attention_heads", "num_key_value_heads", "head_dim"):
                out[k] = int(z[k])
            out["layers"] = [{
                "layer": int(L),
                "attention_weights": z["layer_%d/attention_weights" % L].tolist(),
                "q_last": mat("layer_%d/q_last" % L),
                "k_last": mat("layer_%d/k_last" % L),
                "v_last": mat("layer_%d/v_last" % L),
            } for L in z["layers"].tolist()]
        else:
            for k in ("num_layers", "hidden_dim"):
                out[k] = int(z[k])
            subs = z["captured_submodules"].tolist()
            layers = z["captured_layers"].tolist()
            out["captured_submodules"] = subs
            out["captured_layers"] = layers
            out["layers"] = [{
                "layer": L,
                "submodule_tensors": {s: z["layer_%d/%s" % (L, s)].tolist() for s in subs if "layer_%d/%s" % (L, s) in z.files},
            } for L in layers]
    return out


def schema_errors(schema_path, instance_path):
    from jsonschema import Draft202012Validator
    with open(schema_path) as f:
        schema = json.load(f)
    with open(instance_path) as f:
        instance = json.load(f)
    Draft202012Validator.check_schema(schema)
    return ["%s: %s" % ("/".join(map(str, e.absolute_path)), e.message)
            for e in Draft202012Validator(schema).iter_errors(instance)]


def attention_arrays(heads=4, kv=2, dim=3, keys=5, layers=(0, 2)):
    rng = np.random.default_rng(7)
    out = {"schema_version": np.array("2.0.0"), "step": np.int64(3), "num_attention_heads": np.int64(heads),
           "num_key_value_heads": np.int64(kv), "head_dim": np.int64(dim), "layers": np.array(layers, dtype="<i8")}
    for L in layers:
        w = rng.random((heads, keys)).astype("<f4")
        out["layer_%d/attention_weights" % L] = (w / w.sum(axis=1, keepdims=True)).astype("<f4")
        out["layer_%d/q_last" % L] = rng.standard_normal((heads, dim)).astype("<f4")
        out["layer_%d/k_last" % L] = rng.standard_normal((kv, dim)).astype("<f4")
        out["layer_%d/v_last" % L] = rng.standard_normal((kv, dim)).astype("<f4")
    return out


def activation_arrays(subs=("resid_pre", "mlp.down_proj"), layers=(1, 3), hidden=6):
    rng = np.random.default_rng(8)
    out = {"schema_version": np.array("1.0.0"), "step": np.int64(0), "num_layers": np.int64(4),
           "hidden_dim": np.int64(hidden), "captured_submodules": np.array(list(subs)),
           "captured_layers": np.array(layers, dtype="<i8")}
    for L in layers:
        for s in subs:
            out["layer_%d/%s" % (L, s)] = rng.standard_normal(hidden).astype("<f4")
    return out


def bad_sidecar(kind, mutation, out_path):
    a = attention_arrays() if kind == "attention" else activation_arrays()
    if mutation == "valid":
        pass
    elif mutation == "row-sum":
        a["layer_2/attention_weights"][1] *= 0.5
    elif mutation == "q-shape":
        a["layer_0/q_last"] = np.zeros((4, 5), dtype="<f4")
    elif mutation == "k-shape":
        a["layer_2/k_last"] = np.zeros((4, 3), dtype="<f4")
    elif mutation == "unknown-major":
        a["schema_version"] = np.array("3.0.0")
    elif mutation == "not-semver":
        a["schema_version"] = np.array("2.0")
    elif mutation == "layers-order":
        a["layers"] = np.array([2, 0], dtype="<i8")
    elif mutation == "no-qkv":
        for k in [k for k in a if k.endswith(("q_last", "k_last", "v_last"))]:
            del a[k]
    elif mutation == "missing-weights":
        del a["layer_2/attention_weights"]
    elif mutation == "vector-length":
        a["layer_3/resid_pre"] = np.zeros(5, dtype="<f4")
    elif mutation == "missing-submodule":
        del a["layer_1/mlp.down_proj"]
    elif mutation == "duplicate-layers":
        a["captured_layers"] = np.array([3, 3], dtype="<i8")
    elif mutation == "step-float":
        a["step"] = np.float32(3)
    elif mutation == "extra-key":
        a["layer_9/resid_pre"] = np.zeros(6, dtype="<f4")
    else:
        raise SystemExit("unknown mutation " + mutation)
    (np.savez if kind == "attention" else np.savez_compressed)(out_path, **a)
    return {"written": out_path}


MUTATIONS = {
    "attention": ["valid", "row-sum", "q-shape", "k-shape", "unknown-major", "not-semver", "layers-order", "no-qkv",
                  "missing-weights"],
    "activation": ["valid", "vector-length", "missing-submodule", "duplicate-layers", "step-float", "extra-key",
                   "unknown-major"],
}


def bad_sidecars(directory):
    return [bad_sidecar(kind, m, "%s/%s-%s.npz" % (directory, kind, m))["written"]
            for kind, mutations in MUTATIONS.items() for m in mutations]


COMMANDS = {"describe": describe, "make": make, "npy-versions": npy_versions, "count": count,
            "read-sidecar": read_sidecar, "schema": schema_errors, "bad-sidecar": bad_sidecar, "bad-sidecars": bad_sidecars}


def run(args):
    if args[0] not in COMMANDS:
        raise SystemExit("unknown command " + args[0])
    return COMMANDS[args[0]](*args[1:])


def serve():
    """One request per stdin line (a JSON array: command and arguments), one JSON line back per request, so that
    a test run pays for starting Python and importing numpy once."""
    for line in sys.stdin:
        try:
            reply = {"result": run(json.loads(line))}
        except BaseException:  # report, keep serving
            import traceback
            reply = {"error": traceback.format_exc()}
        sys.stdout.write(json.dumps(reply, allow_nan=True) + "\n")
        sys.stdout.flush()


def main(argv):
    if argv[1] == "serve":
        serve()
    else:
        json.dump(run(argv[1:]), sys.stdout, allow_nan=True)


if __name__ == "__main__":
    main(sys.argv)
