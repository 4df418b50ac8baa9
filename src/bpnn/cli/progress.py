"""Training progress for ``bpnn train``, fed by ``bpnn.train``'s callback (the one loop).

On a terminal, one live line like Keras's::

    network 1/10  epoch 97/1000 ━━━━━━╸━━━━━━━━━━━━━━━━━━━━━━━━━  ETA at most 12 s  train 0.0068  val 0.0069  checks 0  μ 0.0003  45.1k rows/s

Elsewhere (a pipe, CI, nohup), one plain line every ``BPNN_PROGRESS_SECONDS`` seconds (default 5)
and one line when each network ends, so a log shows that training is alive.  The ETA is an upper
bound: it assumes every remaining epoch up to the limit runs, and validation stopping often ends
sooner.  ``μ`` is shown only for lm and br, whose μ is the Levenberg–Marquardt damping; other
algorithms' internal scales (SCG's) are not shown.
"""

from __future__ import annotations

import math
import os
import time

from ..messages import text

DAMPED = ("lm", "br")


def _seconds(s: float) -> str:
    s = int(round(s))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}" if s >= 60 \
        else f"{s} s"


def _rate(r: float) -> str:
    return f"{r / 1e6:.1f}M" if r >= 1e6 else f"{r / 1e3:.1f}k" if r >= 1e3 else f"{r:.0f}"


class Progress:
    """The callback ``progress(k, epoch, record)`` of ``bpnn.fit``: live on a terminal, plain lines elsewhere.

    Parameters
    ----------
    total : int
        Networks trained one after the other (a committee).
    enabled : bool
        False: print nothing (``--quiet``).
    epochs : int, optional
        The epoch limit, for ``epoch k/N``, the bar and the ETA.
    rows : int, optional
        Training rows per epoch, for rows/s.
    every : float, optional
        Seconds between plain lines (default ``$BPNN_PROGRESS_SECONDS`` or 5).
    live : bool, optional
        Force the live line on or off (default: when standard error is a terminal).
    """

    def __init__(self, total: int, enabled: bool = True, *, epochs: int | None = None, rows: int | None = None,
                 every: float | None = None, live: bool | None = None) -> None:
        from rich.console import Console

        self.total, self.enabled, self.epochs, self.rows = total, enabled, epochs, rows
        self.console = Console(stderr=True, highlight=False, soft_wrap=True)
        self.interactive = self.console.is_terminal if live is None else live
        self.every = every if every is not None else float(os.environ.get("BPNN_PROGRESS_SECONDS", "5") or 5)
        self.live = None
        self.current = -1
        self.last = None
        self.started = self.printed = time.perf_counter()

    def __enter__(self):
        if self.enabled and self.interactive:
            from rich.live import Live

            self.live = Live("", console=self.console, refresh_per_second=8, transient=True)
            self.live.__enter__()
        return self

    def __exit__(self, *exc):
        if self.live is not None:
            self.live.__exit__(*exc)
        self._finish_network()
        return False

    # -- what a line says ----------------------------------------------------------------------
    def fields(self, k: int, epoch: int, record) -> list[str]:
        """The parts of a line after the bar: ETA, losses, validation checks, μ or the rate, rows/s."""
        parts = []
        elapsed = time.perf_counter() - self.started
        done = epoch + 1                                       # epoch 0 is the first evaluated
        if self.epochs and done > 0 and elapsed > 0:
            left = max(self.epochs - epoch, 0) * elapsed / done
            parts.append(f"{text('eta')} {text('at_most')} {_seconds(left)}")
        parts.append(f"{text('train')} {record.loss[-1]:.4g}")
        if len(record.val_loss):
            parts.append(f"{text('val')} {record.val_loss[-1]:.4g}")
            if len(record.val_fail):
                parts.append(f"{text('checks')} {int(record.val_fail[-1])}")
        algorithm = getattr(record, "algorithm", None)
        if algorithm in DAMPED and len(record.mu) and _finite(record.mu[-1]):
            parts.append(f"{text('mu')} {record.mu[-1]:.2g}")
        elif algorithm not in DAMPED and len(record.lr) and _finite(record.lr[-1]):
            parts.append(f"{text('lr')} {record.lr[-1]:.3g}")
        if self.rows and elapsed > 0:
            parts.append(f"{_rate(self.rows * done / elapsed)} {text('rows_s')}")
        return parts

    def head(self, k: int, epoch: int) -> str:
        who = f"{text('network')} {k + 1}/{self.total}" if self.total > 1 else text("training")
        return f"{who}  {text('epoch')} {epoch}" + (f"/{self.epochs}" if self.epochs else "")

    def line(self, k: int, epoch: int, record) -> str:
        """The plain line (logs, pipes)."""
        return "  ".join([self.head(k, epoch), *self.fields(k, epoch, record)])

    def renderable(self, k: int, epoch: int, record):
        """The live line: the head, a bar of epochs (when the limit is known), the fields."""
        from rich.progress_bar import ProgressBar
        from rich.table import Table

        grid = Table.grid(padding=(0, 2))
        cells = [self.head(k, epoch)]
        if self.epochs:
            grid.add_column()
            grid.add_column(width=30)
            cells.append(ProgressBar(total=self.epochs, completed=min(epoch, self.epochs), width=30))
        else:
            grid.add_column()
        grid.add_column()
        cells.append("  ".join(self.fields(k, epoch, record)))
        grid.add_row(*cells)
        return grid

    # -- the callback ---------------------------------------------------------------------------
    def _finish_network(self) -> None:
        if self.enabled and self.last is not None:
            k, epoch, record = self.last
            curve = [float(v) for v in (record.val_loss if len(record.val_loss) else record.loss)]
            finite = [(v, i) for i, v in enumerate(curve) if math.isfinite(v)]
            if finite:
                best, at = min(finite)
                which = text("val") if len(record.val_loss) else text("train")
                message = text("network_done", k=k + 1, K=self.total, epochs=epoch, which=which, best=f"{best:.4g}",
                               at=at)
                if self.live is not None:
                    self.live.console.print(message, markup=False)
                else:
                    self.console.print(message, markup=False)
        self.last = None

    def __call__(self, k: int, epoch: int, record) -> None:
        if k != self.current:
            self._finish_network()
            self.current = k
            self.started = time.perf_counter()
        self.last = (k, epoch, record)
        if not self.enabled:
            return
        if self.live is not None:
            self.live.update(self.renderable(k, epoch, record))
        elif time.perf_counter() - self.printed >= self.every:
            self.printed = time.perf_counter()
            self.console.print(self.line(k, epoch, record), markup=False)


def _finite(value) -> bool:
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


class Reading:
    """``with Reading(path):`` says that a large file is being read, and how long it took.

    On a terminal, a spinner with the elapsed time while pandas parses; elsewhere one line before
    and one after.  Files under ``min_bytes`` (default 8 MiB) read silently.
    """

    def __init__(self, path, enabled: bool = True, min_bytes: int = 8 * 1024 ** 2) -> None:
        self.path, self.size = path, path.stat().st_size if path.exists() else 0
        self.enabled = enabled and self.size >= min_bytes
        self.status = None
        self.rows = None

    def __enter__(self):
        if not self.enabled:
            return self
        from rich.console import Console

        self.console = Console(stderr=True, highlight=False, soft_wrap=True)
        self.t0 = time.perf_counter()
        message = text("reading", file=self.path, size=f"{self.size / 1024 ** 2:.0f} MiB")
        if self.console.is_terminal:
            self.status = self.console.status(message)
            self.status.__enter__()
        else:
            self.console.print(message, markup=False)
        return self

    def __exit__(self, *exc):
        if self.status is not None:
            self.status.__exit__(*exc)
        if self.enabled and exc[0] is None:
            self.console.print(text("read_done", file=self.path, rows=self.rows if self.rows is not None else "?",
                                    seconds=time.perf_counter() - self.t0), markup=False)
        return False
