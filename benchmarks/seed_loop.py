"""The seed article's training loop: PyTorch as the article writes it vs bpnn.

Same task in one process: 1-4-1 tanh network, 20 points of sin(x), 5000
full-batch gradient-descent steps at lr 0.01, starting from the article's
initial weights.  Each contender runs ``--repeats`` times; the script prints
the median time of each and the speed-up of bpnn over the article's loop.

    python benchmarks/seed_loop.py [--steps 5000] [--repeats 5]

Contenders:
  torch-article   the article's loop as written, without its per-step print
  bpnn            bpnn.train(..., algorithm="gd") (fast full-batch kernel)
  bpnn-reference  the same with engine="reference" (readable loss_and_grad)

Absolute times on shared machines are noise; the ratios are the result.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import bpnn


def time_bpnn(steps: int, engine: str) -> tuple[float, float]:
    X, T = bpnn.sin_data()
    net = bpnn.article_network()
    t0 = time.perf_counter()
    record = bpnn.train(net, X, T, algorithm="gd", lr=0.01, epochs=steps, engine=engine)
    return time.perf_counter() - t0, record.loss[steps - 1]


def time_torch_article(steps: int) -> tuple[float, float]:
    import torch

    torch.manual_seed(99)

    def forward(w1, b1, w2, b2, x):
        return w2 @ torch.tanh(w1 @ x + b1) + b2

    def loss(y, py):
        return ((y - py) ** 2).mean()

    x = torch.linspace(-5, 5, 20).reshape(1, 20)
    y = torch.sin(x)
    in_num, out_num, hn = x.shape[0], y.shape[0], 4
    w1 = torch.randn([hn, in_num], requires_grad=True)
    b1 = torch.randn([hn, 1], requires_grad=True)
    w2 = torch.randn([out_num, hn], requires_grad=True)
    b2 = torch.randn([out_num, 1], requires_grad=True)
    lr = 0.01
    t0 = time.perf_counter()
    for i in range(steps):
        py = forward(w1, b1, w2, b2, x)
        L = loss(y, py)
        L.backward()
        w1.data = w1.data - w1.grad * lr
        b1.data = b1.data - b1.grad * lr
        w2.data = w2.data - w2.grad * lr
        b2.data = b2.data - b2.grad * lr
        w1.grad.zero_()
        b1.grad.zero_()
        w2.grad.zero_()
        b2.grad.zero_()
    return time.perf_counter() - t0, L.item()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    contenders = {"bpnn": lambda: time_bpnn(args.steps, "fast"),
                  "bpnn-reference": lambda: time_bpnn(args.steps, "reference")}
    try:
        import torch  # noqa: F401
        contenders["torch-article"] = lambda: time_torch_article(args.steps)
    except ImportError:
        print("torch-article  skipped: PyTorch is not installed (pip install torch)")

    times = {name: [] for name in contenders}
    last = {}
    for _ in range(args.repeats):                      # interleaved, so drift hits all alike
        for name, run in contenders.items():
            seconds, final = run()
            times[name].append(seconds)
            last[name] = final
    print(f"seed loop: 1-4-1 tanh, 20 points, {args.steps} full-batch GD steps, "
          f"median of {args.repeats} runs")
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name in contenders:
        print(f"{name:<15} {medians[name] * 1e3:9.1f} ms   {medians[name] / args.steps * 1e6:7.2f} us/step   "
              f"loss at step {args.steps - 1}: {last[name]:.9g}")
    if "torch-article" in medians:
        base = medians["torch-article"]
        for name in ("bpnn", "bpnn-reference"):
            print(f"speed-up {name} vs torch-article: {base / medians[name]:.1f}x")
    np.testing.assert_allclose(last["bpnn"], last["bpnn-reference"], rtol=1e-9)


if __name__ == "__main__":
    main()
