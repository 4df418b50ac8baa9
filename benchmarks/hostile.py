"""Hostile cases against the ``bpnn`` command line: run them all and count the outcomes.

Each case runs ``python -m bpnn ...`` in a fresh scratch folder, with a time limit and
a memory limit, and is sorted into one of:

* **clean**: it ended with status 0, 1, 2 or 130 and at most one ``error:`` line, no traceback
  (or, for a SIGTERM sent while Python is still starting, killed by it with nothing written);
* **traceback**: Python printed a traceback;
* **hang**: it did not end within the time limit (it is killed);
* **damaged**: a file that was there before changed (no case names an existing regular
  file as its output unless it is also an input, a FIFO or a symlink to a device), or a
  temporary file was left behind.

Usage::

    python benchmarks/hostile.py            # all cases, a table and the counts
    python benchmarks/hostile.py -k fifo    # only cases whose name contains "fifo"

Nothing outside a temporary folder is written; device files are reached only through
symlinks made in it, so even a bpnn that replaced its output could not touch ``/dev``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

TIME_LIMIT = 60                # seconds per case
MEMORY_LIMIT = 3 * 2 ** 30     # address space per case: a bomb is killed, not the machine


def _limits():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _digest(path: Path):
    """What a file is: its kind and, for a regular file, its bytes' hash."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return ("link", os.readlink(path))
    if stat.S_ISREG(st.st_mode):
        if st.st_size > 2 ** 24:          # the sparse file: its size, time and first bytes
            with open(path, "rb") as fh:
                return ("file", st.st_size, st.st_mtime_ns, hashlib.sha256(fh.read(2 ** 20)).hexdigest())
        return ("file", hashlib.sha256(path.read_bytes()).hexdigest())
    return ("special", stat.S_IFMT(st.st_mode))


def _rewrite_model(src: Path, dst: Path, edit) -> None:
    """Copy a model file with its JSON edited by ``edit(meta, arrays)`` and the checksum recomputed."""
    from bpnn.app.io import META, _checksum

    with np.load(src, allow_pickle=False) as npz:
        meta = json.loads(npz[META].tobytes().decode())
        arrays = {k: npz[k] for k in npz.files if k != META}
    text = edit(meta, arrays)
    if text is None:
        meta["checksum"] = _checksum(meta, arrays)
        text = json.dumps(meta)
    buf = io.BytesIO()
    np.savez(buf, **{META: np.frombuffer(text.encode(), dtype=np.uint8)}, **arrays)
    dst.write_bytes(buf.getvalue())


def _set(path, value):
    def edit(meta, arrays):
        node = meta
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return edit


def _deep(meta, arrays):
    from bpnn.app.io import _checksum

    meta["checksum"] = _checksum(meta, arrays)
    text = json.dumps(meta)
    return text[:-1] + ', "deep": ' + "[" * 200_000 + "]" * 200_000 + "}"


def _bomb(folder: Path) -> Path:
    path = folder / "bomb.bpnn"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for k in range(6):
            with zf.open(f"a{k}.npy", "w", force_zip64=True) as fh:
                header = io.BytesIO()
                np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False,
                                                              "shape": ((2 ** 30 - 128) // 8,)})
                fh.write(header.getvalue())
                block = bytes(2 ** 20)
                for _ in range(1023):
                    fh.write(block)
    return path


def setup(folder: Path) -> dict:
    """The user's files: data, a model, and the special files the cases point at."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (60, 3))
    y = np.sin(X.sum(axis=1))
    lines = ["a,b,c,y"] + [",".join(f"{v:.6f}" for v in row) + f",{t:.6f}" for row, t in zip(X, y)]
    (folder / "data.csv").write_text("\n".join(lines) + "\n")
    (folder / "x.csv").write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n")
    (folder / "odd.csv").write_text("\n".join(lines).replace("a,b,c,y", "a,b,c,y[/]", 1) + "\n")
    (folder / "dup.csv").write_text("\n".join(lines).replace("a,b,c,y", "a,a,c,y", 1) + "\n")
    (folder / "dup2.csv").write_text("\n".join(lines).replace("a,b,c,y", "a, a,c,y", 1) + "\n")
    (folder / "mixed.csv").write_text("\n".join(lines[:1] + [line.rsplit(",", 1)[0] + (",cat" if i % 2 else ",1")
                                                             for i, line in enumerate(lines[1:])]) + "\n")
    subprocess.run([sys.executable, "-m", "bpnn", "train", "data.csv", "--target", "y", "--out", "m.bpnn",
                    "--seed", "0", "--epochs", "5", "--ensemble", "1", "--quiet"], cwd=folder, check=True,
                   capture_output=True)
    (folder / "sub").mkdir()
    os.mkfifo(folder / "fifo")
    os.mkfifo(folder / "fifo.bpnn")
    os.symlink("/dev/null", folder / "null-link")
    os.symlink("/dev/full", folder / "full-link")
    os.symlink("data.csv", folder / "data-link.csv")
    with open(folder / "sparse.csv", "wb") as fh:
        fh.truncate(2 * 2 ** 30)
    (folder / "x[").mkdir()
    (folder / "x[/b]m.bpnn").write_bytes((folder / "m.bpnn").read_bytes())
    m = folder / "m.bpnn"
    crafted = {
        "created": _set(["created"], "[/]"),
        "huge": _set(["network", "sizes"], [3, 10 ** 9, 1]),
        "huge8": _set(["network", "sizes"], [3, 10 ** 8, 1]),
        "inf-size": lambda meta, arrays: json.dumps(meta).replace('"sizes": [3,', '"sizes": [1e400,', 1),
        "pre-str": _set(["preprocessing"], "x"),
        "info-list": _set(["info"], []),
        "records-str": _set(["records"], "x"),
        "arrays-list": _set(["arrays"], []),
        "count": _set(["network", "count"], 10 ** 7),
        "deep": _deep,
    }
    for name, edit in crafted.items():
        _rewrite_model(m, folder / f"{name}.bpnn", edit)

    def nan(meta, arrays):
        arrays["network.theta"] = np.full_like(arrays["network.theta"], np.nan)
    _rewrite_model(m, folder / "nan.bpnn", nan)
    _bomb(folder)
    return {}


def cases() -> list[tuple[str, list[str], str]]:
    """(name, arguments after 'bpnn', shell redirection of stdout or '')."""
    T = ["--target", "y", "--seed", "0", "--epochs", "3", "--ensemble", "1", "--quiet"]
    out = ["--out", "new.bpnn"]
    c = [
        ("train out=data", ["train", "data.csv", *T, "--out", "data.csv"], ""),
        ("train out=./data", ["train", "data.csv", *T, "--out", "./data.csv"], ""),
        ("train out=sub/../data", ["train", "data.csv", *T, "--out", "sub/../data.csv"], ""),
        ("train out=symlink to data", ["train", "data.csv", *T, "--out", "data-link.csv"], ""),
        ("train out=null-link", ["train", "data.csv", *T, "--out", "null-link"], ""),
        ("train out=full-link", ["train", "data.csv", *T, "--out", "full-link"], ""),
        ("train out=fifo", ["train", "data.csv", *T, "--out", "fifo"], ""),
        ("train out=folder", ["train", "data.csv", *T, "--out", "sub"], ""),
        ("train report=data", ["train", "data.csv", *T, *out, "--report", "data.csv"], ""),
        ("train report=out", ["train", "data.csv", *T, "--out", "sub/m.bpnn", "--report", "sub"], ""),
        ("train report=full-link", ["train", "data.csv", *T, *out, "--report", "full-link"], ""),
        ("predict -o model", ["predict", "m.bpnn", "x.csv", "-o", "m.bpnn"], ""),
        ("predict -o input", ["predict", "m.bpnn", "x.csv", "-o", "x.csv"], ""),
        ("predict -o null-link", ["predict", "m.bpnn", "x.csv", "-o", "null-link"], ""),
        ("predict -o fifo", ["predict", "m.bpnn", "x.csv", "-o", "fifo"], ""),
        ("predict -o -", ["predict", "m.bpnn", "x.csv", "-o", "-"], ""),
        ("predict >/dev/full", ["predict", "m.bpnn", "x.csv"], "/dev/full"),
        ("info >/dev/full", ["info", "m.bpnn"], "/dev/full"),
        ("export -o model", ["export", "m.bpnn", "-o", "m.bpnn"], ""),
        ("export -o full-link", ["export", "m.bpnn", "-o", "full-link"], ""),
        ("target y[/]", ["train", "odd.csv", *T[2:], "--target", "y[/]", *out], ""),
        ("model path [/b]", ["info", "x[/b]m.bpnn"], ""),
        ("epochs 10**30", ["train", "data.csv", *T, *out, "--epochs", str(10 ** 30)], ""),
        ("epochs 0", ["train", "data.csv", *T, *out, "--epochs", "0"], ""),
        ("seed -1", ["train", "data.csv", *T, *out, "--seed", "-1"], ""),
        ("seed 2**70", ["train", "data.csv", *T, *out, "--seed", str(2 ** 70)], ""),
        ("hidden 10**8", ["train", "data.csv", *T, *out, "--hidden", "100000000"], ""),
        ("hidden 0", ["train", "data.csv", *T, *out, "--hidden", "0"], ""),
        ("ensemble 10**9", ["train", "data.csv", *T, *out, "--ensemble", str(10 ** 9)], ""),
        ("restarts -1", ["train", "data.csv", *T, *out, "--restarts", "-1"], ""),
        ("max-fail -3", ["train", "data.csv", *T, *out, "--max-fail", "-3"], ""),
        ("weight-decay nan", ["train", "data.csv", *T, *out, "--weight-decay", "nan"], ""),
        ("lm hidden 2500", ["train", "data.csv", *T, *out, "--algo", "lm", "--hidden", "2500"], ""),
        ("gradcheck sizes 10**8", ["gradcheck", "--sizes", "2,100000000,1"], ""),
        ("gradcheck sizes -5", ["gradcheck", "--sizes", "2,-5,1"], ""),
        ("gradcheck samples 10**12", ["gradcheck", "--samples", str(10 ** 12)], ""),
        ("gradcheck eps -1", ["gradcheck", "--eps", "-1"], ""),
        ("data duplicate columns", ["train", "dup.csv", *T, *out], ""),
        ("data duplicate after strip", ["train", "dup2.csv", *T, *out], ""),
        ("data mixed labels", ["train", "mixed.csv", *T, *out, "--task", "classification"], ""),
        ("data /dev/zero", ["train", "/dev/zero", *T, *out], ""),
        ("data fifo", ["train", "fifo", *T, *out], ""),
        ("data sparse NUL", ["train", "sparse.csv", *T, *out], ""),
        ("model /dev/zero", ["info", "/dev/zero"], ""),
        ("model fifo", ["info", "fifo.bpnn"], ""),
        ("predict with /dev/zero data", ["predict", "m.bpnn", "/dev/zero"], ""),
        ("zip bomb", ["info", "bomb.bpnn"], ""),
        ("nan weights predict", ["predict", "nan.bpnn", "x.csv"], ""),
        ("predict to a closed pipe", ["predict", "m.bpnn", "x.csv"], "closed-pipe"),
        ("SIGTERM while starting", ["train", "data.csv", *T, *out], "term:0.5"),
        ("SIGTERM while training + report", ["train", "data.csv", *T[:-3], "--quiet", "--algo", "gd", "--epochs",
                                             "100000000", "--max-fail", "100000000", *out, "--report", "rep"],
         "term:6"),
    ]
    for name in ("created", "huge", "huge8", "inf-size", "pre-str", "info-list", "records-str", "arrays-list",
                 "count", "deep"):
        c.append((f"crafted {name} info", ["info", f"{name}.bpnn"], ""))
        c.append((f"crafted {name} predict", ["predict", f"{name}.bpnn", "x.csv"], ""))
    return c


def run_case(folder: Path, args: list[str], how: str) -> tuple[str, int | None, str]:
    """Run one case; ``how`` is '' (stdout to a pipe), a file for stdout, 'closed-pipe', or
    'term:S' (SIGTERM after S seconds)."""
    before = {p.name: _digest(p) for p in folder.iterdir()}
    tmpdir = folder.parent / "case-tmp"          # the case's TMPDIR: what it leaves there is counted
    tmpdir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    if how == "closed-pipe":
        read_end, out_fh = os.pipe()
        os.close(read_end)
    else:
        out_fh = open(how, "wb") if how and not how.startswith("term:") else subprocess.PIPE
    try:
        proc = subprocess.Popen([sys.executable, "-m", "bpnn", *args], cwd=folder, stdout=out_fh,
                                stderr=subprocess.PIPE, preexec_fn=_limits, env=env)
        if how.startswith("term:"):
            try:
                proc.wait(float(how[5:]))
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=TIME_LIMIT)
        rc, err = proc.returncode, err.decode(errors="replace")
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return "hang", None, ""
    finally:
        if how == "closed-pipe":
            os.close(out_fh)
        elif how and not how.startswith("term:"):
            out_fh.close()
    left = list(tmpdir.iterdir())
    subprocess.run(["rm", "-rf", str(tmpdir)], check=True)
    if left:
        return "damaged", rc, f"left in TMPDIR: {[p.name for p in left]}"
    after = {p.name: _digest(p) for p in folder.iterdir()}
    for name, was in before.items():
        now = after.get(name)
        if now != was:
            return "damaged", rc, f"{name}: {was} -> {now}"
    leftovers = [n for n in after if n not in before and n.endswith(".tmp")]
    if leftovers:
        return "damaged", rc, f"left {leftovers}"
    if "Traceback" in err:
        return "traceback", rc, err.strip().splitlines()[-1]
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    ends = (0, 1, 2, 130, -signal.SIGTERM) if how.startswith("term:") else (0, 1, 2, 130)
    if rc not in ends or len(errors) > 1 or (rc == 2 and not errors):
        return "unclean", rc, err.strip()[-200:]
    return "clean", rc, (errors[0] if errors else "")[:160]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    args = parser.parse_args(argv)
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="bpnn-hostile-") as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        setup(base)
        for name, cargs, redirect in cases():
            if args.k not in name:
                continue
            folder = Path(tmp) / "case"
            subprocess.run(["cp", "-a", str(base), str(folder)], check=True)
            outcome, rc, detail = run_case(folder, cargs, redirect)
            subprocess.run(["rm", "-rf", str(folder)], check=True)
            counts[outcome] = counts.get(outcome, 0) + 1
            print(f"{outcome:9} {str(rc):>4}  {name:30} {detail}", flush=True)
    total = sum(counts.values())
    print(f"\ncases tried {total}: clean {counts.get('clean', 0)}, tracebacks {counts.get('traceback', 0)}, "
          f"hangs {counts.get('hang', 0)}, files damaged {counts.get('damaged', 0)}, "
          f"other unclean {counts.get('unclean', 0)}")
    return 0 if counts.get("clean", 0) == total else 1


if __name__ == "__main__":
    sys.exit(main())
