"""bpnn playground: one training step plus the state the page draws, for a 2-8-8-1 network on 500 points.

The issue's target is ≤ 30 ms for "one step + state", so that Play feels live.  Contenders, in one
process, interleaved (medians over ``--repeats``):

  step+state      what one /api/step request does: the paused bpnn.train run takes one epoch
                  (a thread hand-off each way), then the state — θ, the new loss, every unit's
                  output on the 25×25 grid (core's forward_layers) — encoded as JSON
  step            the same step without the state
  state           the state alone (forward pass on the grid + JSON)
  train-epoch     the floor: one epoch of bpnn.train called directly (a fresh call per repeat,
                  so it includes the loop's set-up)
  step (HTTP)     one POST /api/step through the Starlette app (TestClient; needs starlette, httpx)

    python benchmarks/playground_step.py [--repeats 200] [--algorithm adam]

Absolute times on shared machines are noise; the ratios and the 30 ms target are the result.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

import bpnn
from bpnn.app.playground.data import make_data
from bpnn.app.playground.session import Session, options

try:
    from common import fmt_time, interleaved, machine, ratio, report
except ImportError:                                      # imported as benchmarks.playground_step
    from .common import fmt_time, interleaved, machine, ratio, report

TARGET = 0.030


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--algorithm", default="adam", choices=["gd", "gdm", "adam", "rprop"])
    parser.add_argument("--points", type=int, default=500)
    args = parser.parse_args(argv)

    config = {**options()["presets"]["xor"], "points": args.points, "algorithm": args.algorithm}
    run = Session(config)
    (X, T), _ = make_data("xor", args.points, 0.0, 0.0, 0)
    net0 = bpnn.Network([2, 8, 8, 1], ["tanh", "tanh"], "sigmoid", seed=0)
    lr = {"lr": 0.03} if args.algorithm != "rprop" else {}

    def step_and_state():
        t0 = time.perf_counter()
        out = json.dumps(run.step(1, since=run.epoch))
        return time.perf_counter() - t0, len(out)

    def step_only():
        t0 = time.perf_counter()
        with run._lock, run._cond:
            run._budget += 1
            run._cond.notify_all()
            run._cond.wait_for(lambda: run._finished or (run._parked and run._budget == 0))
        return time.perf_counter() - t0, run.epoch

    def state_only():
        t0 = time.perf_counter()
        out = json.dumps(run.state(since=run.epoch))
        return time.perf_counter() - t0, len(out)

    def train_epoch():
        net = net0.copy()
        t0 = time.perf_counter()
        bpnn.train(net, X, T, loss="binary_cross_entropy", algorithm=args.algorithm, epochs=1, min_grad=0.0,
                   callback=lambda epoch, record: None, **lr)
        return time.perf_counter() - t0, None

    contenders = {"step+state": step_and_state, "step": step_only, "state": state_only, "train-epoch": train_epoch}
    try:
        from starlette.testclient import TestClient

        from bpnn.app.playground.server import Playground, create_app

        pg = Playground(token="bench", config=config)
        client = TestClient(create_app(pg), headers={"X-BPNN-Token": "bench"})

        def http_step():
            t0 = time.perf_counter()
            r = client.post("/api/step", json={"steps": 1, "since": pg.session.epoch})
            return time.perf_counter() - t0, len(r.content)
        contenders["step (HTTP)"] = http_step
    except ImportError as exc:
        print(f"step (HTTP) skipped: {exc}")
        pg = None

    try:
        timings = interleaved(contenders, args.repeats, warmup=True)
    finally:
        run.close()
        if pg is not None:
            pg.close()
    print(f"bpnn playground, one step + state: 2-8-8-1 on {args.points} points, {args.algorithm}, "
          f"{args.repeats} repeats (median)")
    print(machine())
    floor = timings["train-epoch"].median
    report(print, "PG", timings, lambda t: f"{fmt_time(t.median):>9}   {ratio(t.median, floor)} the time of train-epoch")
    main_figure = timings["step+state"].median
    print(f"step+state {fmt_time(main_figure)}: {'within' if main_figure <= TARGET else 'OVER'} the 30 ms target; "
          f"state is {timings['state'].result} bytes of JSON")
    return {name: t.median for name, t in timings.items()}


if __name__ == "__main__":
    main()
