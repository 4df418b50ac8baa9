"""Case studies from the BP literature, each runnable as ``bpnn example NAME``.

=============  ==================================================================
``surface``    MATLAB's ``peaks`` and sin(x)·cos(y) from a grid; MSE between nodes
``letters5x7`` 26 capitals as 5×7 bitmaps, trained without and with noise
``letters``    UCI Letter Recognition, first 16000 rows train, last 4000 test
``vowels``     Deterding vowels, speaker-independent (Robinson's benchmark)
``digits``     scikit-learn's 8×8 handwritten digits
``mnist``      MNIST from a file you have, a 784-300-10 network
=============  ==================================================================

Each module's ``run`` function (``run_digits``/``run_mnist`` in
:mod:`~bpnn.examples.digits`) trains, measures and returns a
:class:`CaseResult`; with ``out=FOLDER`` it also saves its plots there.  The
results measured with the default settings are in docs/examples.md.

Examples
--------
>>> from bpnn.examples import surface
>>> r = surface.run(["sincos"], grid=7, epochs=30, restarts=1)
>>> r.name, "sincos" in r.metrics
('surface', True)
"""

from . import digits, letters, letters5x7, surface, vowels
from .common import CaseResult

#: name → (module function, one-line description)
CASES = {
    "surface": (surface.run, "a function of two variables (peaks, sin·cos) from a grid"),
    "letters5x7": (letters5x7.run, "26 letters as 5×7 bitmaps, trained without and with noise"),
    "letters": (letters.run, "UCI Letter Recognition, 16000 train / 4000 test"),
    "vowels": (vowels.run, "Deterding vowels, speaker-independent 528 / 462"),
    "digits": (digits.run_digits, "scikit-learn's 8×8 handwritten digits"),
    "mnist": (digits.run_mnist, "MNIST (a file you have), 784-300-10"),
}

__all__ = ["CASES", "CaseResult", "digits", "letters", "letters5x7", "surface", "vowels"]
