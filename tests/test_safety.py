"""Issue 20: nothing lost, nothing crashes — output paths, crafted model files, special files,
resource bombs, escaped text, option ranges."""

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from bpnn.app import io as model_io
from bpnn.app.data import read_table
from bpnn.errors import BPNNError
from bpnn.app.io import META, _checksum, load_model, write_atomic
from bpnn.validation import check_label_types, check_memory, training_bytes
from test_cli_train import refused, run


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


TRAIN = ["--target", "y", "--seed", "0", "--epochs", "3", "--ensemble", "1", "--quiet"]


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """A folder with data.csv, x.csv (no target) and m.bpnn."""
    folder = tmp_path_factory.mktemp("safety")
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (40, 2))
    lines = ["a,b,y"] + [f"{p:.5f},{q:.5f},{np.sin(p + q):.5f}" for p, q in X]
    (folder / "data.csv").write_text("\n".join(lines) + "\n")
    (folder / "x.csv").write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n")
    code = subprocess.run([sys.executable, "-m", "bpnn", "train", "data.csv", *TRAIN, "--out", "m.bpnn"],
                          cwd=folder, capture_output=True, text=True)
    assert code.returncode == 0, code.stderr
    return folder


@pytest.fixture
def here(work, monkeypatch):
    monkeypatch.chdir(work)
    before = {p.name: digest(p) for p in work.iterdir() if p.is_file()}
    yield work
    after = {p.name: digest(p) for p in work.iterdir() if p.is_file() and p.name in before}
    assert after == before, "an input file changed"
    assert not [p for p in work.iterdir() if p.name.endswith(".tmp")], "a temporary file was left"


# -- 1. outputs -----------------------------------------------------------------------------
@pytest.mark.parametrize("out", ["data.csv", "./data.csv", "sub/../data.csv", "link.csv"])
def test_train_refuses_to_overwrite_its_data(here, capsys, out):
    (here / "sub").mkdir(exist_ok=True)
    if not (here / "link.csv").is_symlink():
        os.symlink("data.csv", here / "link.csv")
    refused(capsys, "train", "data.csv", *TRAIN, "--out", out, match="same file as the input")


@pytest.mark.parametrize("args,match", [
    (["predict", "m.bpnn", "x.csv", "-o", "m.bpnn"], "same file as the input 'm.bpnn'"),
    (["predict", "m.bpnn", "x.csv", "-o", "./x.csv"], "same file as the input 'x.csv'"),
    (["export", "m.bpnn", "-o", "m.bpnn"], "same file as the input 'm.bpnn'"),
    (["train", "data.csv", *TRAIN, "--out", "new.bpnn", "--report", "data.csv"], "is a file"),
])
def test_outputs_never_replace_inputs(here, capsys, args, match):
    refused(capsys, *args, match=match)


def test_report_folder_may_not_overwrite_the_model(here, capsys):
    (here / "rep").mkdir(exist_ok=True)
    refused(capsys, "train", "data.csv", *TRAIN, "--out", "rep/report.html", "--report", "rep",
            match="would overwrite")


@pytest.mark.parametrize("kind", ["fifo", "null-link", "full-link", "folder"])
def test_special_outputs_are_refused_and_kept(here, capsys, kind):
    path = here / kind
    if not os.path.lexists(path):
        {"fifo": lambda: os.mkfifo(path), "null-link": lambda: os.symlink("/dev/null", path),
         "full-link": lambda: os.symlink("/dev/full", path), "folder": path.mkdir}[kind]()
    mode = os.lstat(path).st_mode
    for args in (["train", "data.csv", *TRAIN, "--out", kind], ["predict", "m.bpnn", "x.csv", "-o", kind],
                 ["export", "m.bpnn", "-o", kind]):
        refused(capsys, *args, match="folder" if kind == "folder" else "not a regular file")
    assert os.lstat(path).st_mode == mode


def test_dash_means_stdout(here, capsys):
    code, out, err = run(capsys, "predict", "m.bpnn", "x.csv", "-o", "-")
    assert code == 0, err
    assert out.splitlines()[0].startswith("a,b,predicted_y") and len(out.splitlines()) == 41


def test_output_through_a_symlink_replaces_its_target(here, capsys):
    os.symlink("pred-target.csv", here / "pred-link.csv")
    code, out, err = run(capsys, "predict", "m.bpnn", "x.csv", "-o", "pred-link.csv")
    assert code == 0, err
    assert (here / "pred-link.csv").is_symlink() and (here / "pred-target.csv").read_text().startswith("a,b,")
    for name in ("pred-link.csv", "pred-target.csv"):
        (here / name).unlink()


@pytest.mark.parametrize("command", [["predict", "m.bpnn", "x.csv"], ["info", "m.bpnn"]])
def test_full_disk_on_stdout_is_one_line(work, command):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "bpnn", *command], cwd=work, stdout=full,
                              stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: ") and "No space" in proc.stderr


def test_enospc_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "m.bpnn"
    path.write_bytes(b"old")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(BPNNError, match="No space left"):
        write_atomic(path, b"new" * 1000, "model")
    assert path.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["m.bpnn"]


def test_report_on_a_full_disk_is_one_line(here, capsys, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("bpnn.app.report.make_plots", full)
    refused(capsys, "train", "data.csv", *TRAIN, "--out", "r.bpnn", "--report", "rep2", match="No space left")
    (here / "r.bpnn").unlink()


# -- 2. crafted model files --------------------------------------------------------------------
def rewrite(src: Path, dst: Path, edit=None, text=None, arrays_edit=None) -> Path:
    """A copy of a model file with its JSON edited and the checksum recomputed (so only the schema can catch it)."""
    with np.load(src, allow_pickle=False) as npz:
        meta = json.loads(npz[META].tobytes().decode())
        arrays = {k: npz[k] for k in npz.files if k not in (META, "model.json")}      # model.json: text for jq
    if arrays_edit:
        arrays_edit(arrays)
    if edit:
        edit(meta)
    meta["checksum"] = _checksum(meta, arrays)
    body = text(json.dumps(meta)) if text else json.dumps(meta)
    buf = io.BytesIO()
    np.savez(buf, **{META: np.frombuffer(body.encode(), dtype=np.uint8)}, **arrays)
    dst.write_bytes(buf.getvalue())
    return dst


def put(path, value):
    def edit(meta):
        node = meta
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return edit


@pytest.mark.parametrize("edit,text,match", [
    (put(["network", "sizes"], [2, 10 ** 9, 1]), None, "more than the cap of 50,000,000"),
    (None, lambda t: t.replace('"sizes": [2,', '"sizes": [1e400,', 1), "network.sizes"),
    (put(["preprocessing"], "x"), None, "'preprocessing' is str"),
    (put(["info"], []), None, "'info' is list"),
    (put(["records"], "x"), None, "'records' is str"),
    (put(["arrays"], []), None, "arrays listed"),
    (put(["network", "count"], 10 ** 7), None, "network.count"),
    (None, lambda t: t[:-1] + ', "deep": ' + "[" * 200_000 + "]" * 200_000 + "}", "nests 200001 levels"),
    (put(["metrics"], {"train": 3}), None, "metrics.train"),
    (put(["records"], [{"loss": 5}]), None, "records[0].loss"),
])
def test_crafted_models_are_refused_before_allocating(work, tmp_path, edit, text, match):
    path = rewrite(work / "m.bpnn", tmp_path / "c.bpnn", edit, text)
    with pytest.raises(BPNNError, match=match.replace("[", r"\[").replace("(", r"\(")):
        load_model(path)


def test_the_parameter_cap_is_configurable_and_named(work, tmp_path, monkeypatch):
    with pytest.raises(BPNNError, match="cap of 5 .*BPNN_MAX_PARAMS"):
        load_model(work / "m.bpnn", max_params=5)
    monkeypatch.setenv("BPNN_MAX_PARAMS", "5")
    with pytest.raises(BPNNError, match="cap of 5"):
        load_model(work / "m.bpnn")
    monkeypatch.setenv("BPNN_MAX_PARAMS", "10000")
    assert load_model(work / "m.bpnn").network.n_params < 10000


def test_nonfinite_weights_are_refused_unless_allowed(work, tmp_path, capsys, monkeypatch):
    def nan(arrays):
        arrays["network.theta"] = np.full_like(arrays["network.theta"], np.nan)
    path = rewrite(work / "m.bpnn", tmp_path / "nan.bpnn", arrays_edit=nan)
    with pytest.raises(BPNNError, match="NaN/inf"):
        load_model(path)
    assert np.isnan(load_model(path, allow_nonfinite=True).network.theta).all()
    monkeypatch.chdir(work)
    refused(capsys, "predict", path, "x.csv", match="--allow-nonfinite")
    code, out, err = run(capsys, "info", path, "--allow-nonfinite")
    assert code == 0, err


def test_total_inflated_size_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(model_io, "MAX_TOTAL_BYTES", 3 << 20)
    path = tmp_path / "bomb.bpnn"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for k in range(4):                           # each under the per-entry cap, together over the total
            zf.writestr(f"a{k}.npy", bytes(1 << 20))
    with pytest.raises(BPNNError, match="in all, more than the 0 GiB cap|MAX_TOTAL_BYTES"):
        load_model(path)


@pytest.mark.parametrize("name", ["fifo", "dev"])
def test_special_model_files_are_refused_before_opening(tmp_path, name):
    path = tmp_path / "m.bpnn"
    if name == "fifo":
        os.mkfifo(path)
    else:
        os.symlink("/dev/zero", path)
    with pytest.raises(BPNNError, match="not a regular file"):
        load_model(path)


def _leaves(node, path=()):
    """Every place in a JSON document: (path, value); long lists give their first item only."""
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node[:2]):
            yield from _leaves(v, (*path, i))


MUTATIONS = ["[/]", -1, 10 ** 30, 1e308, True, None, [1, "a", None], {"a": {"b": []}}]


def test_fuzz_every_field_gives_a_model_or_one_error_line(work, tmp_path, capsys, monkeypatch):
    """Each field of a real model file, replaced by each of several values of another type or range,
    with the checksum recomputed: loading and `bpnn info` either work or give one `error:` line."""
    monkeypatch.chdir(work)
    with np.load(work / "m.bpnn", allow_pickle=False) as npz:
        meta = json.loads(npz[META].tobytes().decode())
    places = [p for p, _ in _leaves(meta) if p and p != ("checksum",)]
    assert len(places) > 40
    tried = 0
    for place in places:
        for value in MUTATIONS:
            path = rewrite(work / "m.bpnn", tmp_path / "f.bpnn", put(list(place), value))
            code, out, err = run(capsys, "info", path)
            errors = [line for line in err.splitlines() if line.startswith("error:")]
            assert code in (0, 2) and "Traceback" not in err, (place, value, err)
            assert (code == 0 and not errors) or (code == 2 and len(errors) == 1 == len(err.splitlines())), \
                (place, value, err)
            tried += 1
    assert tried == len(places) * len(MUTATIONS)


# -- 3. options and memory ----------------------------------------------------------------------
@pytest.mark.parametrize("extra,match", [
    (["--epochs", str(10 ** 30)], "--epochs"),
    (["--epochs", "0"], "--epochs"),
    (["--seed", "-1"], "--seed"),
    (["--ensemble", str(10 ** 9)], "--ensemble"),
    (["--restarts", "0"], "--restarts"),
    (["--max-fail", "-3"], "--max-fail"),
    (["--weight-decay", "nan"], "weight_decay"),
    (["--hidden", "100000000"], "GiB of memory"),
    (["--algo", "lm", "--hidden", "2500"], "10001×10001 matrices (JᵀJ, its damped copy, the factor) ≈ 2.2 GiB"),
])
def test_options_are_range_checked_before_work(here, capsys, extra, match):
    refused(capsys, "train", "data.csv", *TRAIN, "--out", "new.bpnn", *extra, match=match)
    assert not (here / "new.bpnn").exists()


def test_lm_memory_counts_the_p_by_p_matrix(monkeypatch):
    need, what = training_bytes("lm", 42, 1, [3, 2500, 1])
    assert need > 3 * 2 ** 30 and "12501×12501" in what
    monkeypatch.setattr("bpnn.validation.available_memory", lambda: 2 ** 30)
    with pytest.raises(BPNNError, match="12501×12501 matrix .* needs about 3.5 GiB of memory, more than the 1.0 GiB"):
        check_memory(need, what)
    check_memory(training_bytes("scg", 42, 1, [3, 2500, 1])[0], "scg")


def test_available_memory_respects_an_address_space_limit():
    import resource

    from bpnn.validation import available_memory

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    free = available_memory()
    assert free is None or free > 0
    proc = subprocess.run([sys.executable, "-c", "import resource; resource.setrlimit(resource.RLIMIT_AS, "
                           "(2 ** 31, 2 ** 31)); from bpnn.validation import available_memory; "
                           "print(available_memory())"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert 0 < int(proc.stdout) < 2 ** 31


def test_positive_accepts_huge_integers_without_a_type_error():
    from bpnn.validation import positive

    assert positive(10 ** 30, "epochs", integer=True) == 10 ** 30


@pytest.mark.parametrize("sizes,match", [("2,-5,1", "positive integers"), ("2,100000000,1", "100,000")])
def test_gradcheck_sizes_are_validated(capsys, sizes, match):
    refused(capsys, "gradcheck", "--sizes", sizes, match=match)


# -- 4. rich markup in user text ------------------------------------------------------------------
def test_markup_in_user_text_is_printed_as_is(work, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (work / "data.csv").read_text().replace("a,b,y", "a,b,y[/]", 1)
    Path("odd.csv").write_text(text)
    code, out, err = run(capsys, "train", "odd.csv", *TRAIN[2:], "--target", "y[/]", "--out", "odd.bpnn")
    assert code == 0, err
    assert "y[/]" in out
    Path("x[").mkdir()
    rewrite(Path("odd.bpnn"), Path("x[/b]m.bpnn"), put(["created"], "[/]"))
    code, out, err = run(capsys, "info", "x[/b]m.bpnn")
    assert code == 0, err
    assert "x[/b]m.bpnn" in out and "written [/]" in out


# -- 5. data sanity --------------------------------------------------------------------------------
@pytest.mark.parametrize("header", ["a,a,y", "a, a,y", "a,b,a,y"])
def test_duplicate_columns_are_listed(tmp_path, header):
    body = "\n".join(",".join(str(i + j) for j in range(header.count(",") + 1)) for i in range(3))
    (tmp_path / "d.csv").write_text(header + "\n" + body + "\n")
    with pytest.raises(BPNNError, match=r"duplicate column names \['a'\]"):
        read_table(tmp_path / "d.csv")


def test_a_column_really_named_like_a_copy_is_fine(tmp_path):
    (tmp_path / "d.csv").write_text("a,a.1,y\n1,2,3\n4,5,6\n")
    assert list(read_table(tmp_path / "d.csv").columns) == ["a", "a.1", "y"]


@pytest.mark.parametrize("kind,match", [("fifo", "FIFO"), ("zero", "character device"), ("nul", "mostly NUL")])
def test_special_data_files_are_refused_without_reading_them(tmp_path, kind, match):
    path = tmp_path / "d.csv"
    if kind == "fifo":
        os.mkfifo(path)                # no writer: opening it would block forever
    elif kind == "zero":
        os.symlink("/dev/zero", path)  # endless
    else:
        with open(path, "wb") as fh:   # 2 GiB of holes
            fh.truncate(2 << 30)
    with pytest.raises(BPNNError, match=match):
        read_table(path)


def test_mixed_label_types_are_an_error():
    from bpnn.app.estimators import BPClassifier

    check_label_types(np.array(["a", "b"]))
    with pytest.raises(BPNNError, match="mixes label types"):
        BPClassifier().fit(np.zeros((4, 1)), ["a", 1, "a", 1])
    with pytest.raises(BPNNError, match="mixes label types"):
        BPClassifier().partial_fit(np.zeros((4, 1)), np.array(["a", 1, "a", 1], dtype=object), classes=["a", 1])
