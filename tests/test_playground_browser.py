"""bpnn playground in a real headless Chromium: Debian's ``chromium`` driven by Playwright's Python package.

Playwright's own browser download is not used (it is not reachable here); the tests point Playwright
at the system's Chromium and skip cleanly when either is missing (CI installs Debian's chromium,
see .ci/run).  The server runs in a thread of this process, so the tests can compare what the page
shows with bpnn.explain on the same weights and data.
"""

import io
import shutil
import socket
import threading
import time

import numpy as np
import pytest

import bpnn

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed")
uvicorn = pytest.importorskip("uvicorn", reason="the playground extra (uvicorn) is not installed")
pytest.importorskip("starlette", reason="the playground extra (starlette) is not installed")

from bpnn.app.playground.server import Playground, create_app  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine "
                                "(CI installs Debian's chromium: apt-get install -y chromium)")


@pytest.fixture(scope="module")
def site():
    pg = Playground(token="browser-test-token")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(pg), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.02)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/?token={pg.token}"
    with sync_api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        except Exception as exc:                                  # a Chromium Playwright cannot drive
            pytest.skip(f"Playwright cannot start {CHROMIUM}: {str(exc).splitlines()[0]}")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url)
        page.wait_for_selector("body[data-ready='1']", timeout=20000)
        yield pg, page, errors
        browser.close()
    server.should_exit = True
    thread.join(timeout=10)
    pg.close()
    sock.close()


def _epoch(page) -> int:
    return int(page.text_content("#epoch"))


def test_the_page_loads_without_console_errors(site):
    pg, page, errors = site
    assert page.text_content("#title") == "bpnn playground"
    assert page.locator(".unit").count() == 1 + 4 + 1                  # the article's 1-4-1 network
    assert page.locator("#edges line").count() == 4 + 4
    assert not errors, errors


def test_play_lowers_the_loss(site):
    pg, page, errors = site
    before = float(page.get_attribute("#loss-now", "data-value"))
    page.click("#play")
    page.wait_for_function("Number(document.getElementById('epoch').textContent) >= 40", timeout=20000)
    page.click("#play")                                              # pause
    time.sleep(0.3)
    after = float(page.get_attribute("#loss-now", "data-value"))
    assert _epoch(page) >= 40 and after < before
    assert after == pytest.approx(pg.session.state()["loss"][-1], rel=0, abs=0)   # the page shows the loop's loss
    assert not errors, errors


def test_a_click_on_a_hidden_unit_shows_bpnn_explains_delta(site):
    pg, page, errors = site
    page.click("#step")
    page.wait_for_function(f"Number(document.getElementById('epoch').textContent) === {pg.session.epoch}")
    page.click("#unit-1-2")
    page.wait_for_selector("#trace td.delta")
    shown = np.array([float(v) for v in page.eval_on_selector_all("#trace td.delta", "els => els.map(e => e.dataset.value)")])
    s = pg.session
    ex = bpnn.explain(s.net, s.X, s.T, loss=s.loss, lr=s.config["lr"], autograd=False)
    assert shown.shape == (20,)
    assert np.max(np.abs(shown - ex.layers[0].delta[:, 2])) <= 1e-12
    dW = np.array([float(v) for v in page.eval_on_selector_all("#grads td.dW", "els => els.map(e => e.dataset.value)")])
    assert np.max(np.abs(dW - ex.layers[0].dW[:, 2])) <= 1e-12
    assert "BP2" in page.text_content("#inspect-bp")
    page.click("#edge-2-2-0")                                         # the edge from that unit to the output
    page.wait_for_selector("#grads tr.selected")
    assert "BP1" in page.text_content("#inspect-bp")
    assert not errors, errors


def test_switching_to_chinese_changes_the_labels(site):
    pg, page, errors = site
    page.click("#unit-1-0")
    page.wait_for_selector("#trace td.delta")
    page.click("#lang-zh")
    page.wait_for_function("document.getElementById('inspect-heading').textContent.includes('第 1 层')")
    assert page.text_content("#title") == "bpnn 演练场"
    assert page.text_content("#play") == "运行"
    assert "反向传播" in page.text_content("#inspect-body")
    page.click("#lang-en")
    page.wait_for_function("document.getElementById('inspect-heading').textContent.includes('Layer 1')")
    assert page.text_content("#title") == "bpnn playground"
    assert not errors, errors


def test_a_2d_set_draws_and_the_screenshot_is_not_blank(site):
    matplotlib_image = pytest.importorskip("matplotlib.image")
    pg, page, errors = site
    page.select_option("#dataset", "spirals")
    page.click("#apply")
    page.wait_for_function("document.querySelectorAll('.unit').length === 2 + 8 + 8 + 1")
    page.click("#step")
    page.wait_for_function("Number(document.getElementById('epoch').textContent) === 1")
    assert pg.session.config["dataset"] == "spirals" and pg.session.epoch == 1
    pixels = matplotlib_image.imread(io.BytesIO(page.screenshot(full_page=True)), format="png")
    colours = np.unique((pixels[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert pixels.std() > 0.05 and len(colours) > 100, (pixels.std(), len(colours))
    assert not errors, errors
