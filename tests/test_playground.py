"""bpnn playground's server, through its HTTP API (starlette's TestClient; no browser).

The server drives bpnn's own loop and explain: a step lowers the loss as bpnn.train would, the
state's losses are the loop's, Inspect's δ are bpnn.explain's, and the export is a model file
that bpnn.load_model reads.  Every request needs the token; bad ones get HTTP 400 with a message.
"""

import io

import numpy as np
import pytest

import bpnn
from bpnn.app.playground.data import DATASETS, make_data
from bpnn.app.playground.session import Session, check_config, options

pytest.importorskip("starlette")
pytest.importorskip("httpx")
from starlette.testclient import TestClient  # noqa: E402

from bpnn.app.playground.server import Playground, create_app  # noqa: E402


@pytest.fixture()
def served():
    pg = Playground(token="secret-token")
    client = TestClient(create_app(pg), headers={"X-BPNN-Token": "secret-token"})
    yield pg, client
    pg.close()


def test_every_request_needs_the_token(served):
    pg, client = served
    bare = TestClient(create_app(pg))
    for path in ("/", "/static/app.js", "/api/options", "/api/state", "/api/export/model"):
        r = bare.get(path)
        assert r.status_code == 403 and "token" in r.json()["error"], path
        assert bare.get(path, params={"token": "wrong"}).status_code == 403
    assert bare.post("/api/step", json={"steps": 1}).status_code == 403
    assert bare.post("/api/step", json={"steps": 1}, headers={"X-BPNN-Token": "secret-tokeN"}).status_code == 403
    page = bare.get("/", params={"token": "secret-token"})
    assert page.status_code == 200 and "static/app.js?token=secret-token" in page.text
    assert bare.get("/static/app.js", params={"token": "secret-token"}).status_code == 200


@pytest.mark.parametrize("path, body, words", [
    ("/api/step", {"steps": 1, "extra": 1}, "unknown field"),
    ("/api/step", {"steps": 0}, "'steps' must be a whole number from 1"),
    ("/api/step", {"steps": 10 ** 6}, "'steps'"),
    ("/api/step", {"steps": "3"}, "'steps'"),
    ("/api/step", [1, 2], "expected a JSON object"),
    ("/api/inspect", {"layer": 1}, "required"),
    ("/api/inspect", {"layer": 9, "unit": 0}, "no unit 0 in layer 9"),
    ("/api/inspect", {"layer": 1, "unit": 0, "lang": "fr"}, "'lang'"),
    ("/api/config", {"config": {"hidden": [4] * 9}}, "'hidden'"),
    ("/api/config", {"config": {"hidden": [17]}, "activations": ["tanh"]}, "unknown field"),
    ("/api/config", {"config": {"hidden": [17], "activations": ["tanh"]}}, "'hidden'"),
    ("/api/config", {"config": {"points": 10 ** 6}}, "'points'"),
    ("/api/config", b'{"config": {"lr": NaN}}', "'lr'"),
    ("/api/config", {"config": {"activation": "tanh"}}, "unknown field(s) 'activation'"),
    ("/api/config", {"config": {"dataset": "sin", "loss": "binary_cross_entropy"}}, "needs class targets"),
    ("/api/config", {"config": {"hidden": [3], "init": "article"}}, "1-4-1"),
    ("/api/config", {"config": {"algorithm": "bogus"}}, "'algorithm' must be one of"),
    ("/api/config", {"config": {**options()["presets"]["xor"], "algorithm": "lm"}}, "least-squares"),
])
def test_bad_requests_get_400_with_a_message(served, path, body, words):
    pg, client = served
    before = pg.session
    r = client.post(path, content=body) if isinstance(body, bytes) else client.post(path, json=body)
    assert r.status_code == 400, r.text
    assert words in r.json()["error"]
    assert pg.session is before                       # a refused config leaves the run alone
    assert client.post("/api/step", json={"steps": 1}).status_code == 200   # and the server still serves


def test_raw_bodies_too_big_or_not_json_are_400(served):
    _, client = served
    r = client.post("/api/step", content=b"{", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "not JSON" in r.json()["error"]
    r = client.post("/api/step", content=b" " * 20000 + b"{}")
    assert r.status_code == 400 and "larger than" in r.json()["error"]


def test_options_come_from_the_registries(served):
    _, client = served
    o = client.get("/api/options").json()
    assert list(o["activations"]) == list(bpnn.ACTIVATIONS)
    assert list(o["losses"]) == list(bpnn.LOSSES)
    assert list(o["datasets"]) == list(DATASETS)
    assert o["algorithms"] == ["gd", "gdm", "adam", "rprop", "lm"]
    for preset in o["presets"].values():
        check_config(preset)


def test_the_default_run_is_the_seed_articles():
    """Step k's loss is the article's: the run is bpnn.train's, paused between epochs."""
    run = Session()
    try:
        state = run.step(5)
        net = bpnn.article_network()
        X, T = bpnn.sin_data()
        record = bpnn.train(net, X, T, algorithm="gd", lr=0.01, epochs=5, engine="reference")
        assert np.allclose(run.state()["loss"], record.loss, rtol=1e-12)
        assert state["epoch"] == 5 and state["engine"] and "buffered" in state["engine_reason"]
        assert np.allclose(np.concatenate([w.ravel() for w in map(np.array, state["W"])]),
                           np.concatenate([w.ravel() for w in net.W]), rtol=1e-12)
    finally:
        run.close()


@pytest.mark.parametrize("algorithm", ["adam", "lm", "rprop", "gdm"])
def test_steps_lower_the_loss_and_keep_the_optimiser_state(served, algorithm):
    """Ten requests of 3 steps give exactly bpnn.train(..., epochs=30): Adam's moments persist."""
    pg, client = served
    loss = "mse" if algorithm == "lm" else "binary_cross_entropy"
    config = {**options()["presets"]["xor"], "algorithm": algorithm, "points": 120, "test_fraction": 0.25,
              "batch_size": None if algorithm == "lm" else 30, "loss": loss}
    r = client.post("/api/config", json={"config": config})
    assert r.status_code == 200, r.text
    first = r.json()["state"]["loss"][0]
    losses, test_losses = [first], r.json()["state"]["test_loss"]
    for _ in range(10):
        state = client.post("/api/step", json={"steps": 3, "since": len(losses)}).json()
        losses += state["loss"]
        test_losses += state["test_loss"]
    assert state["epoch"] == 30 and len(losses) == 31 and len(test_losses) == 31
    assert losses[-1] < first
    (X, T), test = make_data("xor", 120, 0.0, 0.25, 0)
    net = bpnn.Network([2, 8, 8, 1], ["tanh", "tanh"], "sigmoid", init="nguyen_widrow", seed=0)
    opts = {} if algorithm in ("lm", "rprop") else {"lr": 0.03}
    record = bpnn.train(net, X, T, loss=loss, algorithm=algorithm, epochs=30, min_grad=0.0,
                        batch_size=config["batch_size"], seed=0, test=test, **opts)
    assert np.allclose(losses, record.loss, rtol=1e-9, atol=1e-12)
    assert np.allclose(np.array(state["W"][0]), net.W[0], rtol=1e-9, atol=1e-12)


def test_inspect_is_bpnn_explain(served):
    pg, client = served
    client.post("/api/config", json={"config": {**options()["presets"]["circles"], "points": 80}})
    client.post("/api/step", json={"steps": 7})
    s = pg.session
    ex = bpnn.explain(s.net, s.X, s.T, loss="binary_cross_entropy", lr=0.03, autograd=False)
    for layer, unit in ((1, 3), (2, 0), (3, 0)):
        for lang in ("en", "zh"):
            v = client.post("/api/inspect", json={"layer": layer, "unit": unit, "lang": lang}).json()
            step = ex.layers[layer - 1]
            assert np.max(np.abs(np.array(v["delta"]) - step.delta[:, unit])) <= 1e-12
            assert np.max(np.abs(np.array(v["dW"]) - step.dW[:, unit])) <= 1e-12
            assert np.allclose(v["dW_fd"], step.dW_fd[:, unit], rtol=0, atol=1e-12)
            assert v["text"] == ex.unit_view(layer, unit, lang)["text"]
    zh = client.post("/api/inspect", json={"layer": 1, "unit": 0, "lang": "zh"}).json()["text"]
    assert "BP2" in zh["bp"] and "第 1 层" in zh["bp"]
    html = client.get("/api/explain", params={"lang": "zh"})
    assert html.status_code == 200 and "反向传播" in html.text


def test_export_gives_a_loadable_model_and_code_that_reproduces_the_run(served, tmp_path):
    pg, client = served
    client.post("/api/config", json={"config": {**options()["presets"]["surface"], "points": 60}})
    client.post("/api/step", json={"steps": 12})
    r = client.get("/api/export/model")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    path = tmp_path / "playground.bpnn"
    path.write_bytes(r.content)
    model = bpnn.load_model(path)
    X = pg.session.X
    assert np.allclose(model.predict(X), pg.session.net.forward(X), rtol=1e-12)
    code = client.get("/api/export/code").text
    space: dict = {}
    out = io.StringIO()
    from contextlib import redirect_stdout
    with redirect_stdout(out):
        exec(compile(code, "playground.py", "exec"), space)           # the code the page offers
    assert np.allclose(space["net"].theta, pg.session.net.theta, rtol=1e-9, atol=1e-12)
    assert "bpnn train playground.csv" in code
    csv = client.get("/api/export/data").text.splitlines()
    assert csv[0] == "x1,x2,y,set" and len(csv) == 61


def test_bye_stops_the_server_unless_the_page_comes_back(served, monkeypatch):
    from bpnn.app.playground import server
    pg, client = served
    monkeypatch.setattr(server, "BYE_GRACE", 0.05)
    stopped = []
    pg.shutdown = lambda: stopped.append(True)
    import time
    client.post("/api/bye")
    time.sleep(0.3)
    assert stopped == [True]


def test_closing_a_run_ends_its_thread():
    run = Session({"dataset": "gaussians", **{k: v for k, v in options()["presets"]["gaussians"].items()
                                               if k != "dataset"}})
    run.step(2)
    run.close()
    assert not run._thread.is_alive()


def test_the_cli_says_what_to_install_or_which_port(monkeypatch, capsys):
    from bpnn.cli import main
    with pytest.raises(SystemExit) as exc:
        main(["playground", "--lang", "fr", "--no-browser"])
    assert exc.value.code == 2 and capsys.readouterr().err.startswith("error: --lang must be en or zh")
    import socket
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(SystemExit) as exc:
            main(["playground", "--port", str(busy.getsockname()[1]), "--no-browser"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.startswith("error: cannot listen on 127.0.0.1:") and "Traceback" not in err
