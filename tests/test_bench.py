"""bpnn bench runs and prints its figures (tiny sizes; no timed assertions)."""

import sys
from pathlib import Path

import pytest

from bpnn.cli import main

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import suite  # noqa: E402


def test_suite_prints_every_figure_in_quick_mode(monkeypatch):
    """Each figure runs at tiny sizes (patched smaller still than --quick) and prints its lines.

    PyTorch is hidden (importing it takes seconds): its contenders must be reported as skipped.
    P3 needs MNIST from ../shared/datasets (beside the repository, as in CI).
    """
    mnist = ROOT.parent / "shared" / "datasets" / "mnist.npz"
    if not mnist.exists():
        pytest.skip(f"{mnist} not found (../shared beside the repository holds the benchmark data)")
    import common

    def no_torch(*args, **kwargs):
        raise ImportError("No module named 'torch'", name="torch")

    monkeypatch.setattr(common, "versions", lambda: "torch hidden by the test")
    import fann_letters
    import mnist_epoch
    import multistart
    import seed_loop

    monkeypatch.setattr(suite, "p1", lambda quick, repeats, out: seed_loop.bench(steps=20, repeats=1, out=out))
    monkeypatch.setattr(suite, "p3", lambda quick, repeats, out, mnist=None:
                        mnist_epoch.bench(repeats=1, rows=300, out=out))
    monkeypatch.setattr(suite, "p4", lambda quick, repeats, out:
                        multistart.bench(repeats=1, ks=(1, 3), scale=0.01, out=out))
    monkeypatch.setattr(suite, "p5", lambda quick, repeats, out: fann_letters.bench(epochs=1, repeats=1, rows=500,
                                                                                  out=out))
    import tables
    monkeypatch.setattr(suite, "p6", lambda quick, repeats, out: tables.bench(
        quick=True, seeds=2, only=("iris",), contenders=("bpnn train", "MLP()"), out=out))
    import letters_race
    monkeypatch.setattr(letters_race, "QUICK", {"train_rows": 300, "epochs": 1, "hidden": (8,)})
    import startup
    monkeypatch.setattr(suite, "startup", lambda quick, repeats, out: startup.bench(repeats=1, out=out))
    monkeypatch.setattr(seed_loop, "time_torch_article", no_torch)
    monkeypatch.setattr(mnist_epoch, "run_torch", no_torch)
    import time_to_quality as ttq
    monkeypatch.setattr(ttq, "CONTENDERS", {k: v for k, v in ttq.CONTENDERS.items() if k in ("bpnn lm", "bpnn gd")})
    lines = []
    suite.run(quick=True, out=lines.append)
    text = "\n".join(lines)
    for figure in suite.FIGURES:
        assert any(line.startswith(figure) for line in lines), f"{figure} printed nothing:\n{text}"
    assert "P1   torch-article   skipped" in text and "P3   torch" in text
    assert "P1 bpnn vs torch-article n/a" in text and "P5 bpnn epochs/s vs FANN" in text or "P5 skipped" in text
    assert "P6   iris" in text and "P6 target 1, >= MLP() beyond noise on every table:" in text
    assert "P7   bpnn best" in text and "P7 bpnn fast vs sklearn (256):" in text and "--quick" in text
    assert lines[0].startswith("bpnn bench --quick:") and "NumPy" in lines[0]
    assert any(line.startswith("startup bpnn predict (10 rows)") for line in lines), text
    assert "bench done in" in lines[-1]


def test_letters_race_runs_bpnn_and_sklearn_on_the_same_split(monkeypatch):
    """P7's code path at a tiny size: every contender reads the example's split, trains and classifies
    the 4000 test rows; its bpnn settings are the example's own arguments (no special code path)."""
    import inspect

    import letters_race

    from bpnn.examples import letters

    assert set(letters_race.SETTINGS) == {"bpnn fast", "bpnn best"}
    for setting in letters_race.SETTINGS.values():
        assert set(setting) <= set(inspect.signature(letters.run).parameters)
    monkeypatch.setattr(letters_race, "QUICK", {"train_rows": 400, "epochs": 2, "hidden": (16,)})
    lines = []
    result = letters_race.bench(repeats=1, quick=1, out=lines.append)
    timings = result["timings"]
    assert set(timings) == {"sklearn (256)", "bpnn fast", "sklearn (256,256)", "bpnn best"}
    for name, t in timings.items():
        assert len(t.seconds) == 1 and 1 / 26 < t.result <= 1, (name, t.result)     # better than chance
    assert lines[0].startswith("P7 UCI letters") and "load average" in lines[0]
    verdicts = [line for line in lines if "target >=" in line]
    assert len(verdicts) == 2 and verdicts[1].startswith("P7 bpnn best vs sklearn (256,256):")


def test_bench_cli_only_and_errors(capsys, monkeypatch):
    import common
    import seed_loop

    monkeypatch.setattr(common, "versions", lambda: "not asked")
    monkeypatch.setattr(seed_loop, "time_torch_article", lambda steps: (1.0, 0.0))
    monkeypatch.setattr(suite, "p1", lambda quick, repeats, out: seed_loop.bench(steps=10, repeats=1, out=out))
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as exit_:
        main(["bench", "--quick", "--only", "p1"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "P1 seed loop" in out and "P2" not in out
    for argv, message in ((["bench", "--only", "P9"], "unknown figure 'P9'"),
                          (["bench", "--repeats", "0"], "--repeats must be 1 or more")):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and message in err and len(err.strip().splitlines()) == 1


def test_bench_without_the_benchmarks_folder_is_one_line(tmp_path, monkeypatch, capsys):
    from bpnn.cli import bench as bench_cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BPNN_BENCHMARKS", str(tmp_path))
    monkeypatch.setattr(bench_cli, "__file__", str(tmp_path / "a" / "b" / "c" / "bench.py"))
    with pytest.raises(SystemExit) as exit_:
        main(["bench", "--quick"])
    assert exit_.value.code == 2 and "benchmarks/ folder, which was not found" in capsys.readouterr().err


def test_missing_peers_are_skipped_not_failed(monkeypatch):
    import fann_letters
    import mnist_epoch

    monkeypatch.setattr(fann_letters, "fann_missing", lambda: "FANN is not installed (apt-get install libfann-dev)")
    lines = []
    fann_letters.bench(epochs=1, repeats=1, out=lines.append)
    assert lines == ["P5 skipped: FANN is not installed (apt-get install libfann-dev)"]
    lines.clear()
    mnist_epoch.bench(repeats=1, rows=10, mnist=Path("/nonexistent/mnist.npz"), out=lines.append)
    assert lines[0].startswith("P3 skipped: MNIST not found")


def test_tables_verdict_is_paired_and_beyond_noise():
    import tables

    assert tables.verdict([0.90, 0.91, 0.92], [0.80, 0.82, 0.81]) == "better"
    assert tables.verdict([0.80, 0.82, 0.81], [0.90, 0.91, 0.92]) == "worse"
    assert tables.verdict([0.90, 0.80, 0.85], [0.85, 0.86, 0.84]) == "tie"       # differences swamped by noise
    results = {"a": {"bpnn train": ([0.9, 0.91], [1.0, 1.0]), "MLP()": ([0.8, 0.81], [0.1, 0.1]),
                     "MLP grid": ([0.95, 0.96], [10.0, 10.0])}}
    lines = []
    rows = tables.summary(results, lines.append)
    assert rows["a"]["MLP()"][0] == "better" and rows["a"]["MLP grid"][0] == "worse"
    assert lines[0] == "P6 target 1, >= MLP() beyond noise on every table: 1 of 1"
    assert "not worse beyond noise on 0 of 1" in lines[1] and "on 1 of 1 tables" in lines[2]


def test_p3_breakdown_times_the_epoch_through_the_engine():
    """--breakdown 1: the epoch's parts are timed through timers around the engine's own calls (no timing
    assertions: only that every part is seen, the timers are removed afterwards, and the loss is train()'s)."""
    mnist = ROOT.parent / "shared" / "datasets" / "mnist.npz"
    if not mnist.exists():
        pytest.skip(f"{mnist} not found")
    import mnist_epoch

    from bpnn.engines import buffered

    product = buffered._product
    lines = []
    figures = mnist_epoch.bench(repeats=1, rows=300, mnist=mnist, breakdown=1, out=lines.append)
    text = "\n".join(lines)
    assert buffered._product is product                     # the timers are gone
    for part in ("steps: product (nx785)(785x256)", "steps: product (785xn)(nx256) into θ",
                 "steps: gather the batch's rows", "steps: tanh", "loss passes: product (nx784)(784x256)"):
        assert part in text, text
    assert figures["products_alone"] > 0 and 0 < figures["products_in_epoch"] < figures["whole"]
    X, T, _ = mnist_epoch.load_mnist(mnist, 300)
    assert figures["final_loss"] == pytest.approx(mnist_epoch.run_bpnn(X, T)[1], rel=1e-6)
