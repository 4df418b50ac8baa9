"""Interop: ONNX, PyTorch and MATLAB exports give bpnn's predictions from raw rows (issue 16)."""

import re

import numpy as np
import pandas as pd
import pytest

from bpnn.app.io import load_model, save_model
from bpnn.app.workflow import fit
from bpnn.errors import BPNNError
from test_cli_train import refused, run


def _data(n=80, seed=0):
    rng = np.random.default_rng(seed)
    X = np.column_stack([rng.uniform(0, 60, n), rng.uniform(100, 300, n), np.full(n, 7.0), rng.normal(size=n)])
    return X


@pytest.fixture(scope="module")
def models():
    """Regression (two targets, a constant column, a committee), binary and multi-class, float64 and float32."""
    X = _data()
    y2 = np.column_stack([3 * np.sin(X[:, 0] / 10) + X[:, 1] / 50, X[:, 3] ** 2])
    binary = np.where(X[:, 0] + 10 * X[:, 3] > 30, "yes", "no")
    multi = np.digitize(X[:, 0], [20, 40]) + 1                    # integer labels 1, 2, 3
    common = dict(seed=1, ratios=(0.8, 0.2, 0), epochs=40)
    out = {
        "regression": fit(X, y2, hidden=(6,), scaling="mapstd", ensemble=2, **common),
        "binary": fit(X, binary, task="classification", hidden=(5,), activation="relu", **common),
        "multiclass": fit(X, multi, task="classification", hidden=(6, 4), scaling="mapminmax", **common),
        "regression32": fit(X, y2[:, 0], hidden=(5,), activation="sigmoid", dtype="float32", **common),
        "multiclass32": fit(X, multi, task="classification", hidden=(6,), dtype="float32", **common),
    }
    return X, out


def _bpnn_outputs(model, X):
    return model.predict_proba(X) if model.task == "classification" else model.predict(X)


TOLERANCE = {"float64": 1e-10, "float32": 1e-5}


def _close(got, want, dtype, what):
    """Max |difference| ≤ 1e-10 (float64) or 1e-5 (float32), relative to the outputs' size when they exceed 1:
    a float32 network's own rounding, unscaled to targets of size 10, is already ~1e-5 (bpnn's float32
    predictions differ from the same weights in float64 by 7e-6 on the regression32 model)."""
    diff = float(np.max(np.abs(np.asarray(got, dtype=float) - want)))
    bound = TOLERANCE[dtype.name] * max(1.0, float(np.max(np.abs(want))))
    print(f"{what}: max |difference| {diff:.3g} (bound {bound:.3g})")
    assert diff <= bound


# -- ONNX ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["regression", "binary", "multiclass", "regression32", "multiclass32"])
def test_onnx_matches_bpnn_predict(models, which, tmp_path):
    ort = pytest.importorskip("onnxruntime")
    from bpnn.app.to_onnx import export_onnx

    X, ms = models
    model = ms[which]
    path = export_onnx(model, tmp_path / "m.onnx")
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    Xnew = _data(50, seed=9)
    feed = {"X": Xnew.astype(model.network.dtype)}
    got = dict(zip([o.name for o in session.get_outputs()], session.run(None, feed)))
    want = _bpnn_outputs(model, Xnew)
    if model.task == "classification":
        assert got["probabilities"].shape == want.shape
        _close(got["probabilities"], want, model.network.dtype, f"onnx {which}")
        assert got["label"].tolist() == model.predict(Xnew).tolist()
    else:
        assert got["Y"].shape == want.shape
        _close(got["Y"], want, model.network.dtype, f"onnx {which}")


def test_onnx_cli_against_bpnn_predict(models, capsys, tmp_path):
    ort = pytest.importorskip("onnxruntime")
    X, ms = models
    save_model(ms["multiclass"], tmp_path / "k.bpnn")
    Xnew = _data(30, seed=5)
    pd.DataFrame(Xnew, columns=ms["multiclass"].features).to_csv(tmp_path / "new.csv", index=False)
    code, out, err = run(capsys, "export", tmp_path / "k.bpnn", "--to", "onnx")
    assert code == 0, err
    assert "opset 17" in out and (tmp_path / "k.onnx").exists()
    code, _, err = run(capsys, "predict", tmp_path / "k.bpnn", tmp_path / "new.csv", "-o", tmp_path / "p.csv")
    assert code == 0, err
    pred = pd.read_csv(tmp_path / "p.csv")
    label, proba = ort.InferenceSession(str(tmp_path / "k.onnx")).run(["label", "probabilities"], {"X": Xnew})
    assert label.tolist() == pred["predicted_y"].tolist()
    assert np.max(np.abs(proba - pred[[f"p_{c}" for c in (1, 2, 3)]].to_numpy())) <= 1e-10


def test_onnx_refuses_an_activation_without_an_operator(models, capsys, tmp_path):
    pytest.importorskip("onnx")
    from bpnn import Activation
    from bpnn.app.to_onnx import onnx_model

    X, ms = models
    model = load_model(__import__("bpnn").app.io.model_bytes(ms["binary"]))
    cube = Activation("cube_demo", lambda z: z ** 3, lambda z, a: 3 * z * z, "z³", "3 z²")
    model.networks[0].activations[0] = cube
    with pytest.raises(BPNNError, match="layer 1's activation 'cube_demo' has no ONNX operator"):
        onnx_model(model)


def test_export_output_checked_before_writing(models, capsys, tmp_path):
    X, ms = models
    save_model(ms["binary"], tmp_path / "b.bpnn")
    for to in ("onnx", "torch", "matlab"):
        refused(capsys, "export", tmp_path / "b.bpnn", "--to", to, "-o", tmp_path / "b.bpnn",
                match="same file as the input")
        refused(capsys, "export", tmp_path / "b.bpnn", "--to", to, "-o", tmp_path,
                match="is a folder")


# -- PyTorch ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["regression", "binary", "multiclass", "regression32", "multiclass32"])
def test_to_torch_matches_bpnn_predict(models, which):
    torch = pytest.importorskip("torch")
    X, ms = models
    model = ms[which]
    module = model.to_torch()
    Xnew = _data(50, seed=9)
    with torch.no_grad():
        got = module(torch.from_numpy(Xnew)).numpy()
    _close(got, _bpnn_outputs(model, Xnew), model.network.dtype, f"torch {which}")
    assert module.features == model.features and module.classes == model.classes


@pytest.mark.parametrize("which", ["regression", "multiclass"])
def test_export_torch_program_loads_without_bpnn(models, which, capsys, tmp_path):
    torch = pytest.importorskip("torch")
    import json

    X, ms = models
    save_model(ms[which], tmp_path / "m.bpnn")
    code, out, err = run(capsys, "export", tmp_path / "m.bpnn", "--to", "torch")
    assert code == 0, err
    extra = {"bpnn.json": ""}
    program = torch.export.load(str(tmp_path / "m.pt2"), extra_files=extra)
    Xnew = _data(7, seed=3)
    for rows in (Xnew, Xnew[:1]):                                  # any number of rows, one included
        with torch.no_grad():
            got = program.module()(torch.from_numpy(rows)).numpy()
        _close(got, _bpnn_outputs(ms[which], rows), np.dtype("float64"), f"torch.export {which}")
    assert json.loads(extra["bpnn.json"])["features"] == ms[which].features


def test_network_from_torch_trains_and_checks(models):
    torch = pytest.importorskip("torch")
    import bpnn

    torch.manual_seed(0)
    seq = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 4), torch.nn.ReLU(),
                              torch.nn.Linear(4, 2), torch.nn.Linear(2, 2), torch.nn.Softmax(dim=1)).double()
    net = bpnn.Network.from_torch(seq)
    assert net.sizes == [3, 5, 4, 2, 2] and [f.name for f in net.activations] == ["tanh", "relu", "linear", "softmax"]
    Z = np.random.default_rng(0).normal(size=(10, 3))
    with torch.no_grad():
        assert np.max(np.abs(seq(torch.from_numpy(Z)).numpy() - net.predict(Z))) <= 1e-12
    T = np.eye(2)[np.arange(10) % 2]
    assert bpnn.check_gradients(net, Z, T, "cross_entropy").passed
    # and back again: a bpnn network as torch layers gives the same numbers
    seq32 = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.LeakyReLU(0.01), torch.nn.Linear(3, 1))
    assert bpnn.Network.from_torch(seq32).activations[0].name == "leaky_relu"


@pytest.mark.parametrize("modules,match", [
    (lambda nn: nn.Sequential(nn.Linear(2, 3), nn.Dropout(), nn.Linear(3, 1)), "module 1 (Dropout) is neither"),
    (lambda nn: nn.Sequential(nn.Linear(2, 3), nn.LeakyReLU(0.2), nn.Linear(3, 1)), "computes none of bpnn's"),
    (lambda nn: nn.Sequential(nn.Linear(2, 3), nn.Softmax(dim=0)), "computes none of bpnn's softmax"),
    (lambda nn: nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Tanh()), "follows another activation"),
    (lambda nn: nn.Sequential(nn.Linear(2, 3), nn.Linear(4, 1)), "of 4 inputs follows one of 3 outputs"),
    (lambda nn: nn.Linear(2, 3), "takes a torch.nn.Sequential"),
])
def test_from_torch_refuses_what_it_cannot_express(modules, match):
    torch = pytest.importorskip("torch")
    import bpnn

    with pytest.raises(BPNNError, match=re.escape(match)):
        bpnn.Network.from_torch(modules(torch.nn))


# -- MATLAB ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["regression", "binary", "multiclass", "regression32"])
def test_matlab_round_trip(models, which, capsys, tmp_path):
    X, ms = models
    model = ms[which]
    save_model(model, tmp_path / "m.bpnn")
    code, out, err = run(capsys, "export", tmp_path / "m.bpnn", "--to", "matlab")
    assert code == 0, err
    assert (tmp_path / "m.mat").exists() and (tmp_path / "m_predict.m").exists()
    code, out, err = run(capsys, "import-matlab", tmp_path / "m.mat", "-o", tmp_path / "back.bpnn")
    assert code == 0, err
    back = load_model(tmp_path / "back.bpnn")
    Xnew = _data(40, seed=2)
    assert back.features == model.features and back.classes == model.classes
    assert len(back.networks) == len(model.networks)
    diff = np.max(np.abs(_bpnn_outputs(back, Xnew) - _bpnn_outputs(model, Xnew)))
    assert diff <= (1e-12 if model.network.dtype == np.float64 else 1e-5), diff   # float32 weights come back as float64
    if model.task == "classification":
        assert back.predict(Xnew).tolist() == model.predict(Xnew).tolist()


def test_matlab_reads_a_struct_saved_in_matlab_style(tmp_path):
    """A file as MATLAB's save writes it from a trained fitnet: one struct, IW a 2×1 cell, settings of
    removeconstantrows and mapminmax, no bpnn extras."""
    from scipy.io import savemat

    from bpnn.app.io import from_matlab

    rng = np.random.default_rng(0)
    IW = np.empty((2, 1), dtype=object)
    IW[0, 0], IW[1, 0] = rng.normal(size=(3, 2)), np.zeros((0, 0))
    LW = np.empty((2, 2), dtype=object)
    for i in range(2):
        for j in range(2):
            LW[i, j] = np.zeros((0, 0))
    LW[1, 0] = rng.normal(size=(1, 3))
    b = np.empty((2, 1), dtype=object)
    b[0, 0], b[1, 0] = rng.normal(size=(3, 1)), rng.normal(size=(1, 1))
    rc = {"name": "removeconstantrows", "xrows": 3.0, "yrows": 2.0, "keep": np.array([[1.0, 3.0]]),
          "remove": np.array([[2.0]]), "constants": np.array([[5.0]])}
    mm = {"name": "mapminmax", "xrows": 2.0, "xmin": np.array([[0.0], [10.0]]), "xmax": np.array([[4.0], [20.0]]),
          "ymin": -1.0, "ymax": 1.0, "gain": np.array([[0.5], [0.2]]), "xoffset": np.array([[0.0], [10.0]])}
    out = {"name": "mapminmax", "ymin": -1.0, "ymax": 1.0, "gain": np.array([[0.25]]), "xoffset": np.array([[3.0]])}
    fcns = np.empty((1, 2), dtype=object)
    fcns[0, 0], fcns[0, 1] = "removeconstantrows", "mapminmax"
    sets = np.empty((1, 2), dtype=object)
    sets[0, 0], sets[0, 1] = rc, mm
    tf = np.empty((1, 2), dtype=object)
    tf[0, 0], tf[0, 1] = "tansig", "purelin"
    one = lambda v: np.array([v], dtype=object).reshape(1, 1)          # noqa: E731
    savemat(tmp_path / "net.mat", {"net": {"IW": IW, "LW": LW, "b": b, "transferFcn": tf, "inputProcessFcns": fcns,
                                           "inputProcessSettings": sets, "outputProcessFcns": one("mapminmax"),
                                           "outputProcessSettings": one(out)}})
    model = from_matlab(tmp_path / "net.mat")
    x = np.array([[1.0, 5.0, 12.0], [3.0, 5.0, 18.0]])
    xs = (x[:, [0, 2]] - [0.0, 10.0]) * [0.5, 0.2] - 1.0                 # MATLAB's sim, samples in columns
    a = LW[1, 0] @ np.tanh(IW[0, 0] @ xs.T + b[0, 0]) + b[1, 0]
    assert np.max(np.abs(model.predict(x).ravel() - ((a - (-1.0)) / 0.25 + 3.0).ravel())) <= 1e-12
    assert model.network.sizes == [2, 3, 1] and model.features == ["x1", "x2", "x3"]


def _octave():
    import shutil

    return shutil.which("octave") or shutil.which("octave-cli")


@pytest.mark.parametrize("which", ["regression", "binary", "multiclass"])
def test_generated_m_function_runs_in_octave(models, which, tmp_path):
    import subprocess

    octave = _octave()
    if octave is None:
        pytest.skip("GNU Octave is not installed (apt-get install octave)")
    from bpnn.app.matlab import export_matlab

    X, ms = models
    model = ms[which]
    export_matlab(model, tmp_path / "m.mat", tmp_path / "net_predict.m")
    Xnew = _data(25, seed=4)
    np.savetxt(tmp_path / "x.csv", Xnew, delimiter=",", fmt="%.17g")
    script = ("X = dlmread('x.csv', ',')'; [Y, label] = net_predict(X); dlmwrite('y.csv', Y', 'precision', '%.17g');"
              if model.task == "classification" else
              "X = dlmread('x.csv', ',')'; Y = net_predict(X); dlmwrite('y.csv', Y', 'precision', '%.17g');")
    if model.task == "classification":
        script += ("f = fopen('labels.txt', 'w'); if iscell(label), fprintf(f, '%s\\n', label{:}); "
                   "else, fprintf(f, '%d\\n', label); end; fclose(f);")
    done = subprocess.run([octave, "--no-gui", "--quiet", "--no-window-system", "--eval", script], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    got = np.loadtxt(tmp_path / "y.csv", delimiter=",", ndmin=2)
    want = _bpnn_outputs(model, Xnew)
    diff = float(np.max(np.abs(got - want)))
    print(f"octave {which}: max |difference| {diff:.3g}")
    assert got.shape == want.shape and diff <= 1e-10
    if model.task == "classification":
        labels = (tmp_path / "labels.txt").read_text().split()
        assert labels == [str(c) for c in model.predict(Xnew)]


def test_matlab_export_refuses_an_activation_without_a_transfer_function(capsys, tmp_path):
    X = _data()
    model = fit(X, X[:, 0], hidden=(3,), activation="leaky_relu", seed=0, ratios=(1, 0, 0), epochs=5)
    save_model(model, tmp_path / "l.bpnn")
    refused(capsys, "export", tmp_path / "l.bpnn", "--to", "matlab",
            match="layer 1's activation 'leaky_relu' has no MATLAB transfer function")
    assert not (tmp_path / "l.mat").exists() and not (tmp_path / "l_predict.m").exists()
    refused(capsys, "export", tmp_path / "l.bpnn", "--to", "matlab", "--name", "1bad",
            match="must start with a letter")


def _bad_mats(folder):
    from scipy.io import savemat

    def cell(*items, shape=None):
        c = np.empty(len(items), dtype=object)
        for i, v in enumerate(items):
            c[i] = v
        return c.reshape(shape or (1, -1))

    empty = np.zeros((0, 0))
    ok = dict(IW=cell(np.ones((3, 2)), shape=(1, 1)), LW=cell(empty, empty, np.ones((1, 3)), empty, shape=(2, 2)),
              b=cell(np.ones((3, 1)), np.ones((1, 1)), shape=(2, 1)), transferFcn=cell("tansig", "purelin"))
    cases = {
        "weights.mat": ({"W": np.ones((2, 2))}, "no IW (input weights) variable"),
        "lw.mat": ({**ok, "LW": cell(empty, empty, np.ones((1, 4)), empty, shape=(2, 2))},
                   "LW{2,1} is 1×4, but layer 1 has 3 units"),
        "bias.mat": ({**ok, "b": cell(np.ones((2, 1)), np.ones((1, 1)), shape=(2, 1))}, "b{1} has shape 2×1, expected 3×1"),
        "tf.mat": ({**ok, "transferFcn": cell("radbas", "purelin")}, "layer 1's transfer function 'radbas'"),
        "proc.mat": ({**ok, "inputProcessFcns": cell("processpca"), "inputProcessSettings": cell({"name": "pca"})},
                     "uses 'processpca'"),
        "layers.mat": ({**ok, "transferFcn": cell("tansig")}, "do not describe one chain of layers"),
    }
    for name, (variables, _) in cases.items():
        savemat(folder / name, variables)
    (folder / "text.mat").write_text("IW = 1\n")
    cases["text.mat"] = (None, "scipy cannot read it")
    return {name: match for name, (_, match) in cases.items()}


def test_import_matlab_refuses_what_is_not_a_shallow_network_and_writes_nothing(capsys, tmp_path):
    for name, match in _bad_mats(tmp_path).items():
        refused(capsys, "import-matlab", tmp_path / name, "-o", tmp_path / "out.bpnn", match=match)
        assert not (tmp_path / "out.bpnn").exists()
    refused(capsys, "import-matlab", tmp_path / "missing.mat", match="not found")
    refused(capsys, "import-matlab", tmp_path / "lw.mat", "-o", tmp_path / "lw.mat", match="same file as the input")
