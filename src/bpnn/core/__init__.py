"""What a student reads: the notation of :mod:`bpnn` made into code.

* :mod:`.activations` — f and f′ of each activation, and every form an engine needs, in one object each;
* :mod:`.losses` — E, ∂E/∂a and BP1, one object each;
* :mod:`.network` — the layers, and θ with W⁽ˡ⁾ and b⁽ˡ⁾ as views of it;
* :mod:`.init` — initial weights;
* :mod:`.backprop` — the forward pass, BP1–BP4 and the residual Jacobian: the reference engine.

Nothing here imports from the layers above (engines, training, application).
"""
