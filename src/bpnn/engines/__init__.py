"""The engines that compute E and ∂E/∂θ for training, and the one place that picks one.

See :mod:`.select` (which engine runs, and why) and ``docs/engine.md``.
"""
