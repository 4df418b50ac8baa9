"""``bpnn playground``: watch back-propagation happen in the browser, with bpnn's own numbers.

* :mod:`.data`: the data sets (the seed article's sin(x), xor, circles, spirals, gaussians, a surface);
* :mod:`.session`: one run — ``bpnn.train`` in a thread, paused in its callback between epochs;
  *Inspect* is ``bpnn.explain`` of the current weights;
* :mod:`.server`: the local web server (Starlette + uvicorn, the ``playground`` extra) and
  ``static/``, the page: plain HTML, JavaScript and SVG that only draws the numbers the server sends.

See docs/playground.md.
"""

from .data import DATASETS, make_data
from .session import Session, options

__all__ = ["DATASETS", "Session", "make_data", "options"]
