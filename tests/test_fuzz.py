"""Fuzzing what reads outside input: the model-file loader and the CSV reader.

Every case feeds random or mutated bytes to the reader; only the documented
exception family (:class:`bpnn.BPNNError`) may come out — never another
exception, a hang or code execution.  The counts of cases run are printed
(``pytest -s``) and reported in the issue notes.
"""

import io
import json
import pickle
import zipfile

import numpy as np
import pytest

from bpnn import BPNNError
from bpnn.app.data import read_table, table_arrays
from bpnn.app.io import load_model, model_bytes
from bpnn.app.workflow import fit

CASES = 250


@pytest.fixture(scope="module")
def model_file() -> bytes:
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (40, 3))
    model = fit(X, X.sum(1), hidden=(4,), seed=0, ratios=(0.8, 0.2, 0), epochs=10)
    return model_bytes(model)


def only_bpnn_errors(read, data):
    try:
        read(data)
    except BPNNError:
        return "refused"
    return "accepted"


def test_valid_model_file_loads(model_file):
    assert load_model(model_file).network.sizes == [3, 4, 1]


def test_truncated_model_files(model_file):
    rng = np.random.default_rng(1)
    cuts = sorted(set(rng.integers(0, len(model_file), CASES).tolist()))
    outcomes = [only_bpnn_errors(load_model, model_file[:cut]) for cut in cuts]
    assert outcomes.count("accepted") == 0
    print(f"\nmodel loader: {len(cuts)} truncations, all refused")


def test_bit_flipped_model_files(model_file):
    rng = np.random.default_rng(2)
    accepted = 0
    for _ in range(CASES):
        data = bytearray(model_file)
        for pos in rng.integers(0, len(data), rng.integers(1, 8)):
            data[pos] ^= 1 << int(rng.integers(0, 8))
        if only_bpnn_errors(load_model, bytes(data)) == "accepted":
            accepted += 1           # a flip in zip padding can be harmless; the checksum guards the content
    print(f"\nmodel loader: {CASES} bit-flip cases, {accepted} harmless flips accepted")


def _npz(entries: dict) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **entries)
    return buf.getvalue()


def _rewrite(model_file: bytes, change) -> bytes:
    """Unpack the archive, let ``change(meta, arrays)`` edit it, pack it again (checksum untouched)."""
    with np.load(io.BytesIO(model_file), allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    meta = json.loads(arrays.pop("bpnn.json").tobytes())
    change(meta, arrays)
    arrays["bpnn.json"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    return _npz(arrays)


@pytest.mark.parametrize("name,change", [
    ("edited weights", lambda m, a: a.__setitem__("network.theta", a["network.theta"] + 1)),
    ("huge declared shape", lambda m, a: m["network"].__setitem__("sizes", [3, 10 ** 9, 1])),
    ("wrong dtype", lambda m, a: a.__setitem__("network.theta", a["network.theta"].astype(np.int64))),
    ("newer schema", lambda m, a: m.__setitem__("schema", 99)),
    ("foreign format", lambda m, a: m.__setitem__("format", "keras")),
    ("unknown activation", lambda m, a: m["network"].__setitem__("activations", ["tanh", "evil"])),
    ("missing arrays", lambda m, a: a.clear()),
])
def test_edited_model_files_are_refused(model_file, name, change):
    with pytest.raises(BPNNError):
        load_model(_rewrite(model_file, change))


def test_pickle_payload_is_never_loaded(model_file, tmp_path):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    data = _npz({"bpnn.json": np.frombuffer(b"{}", np.uint8), "network.theta": np.array([Evil()], dtype=object)})
    with pytest.raises(BPNNError, match="pickle"):
        load_model(data)
    raw = pickle.dumps(Evil())
    with pytest.raises(BPNNError):
        load_model(raw)
    assert not marker.exists()


def test_compressed_size_bomb_is_refused_quickly(monkeypatch):
    """A zip entry that inflates far past the limit (a few hundred KB compressed) is never inflated.

    The limit is lowered to 64 MiB here so that building the bomb takes seconds;
    the mechanism is the one that guards the real 1 GiB limit.
    """
    import bpnn.app.io

    monkeypatch.setattr(bpnn.app.io, "MAX_ENTRY_BYTES", 64 << 20)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        header = io.BytesIO()
        np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False,
                                                       "shape": (2 ** 25,)})
        with zf.open("network.theta.npy", "w") as entry:
            entry.write(header.getvalue())
            block = bytes(2 ** 24)
            for _ in range(16):                      # 256 MiB of zeros
                entry.write(block)
    assert len(buf.getvalue()) < 1 << 20
    with pytest.raises(BPNNError, match=r"would inflate to 0\.[23] GiB"):
        load_model(buf.getvalue())


def test_declared_huge_array_with_no_data_is_refused():
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (10 ** 12,)})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("network.theta.npy", header.getvalue())
        zf.writestr("bpnn.json.npy", header.getvalue())
    with pytest.raises(BPNNError):
        load_model(buf.getvalue())


def test_random_bytes_are_not_models():
    rng = np.random.default_rng(3)
    for _ in range(CASES):
        data = rng.integers(0, 256, int(rng.integers(0, 2000)), dtype=np.uint8).tobytes()
        if rng.random() < 0.5:
            data = b"PK\x03\x04" + data
        with pytest.raises(BPNNError):
            load_model(data)
    print(f"\nmodel loader: {CASES} random byte strings, all refused")


CSV = "a,b,c,y\n" + "\n".join(f"{i * 0.1:.1f},{i % 7},{(i * 37) % 11 / 3:.3f},{i * 0.25:.2f}" for i in range(60)) + "\n"


def read_csv_bytes(tmp_path, data: bytes, target="y"):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    df = read_table(path)
    return table_arrays(df, target, source=str(path))


def test_mutated_csv_files(tmp_path):
    rng = np.random.default_rng(4)
    alphabet = np.frombuffer(b",;\t\n\r\"'abcxyz0123456789.-+eE nanNaNinf\xff\xfe\x00", dtype=np.uint8)
    base = CSV.encode()
    accepted = refused = 0
    for _ in range(CASES):
        data = bytearray(base)
        for _ in range(int(rng.integers(1, 12))):
            op, pos = rng.integers(0, 3), int(rng.integers(0, max(len(data), 1)))
            if op == 0 and data:
                data[pos % len(data)] = int(rng.choice(alphabet))
            elif op == 1:
                data[pos:pos] = bytes(rng.choice(alphabet, int(rng.integers(1, 6))))
            else:
                del data[pos:pos + int(rng.integers(1, 20))]
        try:
            result = read_csv_bytes(tmp_path, bytes(data))
        except BPNNError:
            refused += 1
        else:
            accepted += 1
            assert np.all(np.isfinite(result.X)), "accepted data must be finite"
    print(f"\nCSV reader: {CASES} mutated files, {accepted} accepted, {refused} refused with BPNNError")


def test_random_bytes_as_csv(tmp_path):
    rng = np.random.default_rng(5)
    for _ in range(CASES // 2):
        data = rng.integers(0, 256, int(rng.integers(0, 500)), dtype=np.uint8).tobytes()
        try:
            read_csv_bytes(tmp_path, data)
        except BPNNError:
            pass


def test_nan_weights_are_never_saved(tmp_path, model_file):
    from bpnn.app.io import save_model

    model = load_model(model_file)
    path = save_model(model, tmp_path / "good.bpnn")
    before = path.read_bytes()
    model.network.theta[0] = np.nan
    with pytest.raises(BPNNError, match="refusing to save a model whose weights contain NaN"):
        save_model(model, path)
    assert path.read_bytes() == before                 # the previous file is untouched
