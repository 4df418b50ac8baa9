"""Model files: round trip, and truncated / edited / foreign / newer files refused."""

import io
import json
import zipfile

import numpy as np
import pytest

from bpnn.errors import BPNNError
from bpnn.app.export import python_source
from bpnn.app.io import SCHEMA, load_model, model_bytes, save_model
from bpnn.app.workflow import fit


@pytest.fixture(scope="module")
def regression_model():
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.uniform(0, 10, 60), np.full(60, 4.0), rng.normal(size=60)])
    y = np.column_stack([np.sin(X[:, 0]) + X[:, 2], X[:, 0] * 2])
    return fit(X, y, hidden=(4,), seed=1, epochs=15, ensemble=2, features=["a", "const", "c"],
               target=["t1", "t2"]), X


@pytest.fixture(scope="module")
def classification_model():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(90, 2))
    labels = np.array(["low", "mid", "high"], dtype=object)[np.digitize(X[:, 0], [-0.5, 0.5])]
    return fit(X, labels, task="classification", hidden=(5,), seed=2, epochs=20, algorithm="rprop"), X


def test_round_trip_regression(tmp_path, regression_model):
    model, X = regression_model
    path = save_model(model, tmp_path / "m.bpnn")
    again = load_model(path)
    assert len(again.networks) == 2 and again.network.sizes == model.network.sizes
    np.testing.assert_array_equal(again.predict(X), model.predict(X))
    assert again.features == ["a", "const", "c"] and again.preprocessing.n_inputs == 2
    assert again.metrics == json.loads(json.dumps(model.metrics))
    assert again.record["loss"] == model.record["loss"]
    assert again.info["seed"] == 1 and again.info["file_bpnn_version"]


def test_round_trip_classification_keeps_labels(tmp_path, classification_model):
    model, X = classification_model
    again = load_model(save_model(model, tmp_path / "c.bpnn"))
    assert again.classes == ["high", "low", "mid"]
    np.testing.assert_array_equal(again.predict_proba(X), model.predict_proba(X))
    assert list(again.predict(X)) == list(model.predict(X))


def test_file_is_zip_of_json_and_plain_arrays(tmp_path, regression_model):
    path = save_model(regression_model[0], tmp_path / "m.bpnn")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
    assert "bpnn.json.npy" in names and "network.theta.npy" in names
    with np.load(path, allow_pickle=False) as npz:             # loads without pickle
        meta = json.loads(npz["bpnn.json"].tobytes())
        assert npz["network.theta"].shape == (2, regression_model[0].network.n_params)
    assert meta["format"] == "bpnn-model" and meta["schema"] == 1 < SCHEMA    # 2 only with text columns


def test_missing_file(tmp_path):
    with pytest.raises(BPNNError, match="model file '.*nope.bpnn' not found"):
        load_model(tmp_path / "nope.bpnn")


def test_truncated_file_is_refused(tmp_path, regression_model):
    data = model_bytes(regression_model[0])
    path = tmp_path / "cut.bpnn"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(BPNNError, match="truncated or damaged"):
        load_model(path)


def test_foreign_files_are_refused(tmp_path):
    text = tmp_path / "notes.bpnn"
    text.write_text("hello")
    with pytest.raises(BPNNError, match="not a bpnn model"):
        load_model(text)
    other = tmp_path / "other.npz"
    np.savez(other, a=np.arange(3))
    with pytest.raises(BPNNError, match="without 'bpnn.json'"):
        load_model(other)
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, **{"bpnn.json": np.array([{"x": 1}], dtype=object)})
    with pytest.raises(BPNNError, match="pickle"):
        load_model(pickled)


def _rewrite(src: bytes, change) -> bytes:
    """The archive with its JSON changed by ``change(meta)`` (arrays untouched)."""
    with np.load(io.BytesIO(src), allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    meta = json.loads(arrays["bpnn.json"].tobytes())
    change(meta, arrays)
    arrays["bpnn.json"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


@pytest.mark.parametrize("change,message", [
    (lambda m, a: m.update(created="2000-01-01"), "checksum does not match"),
    (lambda m, a: m["network"].update(sizes=[2, 5, 2]), "need"),       # the schema sees it before the checksum
    (lambda m, a: a.update({"network.theta": a["network.theta"] + 1e-9}), "checksum does not match"),
    (lambda m, a: m.update(schema=SCHEMA + 1), "newer bpnn"),
    (lambda m, a: m.update(format="something-else"), "does not say format"),
])
def test_edited_files_are_refused(tmp_path, regression_model, change, message):
    path = tmp_path / "edited.bpnn"
    path.write_bytes(_rewrite(model_bytes(regression_model[0]), change))
    with pytest.raises(BPNNError, match=message):
        load_model(path)


def test_write_is_atomic(tmp_path, regression_model, monkeypatch):
    path = save_model(regression_model[0], tmp_path / "m.bpnn")
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", broken)
    with pytest.raises(BPNNError, match="No space left"):
        save_model(regression_model[0], path)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["m.bpnn"]


def test_pickle_goes_through_the_model_file_format(regression_model):
    import pickle

    model, X = regression_model
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(model)).predict(X), model.predict(X))


# -- export --------------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["regression_model", "classification_model"])
def test_exported_python_matches_within_1e_12(tmp_path, which, request):
    model, X = request.getfixturevalue(which)
    namespace = {}
    exec(compile(python_source(model), "exported.py", "exec"), namespace)
    if model.task == "classification":
        assert np.max(np.abs(namespace["predict_proba"](X) - model.predict_proba(X))) <= 1e-12
        assert list(namespace["predict"](X)) == list(model.predict(X))
    else:
        assert np.max(np.abs(namespace["predict"](X) - model.predict(X))) <= 1e-12
    assert "import bpnn" not in python_source(model)


def test_export_knows_every_activation():
    from bpnn.core.activations import ACTIVATIONS

    X = np.linspace(-3, 3, 12).reshape(-1, 2)
    for f in ACTIVATIONS.values():                     # each activation's own export source is f
        namespace = {"np": np}
        exec(f.source_helper, namespace)
        assert np.allclose(eval(f.source, namespace, {"z": X}), f(X), rtol=1e-12, atol=0)
