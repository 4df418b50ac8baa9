"""The engines that compute E and ∂E/∂θ for training, and the one place that picks one.

* :mod:`.select` — which engine runs, and why (the reason goes into the training record);
* :mod:`.buffered` — BP1–BP4 into preallocated buffers (and the wide layout for stacks);
* :mod:`.chunks` — running several epochs between two visits of the training loop;
* :mod:`.compiled` — one network's whole epoch in numba, or a stack's, SIMD over the networks (:mod:`._gdloop`).

See ``docs/engine.md``.
"""
