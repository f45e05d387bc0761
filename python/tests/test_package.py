"""tokenheatmap on runs the Java side wrote in this build: every number read equals what Java wrote (expected.json
holds the values as Java's readers return them, sidecars as `heatmap sidecar` prints them)."""
import html
import json
import math
import re
import shutil

import jsonschema
import numpy as np
import pytest

import tokenheatmap as th
from conftest import REPO, SCHEMAS


def expected(fixtures):
    return json.loads((fixtures / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["capture", "score", "imported", "imported-chat"])
def test_token_arrays_equal_what_java_wrote(fixtures, name):
    run = th.load_run(fixtures / name)
    want = expected(fixtures)["runs"][name]
    steps = want["steps"]
    assert list(run.tokens) == [s["text"] for s in steps]
    assert run.token_ids.tolist() == [s["token_id"] for s in steps]
    assert run.logprobs.tolist() == [s["logprob"] for s in steps]
    assert run.entropies.tolist() == [s["entropy"] for s in steps]
    assert run.ranks.tolist() == [s["rank"] for s in steps]
    assert run.offsets.tolist() == [s["offset"] for s in steps]
    prompt = want["prompt"]
    assert run.prompt.token_ids.tolist() == [p["token_id"] for p in prompt]
    for got, p in zip(run.prompt.logprobs.tolist(), prompt):
        assert (math.isnan(got) and p["logprob"] is None) or got == p["logprob"]
    for i in range(len(steps)):
        assert [(a["token_id"], a["logprob"]) for a in run.top_k(i)] == [tuple(a) for a in steps[i]["top_k"]]
    frame = run.to_dataframe()
    assert len(frame) == len(prompt) + len(steps)
    assert list(frame["logprob"][len(prompt):]) == [s["logprob"] for s in steps]


def test_tier2_sidecars_equal_what_java_wrote(fixtures):
    run = th.load_run(fixtures / "capture")
    want = expected(fixtures)
    assert run.activations is not None and len(run.activations["steps"]) == len(run.steps)
    for step, java in want["attention_sidecars"].items():
        got = run.attention(int(step))
        assert sorted(got) == [row["layer"] for row in java["layers"]]
        for row in java["layers"]:
            w = got[row["layer"]]
            assert w.dtype == np.float32 and w.shape == (java["num_attention_heads"], int(step) + len(run.prompt))
            assert np.array_equal(w, np.array(row["attention_weights"], dtype=np.float32))
        full = th.read_sidecar(fixtures / "capture" / run.trace["steps"][int(step)]["attention_sidecar_ref"])
        for row, jrow in zip(full["layers"], java["layers"]):
            for name in ("q_last", "k_last", "v_last"):
                assert np.array_equal(row[name], np.array(jrow[name], dtype=np.float32))
    for step, java in want["activation_sidecars"].items():
        got = run.activation(int(step))
        for row in java["layers"]:
            for sub, vector in row["submodule_tensors"].items():
                assert np.array_equal(got[row["layer"]][sub], np.array(vector, dtype=np.float32))


def test_read_sidecar_as_lists_validates_against_the_seed_schemas(fixtures):
    run = th.load_run(fixtures / "capture")
    for ref, schema in [(run.trace["steps"][0]["attention_sidecar_ref"], "attention-sidecar.schema.json"),
                        (run.activations["steps"][0]["activation_sidecar_ref"], "activation-sidecar.schema.json")]:
        doc = th.read_sidecar(fixtures / "capture" / ref, as_lists=True)
        json.dumps(doc)  # plain lists and numbers only
        jsonschema.Draft202012Validator(json.loads((SCHEMAS / schema).read_text())).validate(doc)


def test_every_trace_validates_both_2_0_and_2_1(fixtures):
    validator = jsonschema.Draft202012Validator(json.loads((SCHEMAS / "trace.schema.json").read_text()))
    versions = set()
    for trace in [*fixtures.glob("*/trace.json"), REPO / "formats/src/test/resources/valid/run/trace.json"]:
        doc = json.loads(trace.read_text(encoding="utf-8"))
        validator.validate(doc)
        versions.add(doc["schema_version"])
    assert versions == {"2.0.0", "2.1.0"}


def test_imported_run_holds_the_responses_logprobs(fixtures):
    run = th.load_run(fixtures / "imported")
    response = json.loads((REPO / "importer/src/test/resources/responses/openai-completions-echo-score.json").read_text())
    logprobs = response["choices"][0]["logprobs"]["token_logprobs"]
    assert run.is_imported and run.source["provider"] == "openai-completions"
    assert math.isnan(run.prompt.logprobs[0]) and logprobs[0] is None
    assert run.logprobs.tolist() == logprobs[1:]
    assert run.trace["generation"]["mode"] == "score" and run.text == " upon a time"
    assert run.activations is None
    chat = th.load_run(fixtures / "imported-chat")
    assert chat.rank_exact.tolist() == [r <= len(chat.top_k(i)) for i, r in enumerate(chat.ranks)]
    assert not chat.rank_exact.all(), "a sampled token outside the listed alternatives has only a bound"


def test_activation_diff_and_token_diff(fixtures):
    diff = th.load_diff(fixtures / "diffs" / "capture-vs-sampled.json")
    tokens = json.loads((fixtures / "diffs" / "capture-vs-sampled.tokens.json").read_text())
    assert diff.logprob_delta.tolist() == [s["logprob_delta"] for s in tokens["steps"]]
    a, b = th.load_run(fixtures / "capture"), th.load_run(fixtures / "sampled")
    assert diff.logprob_delta.tolist() == (a.logprobs[diff.step_a] - b.logprobs[diff.step_b]).tolist()
    layer, sub = diff.activation["steps"][0]["delta"][0]["layer"], diff.activation["steps"][0]["delta"][0]["submodule"]
    l2 = diff.l2(layer, sub)
    for k, (i, j) in enumerate(zip(diff.step_a, diff.step_b)):
        x = a.activation(int(i))[layer][sub].astype(np.float64)
        y = b.activation(int(j))[layer][sub].astype(np.float64)
        # float32 vectors, double sums on both sides: agreement to 1e-5 relative leaves room for summation order
        assert math.isclose(l2[k], float(np.linalg.norm(x - y)), rel_tol=1e-5, abs_tol=1e-6)
    assert len(diff.to_dataframe()) == len(diff.step_a)


def test_local_score_run_against_api_logprobs_by_position(fixtures):
    diff = th.load_diff(fixtures / "diffs" / "score-vs-api.json")
    assert diff.tokens["alignment"]["applied_mode"] == "position"
    local, api = th.load_run(fixtures / "score"), th.load_run(fixtures / "imported")
    assert sorted(diff.step_b.tolist()) == list(range(len(api.steps))), "every API step is paired"
    # In the scored text's coordinates the API's steps start after its first token ("Once"), the local run's at 0.
    start_b = len(api.trace["generation"]["prompt"]) - len(api.text)
    ends_a = list(local.offsets[1:]) + [len(local.text)]
    ends_b = [o + start_b for o in list(api.offsets[1:])] + [len(api.text) + start_b]
    for i, j in zip(diff.step_a, diff.step_b):
        lo = max(local.offsets[i], api.offsets[j] + start_b)
        hi = min(max(ends_a[i], local.offsets[i] + 1), max(ends_b[j], api.offsets[j] + start_b + 1))
        assert lo < hi or local.offsets[i] == api.offsets[j] + start_b, f"pair ({i}, {j}) covers unrelated text"
        assert diff.logprob_delta[list(diff.step_a).index(i)] == local.logprobs[i] - api.logprobs[j]


@pytest.mark.parametrize("name", ["capture", "imported"])
def test_html_equals_heatmap_export_byte_for_byte(fixtures, name):
    run = th.load_run(fixtures / name)
    page = run.to_html()
    assert page.encode("utf-8") == (fixtures / f"{name}.html").read_bytes()
    frame = run._repr_html_()
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    assert html.unescape(srcdoc) == page


def test_unknown_major_versions_are_refused(fixtures, tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(fixtures / "capture", run_dir)
    trace = run_dir / "trace.json"
    trace.write_text(trace.read_text(encoding="utf-8").replace('"schema_version":"2.1.0"', '"schema_version":"3.0.0"', 1)
                     .replace('"schema_version": "2.1.0"', '"schema_version": "3.0.0"', 1), encoding="utf-8")
    with pytest.raises(th.UnsupportedVersionError, match="unsupported major version 3 of trace.schema.json; this build reads 2.x"):
        th.load_run(run_dir)
    ref = th.load_run(fixtures / "capture").trace["steps"][0]["attention_sidecar_ref"]
    with np.load(fixtures / "capture" / ref, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["schema_version"] = np.array("3.0.0")
    np.savez(tmp_path / "s.npz", **arrays)
    with pytest.raises(th.UnsupportedVersionError, match="attention-sidecar.schema.json; this build reads 2.x"):
        th.read_sidecar(tmp_path / "s.npz")
    bad_diff = tmp_path / "d.json"
    bad_diff.write_text(json.dumps({"schema_version": "2.0.0", "alignment": {}, "steps": []}))
    with pytest.raises(th.UnsupportedVersionError, match="activation-diff.schema.json; this build reads 1.x"):
        th.load_diff(bad_diff)


def test_lens_and_attribution_are_read_when_present(fixtures, tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(fixtures / "imported", run_dir)
    assert th.load_run(run_dir).lens is None and th.load_run(run_dir).attribution is None
    (run_dir / "lens.json").write_text(json.dumps({"schema_version": "1.2.0", "steps": []}))
    (run_dir / "attribution.json").write_text(json.dumps({"schema_version": "1.0.0", "steps": []}))
    run = th.load_run(run_dir)
    assert run.lens == {"schema_version": "1.2.0", "steps": []} and run.attribution["schema_version"] == "1.0.0"
    (run_dir / "lens.json").write_text(json.dumps({"schema_version": "2.0.0"}))
    with pytest.raises(th.UnsupportedVersionError, match="lens.schema.json; this build reads 1.x"):
        th.load_run(run_dir)


def test_the_documented_example_runs(fixtures, tmp_path, monkeypatch):
    """docs/python.md's worked example, run as written on the two captures of this build."""
    doc = (REPO / "docs/python.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", doc, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").symlink_to(fixtures)
    exec(compile(code, "docs/python.md", "exec"), {})
