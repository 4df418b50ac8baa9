"""The HTML report: self-contained, and it renders in a real browser (headless Chromium)."""

import re
import shutil
import subprocess
import tempfile

import numpy as np
import pytest

from bpnn.app.report import write_report
from bpnn.app.workflow import fit

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0"]


def _browser():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture(scope="module")
def regression_report(tmp_path_factory):
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(120, 2))
    y = np.sin(X[:, 0]) * X[:, 1]
    model = fit(X, y, hidden=(6,), seed=0, ensemble=2, features=["u", "v"], target="w")
    return write_report(model, X, y, tmp_path_factory.mktemp("rep") / "report", data_info={"file": "made up"})


@pytest.fixture(scope="module")
def chinese_report(tmp_path_factory):
    """The regression report in Chinese (its plots in Chinese where a CJK font is installed)."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(120, 2))
    y = np.sin(X[:, 0]) * X[:, 1]
    model = fit(X, y, hidden=(6,), seed=0, features=["u", "v"], target="w", epochs=30)
    return write_report(model, X, y, tmp_path_factory.mktemp("rep") / "zh", lang="zh")


@pytest.fixture(scope="module")
def classification_report(tmp_path_factory):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(150, 2))
    y = np.where(X[:, 0] + X[:, 1] > 0, "yes", "no").astype(object)
    model = fit(X, y, task="classification", hidden=(4,), seed=1, algorithm="rprop")
    return write_report(model, X, y, tmp_path_factory.mktemp("rep"))


def test_report_is_self_contained(regression_report):
    page = regression_report.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 4
    assert not re.search(r"""(src|href)=["'](https?:|//|[^d"'][^a])""", page)     # nothing fetched from outside
    for needle in ("Data", "Network", "Settings", "Training", "Metrics", "R²", "committee"):
        assert needle in page
    assert {p.name for p in regression_report.parent.glob("*.png")} == {
        "performance.png", "train-state.png", "regression.png", "error-histogram.png"}


def test_classification_report_has_confusion_and_per_class_table(classification_report):
    page = classification_report.read_text(encoding="utf-8")
    assert "precision" in page and "accuracy" in page
    assert (classification_report.parent / "confusion-test.png").exists()


@pytest.mark.parametrize("which", ["regression_report", "classification_report", "chinese_report"])
def test_report_renders_in_headless_chromium(which, request, tmp_path):
    browser = _browser()
    if browser is None:
        pytest.skip("no Chromium on this machine (CI installs Debian's chromium: apt-get install -y chromium)")
    page = request.getfixturevalue(which)
    shot = tmp_path / "shot.png"
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1200,1800",
                               f"--screenshot={shot}", page.resolve().as_uri()],
                              capture_output=True, text=True, timeout=120)
    assert shot.exists(), proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console                                 # the page logs only on a broken plot
    from matplotlib.image import imread

    pixels = imread(shot)[..., :3]
    assert pixels.std() > 0.05                                    # not blank
    assert (pixels.mean(axis=2) < 0.9).mean() > 0.02              # text, tables and plots drawn


def test_report_logs_a_console_error_for_a_broken_plot(regression_report, tmp_path):
    browser = _browser()
    if browser is None:
        pytest.skip("no Chromium on this machine (CI installs Debian's chromium: apt-get install -y chromium)")
    broken = tmp_path / "broken.html"
    page = regression_report.read_text(encoding="utf-8")
    broken.write_text(page.replace("data:image/png;base64,", "data:image/png;base64,AAAA", 1), encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                               broken.as_uri()], capture_output=True, text=True, timeout=120)
    assert "failed to load" in proc.stderr
