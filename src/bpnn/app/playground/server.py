"""The playground's local web server: a Starlette app around one :class:`~.session.Session`.

Safe by default: :func:`serve` binds 127.0.0.1 only; every request — the page, its script, each
API call — must carry the random token of the URL it printed (``?token=`` or the
``X-BPNN-Token`` header), as Jupyter does; every body is read with a size cap and checked field by
field, and a bad request gets HTTP 400 with a message, never a crash.  Ctrl-C, or closing the page
(it sends ``/api/bye``, and no other request comes within a few seconds), stops the server and
the training thread.

Starlette and uvicorn are imported inside the functions (``pip install ".[playground]"``).
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import threading
import time
from importlib import resources

from ...errors import BPNNError
from .session import MAX_STEPS, RequestError, Session, check_fields, options

MAX_BODY = 16 * 1024           # bytes of a request body
BYE_GRACE = 3.0                # seconds after the page's bye without another request: stop
STATIC = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}


def _need_packages():
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise BPNNError(f"bpnn playground needs {exc.name}: install it with pip install '.[playground]' "
                        f"(starlette and uvicorn)") from None


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def _int_at_least(lo, hi):
    return lambda v: None if isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi else \
        f"must be a whole number from {lo} to {hi}, got {v!r}"


STEP_FIELDS = {"steps": _int_at_least(1, MAX_STEPS), "since": _int_at_least(0, 10 ** 9)}
INSPECT_FIELDS = {"layer": _int_at_least(1, 64), "unit": _int_at_least(0, 4096),
                  "lang": lambda v: None if v in ("en", "zh") else f"must be en or zh, got {v!r}"}


class Playground:
    """The app's state: the token, the run, and what stops the server."""

    def __init__(self, token: str | None = None, lang: str = "en", shutdown=None, config: dict | None = None):
        self.token = token or secrets.token_urlsafe(24)
        self.lang = lang
        self.shutdown = shutdown                    # called to stop the server (None: nothing to stop)
        self.session = Session(config)
        self.last_request = time.monotonic()
        self._lock = threading.Lock()

    def replace(self, config: dict) -> Session:
        new = Session(config)                        # a bad config raises before the old run is touched
        with self._lock:
            old, self.session = self.session, new
        old.close()
        return new

    def bye(self) -> None:
        said = time.monotonic()

        def later():
            if self.last_request <= said and self.shutdown is not None:
                self.shutdown()
        threading.Timer(BYE_GRACE, later).start()

    def close(self) -> None:
        self.session.close()

    def code(self) -> str:
        """Python and `bpnn train` that reproduce the run up to the current epoch."""
        s, c = self.session, self.session.config
        epochs, data = s.epoch, (c["dataset"], c["points"], c["noise"], c["test_fraction"], c["seed"])
        acts = c["activations"]
        init = "randn" if c["init"] == "article" else c["init"]
        lines = [
            "# Reproduces the bpnn playground run: the same data, network, algorithm and number of epochs.",
            "import numpy as np",
            "import bpnn",
            "from bpnn.app.playground.data import make_data",
            "",
            f"(X, T), (X_test, T_test) = make_data({data[0]!r}, points={data[1]!r}, noise={data[2]!r}, "
            f"test_fraction={data[3]!r}, seed={data[4]!r})",
        ]
        if s.loss.targets == "one-hot":
            lines += ["T, T_test = np.hstack([1 - T, T]), np.hstack([1 - T_test, T_test])   # one-hot classes"]
        lines += [f"net = bpnn.Network({list(s.net.sizes)!r}, {acts or 'tanh'!r}, "
                  f"{s.net.activations[-1].name!r}, init={init!r}, seed={c['seed']!r})"]
        if c["init"] == "article":
            lines += ["net.theta = bpnn.article_network().theta     # the seed article's initial weights"]
        opts = "".join(f", {k}={v!r}" for k, v in s.options.items())
        test = ", test=(X_test, T_test)" if len(s.X_test) else ""
        lines += [f"record = bpnn.train(net, X, T, loss={s.loss.name!r}, algorithm={c['algorithm']!r}{opts}, "
                  f"epochs={epochs}, min_grad=0.0, batch_size={c['batch_size']!r}, seed={c['seed']!r}{test})",
                  "print(record.engine, record.final_loss)",
                  "",
                  "# With the CLI (it adds bpnn train's own scaling and train/validation/test division, so the "
                  "numbers differ):",
                  f"#   bpnn train playground.csv --target {'y'} --hidden {','.join(map(str, c['hidden'])) or 0} "
                  f"--activation {(acts or ['tanh'])[0]} --algo {c['algorithm']} --epochs {max(epochs, 1)} "
                  f"--seed {c['seed']} --out playground.bpnn",
                  "#   (playground.csv: the 'data' download of the page)"]
        return "\n".join(lines) + "\n"

    def data_csv(self) -> str:
        s = self.session
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        d = s.X.shape[1]
        w.writerow([*(f"x{i + 1}" for i in range(d)), "y", "set"])
        for X, T, name in ((s.X, s.T, "train"), (s.X_test, s.T_test, "test")):
            for x, t in zip(X, T):
                w.writerow([*(repr(float(v)) for v in x), repr(float(t[-1])), name])
        return out.getvalue()


def create_app(playground: Playground):
    """The Starlette application serving ``playground``."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    pg = playground

    def refuse(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=status)

    async def body(request: Request, fields: dict, what: str) -> dict:
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_BODY:
                raise RequestError(f"{what}: the request body is larger than {MAX_BODY} bytes")
        try:
            data = json.loads(raw.decode("utf-8")) if raw.strip() else {}
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RequestError(f"{what}: the body is not JSON ({exc})") from None
        return check_fields(data, fields, what)

    def guarded(handler):
        async def endpoint(request: Request):
            given = request.headers.get("x-bpnn-token") or request.query_params.get("token") or ""
            if not secrets.compare_digest(given.encode(), pg.token.encode()):
                return refuse(403, "forbidden: this needs the token of the URL that bpnn playground printed")
            pg.last_request = time.monotonic()
            try:
                return await handler(request)
            except BPNNError as exc:
                return refuse(400, str(exc))
            except Exception as exc:                          # a bug: say so, keep serving
                return refuse(500, f"internal error: {type(exc).__name__}: {exc}")
        return endpoint

    async def page(request):
        lang = request.query_params.get("lang", pg.lang)
        html = _asset("index.html").replace("{{TOKEN}}", pg.token).replace("{{LANG}}",
                                                                               lang if lang in ("en", "zh") else "en")
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    async def static(request):
        name = request.path_params["name"]
        if name not in STATIC:
            return refuse(404, f"no such file: {name}")
        return Response(_asset(name), media_type=STATIC[name], headers={"Cache-Control": "no-store"})

    async def get_options(request):
        return JSONResponse(options())

    async def config(request):
        data = await body(request, {"config": lambda v: None if isinstance(v, dict) else "must be an object"},
                          "config request")
        session = await run_in_threadpool(pg.replace, data.get("config", {}))
        return JSONResponse({"data": session.data(), "state": session.state()})

    async def current(request):
        s = pg.session
        return JSONResponse({"data": s.data(), "state": await run_in_threadpool(s.snapshot)})

    async def step(request):
        data = await body(request, STEP_FIELDS, "step")
        return JSONResponse(await run_in_threadpool(pg.session.step, data.get("steps", 1), data.get("since", 0)))

    async def inspect(request):
        data = await body(request, INSPECT_FIELDS, "inspect")
        if "layer" not in data or "unit" not in data:
            raise RequestError("inspect: 'layer' and 'unit' are required")
        return JSONResponse(await run_in_threadpool(pg.session.inspect, data["layer"], data["unit"],
                                                    data.get("lang", pg.lang)))

    async def explanation(request):
        lang = request.query_params.get("lang", "en")
        if lang not in ("en", "zh"):
            raise RequestError(f"lang must be en or zh, got {lang!r}")
        ex = await run_in_threadpool(pg.session.explanation)
        return HTMLResponse(await run_in_threadpool(ex.render, lang=lang, format="html"))

    async def export_model(request):
        from ..io import model_bytes
        return Response(await run_in_threadpool(lambda: model_bytes(pg.session.model())), media_type="application/octet-stream",
                        headers={"Content-Disposition": 'attachment; filename="playground.bpnn"'})

    async def export_code(request):
        return PlainTextResponse(pg.code(), headers={"Content-Disposition": 'attachment; filename="playground.py"'})

    async def export_data(request):
        return PlainTextResponse(pg.data_csv(), media_type="text/csv",
                                 headers={"Content-Disposition": 'attachment; filename="playground.csv"'})

    async def bye(request):
        pg.bye()
        return JSONResponse({"ok": True})

    routes = [Route("/", guarded(page)), Route("/static/{name}", guarded(static)),
              Route("/api/options", guarded(get_options)), Route("/api/state", guarded(current)),
              Route("/api/config", guarded(config), methods=["POST"]),
              Route("/api/step", guarded(step), methods=["POST"]),
              Route("/api/inspect", guarded(inspect), methods=["POST"]),
              Route("/api/explain", guarded(explanation)),
              Route("/api/export/model", guarded(export_model)), Route("/api/export/code", guarded(export_code)),
              Route("/api/export/data", guarded(export_data)), Route("/api/bye", guarded(bye), methods=["POST"])]
    return Starlette(routes=routes)


def serve(port: int = 8765, open_browser: bool = True, lang: str = "en", echo=print) -> None:
    """Run the playground on 127.0.0.1:``port`` until Ctrl-C or the page closes."""
    _need_packages()
    import socket

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise BPNNError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}; choose another --port "
                        f"(0 picks a free one)") from None
    port = sock.getsockname()[1]
    server = None
    pg = Playground(lang=lang, shutdown=lambda: setattr(server, "should_exit", True))
    config = uvicorn.Config(create_app(pg), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    url = f"http://127.0.0.1:{port}/?token={pg.token}"
    echo(f"bpnn playground: {url}")
    echo("(Ctrl-C, or closing the page, stops it)")
    if open_browser:
        import webbrowser
        threading.Timer(0.5, lambda: webbrowser.open(url)).start()
    try:
        server.run(sockets=[sock])
    finally:
        pg.close()
        sock.close()
    echo("bpnn playground stopped")
