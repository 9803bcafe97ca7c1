"""guiad from Python: the op functions, and the entry points that take a function.

Every op of the table is a function here (``sin``, ``exp``, ``scale``, ``add``, …), made from
its table entry: numpy on numbers and arrays, a graph node on traced values. Every entry point
takes a Python function, an expression text or a Graph::

    from guiad import exp, sin, value_and_grad
    value_and_grad(lambda x: exp(sin(sin(x))), 2.0)   # (2.2013533791690376, -0.562752038662712)

Only ``show`` needs Qt, and imports it when called.
"""

from __future__ import annotations

import base64
import math
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

from guiad.chains import forward_mode, reverse_mode
from guiad.core import engine, expression
from guiad.core import graph as graph_module
from guiad.core.atomic import write_bytes_atomic
from guiad.core.graph import Graph, GraphError
from guiad.core.ops import OPS
from guiad.core.tracing import Traced, TracingError, graph_of, op_function
from guiad.primitives import PrimitiveError, primitive
from guiad.transforms import Jacobian, grad, hessian, jacobian, jvp, value_and_grad, vjp
from guiad.value import Value

Function = Callable | str | Graph

OP_FUNCTIONS: dict[str, Callable] = {name: op_function(op) for name, op in OPS.items()}
pi = math.pi
e = math.e


@dataclass(frozen=True)
class Trace(engine.Trace):
    """The engine's Trace, which shows itself in a notebook: the graph at the end of the
    backward pass with values, partials and adjoints, and the table (guiad.notebook); with
    ``mode="forward"``, the tangent trace: the dot derivatives of input ``wrt``'s sweep."""

    mode: str = "reverse"
    wrt: int = 0

    def __repr__(self) -> str:
        try:
            what = expression.to_expression(self.graph, max_length=120)
        except GraphError:
            what = f"a graph of {len(self.graph.nodes)} nodes"
        if self.x.size != 1:
            return f"<guiad Trace of {what} at {self.x.size} points>"
        inputs = self.graph.inputs
        if inputs == ("x",):
            head = f"<guiad Trace of {what} at x = {float(self.x)!r}"
            name, derivative = "f′", repr(float(self.df))
        else:
            at = zip(inputs, self.point, strict=True)
            head = f"<guiad Trace of {what} at {', '.join(f'{k} = {float(v)!r}' for k, v in at)}"
            name, derivative = "∇f", f"({', '.join(repr(float(g)) for g in self.grad)})"
        failure = self.failure()
        if failure is not None and failure.level == 0:
            return f"{head}: f is undefined ({failure})>"
        if failure is not None:
            return f"{head}: f = {float(self.f)!r}, {name} is undefined ({failure})>"
        return f"{head}: f = {float(self.f)!r}, {name} = {derivative}>"

    def _repr_html_(self) -> str | None:
        from guiad.notebook import trace_html

        return trace_html(self) if self.x.size == 1 else None

    def _repr_png_(self):
        from guiad.notebook import png_metadata, trace_png

        return (trace_png(self), png_metadata(self)) if self.x.size == 1 else None


def trace(
    f: Function,
    x0: float | None = None,
    mode: str = "reverse",
    wrt: str | None = None,
    **point: float,
) -> Trace:
    """The walkthrough's data at ``x0``: values, local partials, adjoints and dot derivatives.

    For several inputs, name each one: ``trace("x*y + sin(x)", x=1.0, y=2.0)``. In a
    notebook it shows the reverse sweep's adjoints; ``mode="forward"`` shows the tangent
    trace instead (the forward sweep along input ``wrt``, the first by default). A
    ``guiad.Value`` is traced at its own point.
    """
    if mode not in ("reverse", "forward"):
        raise ValueError(f"mode is 'reverse' or 'forward', not {mode!r}")
    graph = graph_of(f)
    x0, point = _own_point(f, graph, x0, point)
    if wrt is not None and wrt not in graph.inputs:
        raise ValueError(f"wrt: the inputs are {', '.join(graph.inputs)}, not {wrt}")
    found = engine.trace(graph, _point(graph, x0, point))
    k = 0 if wrt is None else graph.inputs.index(wrt)
    return Trace(**{field.name: getattr(found, field.name) for field in fields(found)},
                 mode=mode, wrt=k)  # fmt: skip


def _own_point(f: Function, graph: Graph, x0: float | None, point: dict):
    """A Value's own point, where the call names none."""
    if not isinstance(f, Value) or x0 is not None or point:
        return x0, point
    if graph.n_inputs == 1:
        return f.point[0], point
    return None, dict(zip(graph.inputs, f.point, strict=True))


def _point(graph: Graph, x0: float | None, named: dict[str, float]):
    """x0 for one input; the named coordinates in the graph's input order for several."""
    inputs = graph.inputs
    if x0 is not None and not named and len(inputs) == 1:
        return x0
    if x0 is not None:
        named = {inputs[0]: x0, **named}
    unknown = [name for name in named if name not in inputs]
    missing = [name for name in inputs if name not in named]
    if unknown or missing:
        detail = f"unknown {', '.join(unknown)}" if unknown else f"missing {', '.join(missing)}"
        raise ValueError(f"the inputs are {', '.join(inputs)}: {detail}")
    return tuple(float(named[name]) for name in inputs)


class Animation:
    """The walkthrough as an animated GIF: shows itself in a notebook, or ``save(path)``."""

    def __init__(self, gif: bytes):
        self.gif = gif

    def __repr__(self) -> str:
        return f"<guiad Animation: an animated GIF of {len(self.gif):,} bytes>"

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.gif).decode("ascii")
        return f'<img src="data:image/gif;base64,{data}" alt="guiad walkthrough"/>'

    def save(self, path: str | Path) -> None:
        write_bytes_atomic(path, self.gif)


def animation(
    f: Function,
    x0: float | None = None,
    mode: str = "reverse",
    size: tuple[int, int] = (960, 360),
    **point: float,
) -> Animation:
    """The walkthrough of ``f`` at ``x0`` (forward pass, then backward), animated, as in
    File ▸ Export. Draws offscreen with Qt; no window opens. For several inputs, name each
    one: ``animation("x*y + sin(x)", x=1.0, y=2.0)``."""
    graph = graph_of(f)
    at = _point(graph, x0, point) if point or graph.n_inputs > 1 else 2.0 if x0 is None else x0
    from guiad.ui.walkthrough.export_part import export_gif

    with tempfile.TemporaryDirectory(prefix="guiad-animation-") as folder:
        path = Path(folder) / "walkthrough.gif"
        export_gif(graph, at if isinstance(at, tuple) else float(at), path, size=size, mode=mode)
        return Animation(path.read_bytes())


def to_expression(f: Function) -> str:
    """The text the window shows for ``f``."""
    return expression.to_expression(graph_of(f))


def show(f: Function, x0: float | None = None, *, block: bool | None = None, **point: float):
    """Open the guiad window on ``f`` at ``x0`` (2 by default) and return it; for several
    inputs, at the named point (``show("x*y", x=1.0, y=2.0)``; the window's own if none).
    A ``guiad.Value`` opens on its graph at its own point.

    From a script this blocks until the window closes; in IPython with the Qt event loop
    running (``%gui qt``) it returns at once. ``block`` overrides that guess. The window
    neither restores nor overwrites the app's autosave, so nothing of a session is lost.
    """
    graph = graph_of(f)
    x0, point = _own_point(f, graph, x0, point)
    several = graph.n_inputs > 1 or bool(point)
    at = _point(graph, x0, point) if several and (point or x0 is not None) else None
    from guiad.ui.window.app import make_app
    from guiad.ui.window.main_window import MainWindow

    app = make_app()
    window = MainWindow(restore=False, autosave=False)
    if at is not None:  # before the graph, which brings the point to the views with it
        doc = window.document
        doc.set_settings(doc.settings.with_point(graph.inputs, at))
    window.document.set_graph(graph)
    if not several:
        window.plots.set_x0(float(2.0 if x0 is None else x0))
    window.show()
    if block if block is not None else not _qt_loop_running():
        app.exec()
    return window


def _qt_loop_running() -> bool:
    """True in IPython after ``%gui qt``: its input hook already runs Qt's events."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return str(getattr(shell, "active_eventloop", None) or "").startswith("qt")


def _graph_svg(graph: Graph) -> str:
    from guiad.notebook import graph_svg

    return graph_svg(graph)


def _graph_png(graph: Graph):
    from guiad.notebook import png_metadata, trace_png

    return trace_png(graph), png_metadata(graph)


graph_module.DISPLAY.update(svg=_graph_svg, png=_graph_png)

__all__ = [
    "Animation",
    "Jacobian",
    "PrimitiveError",
    "Trace",
    "Traced",
    "TracingError",
    "Value",
    "animation",
    "e",
    "forward_mode",
    "grad",
    "graph_of",
    "hessian",
    "jacobian",
    "jvp",
    "pi",
    "primitive",
    "reverse_mode",
    "show",
    "to_expression",
    "trace",
    "value_and_grad",
    "vjp",
    *OP_FUNCTIONS,
]
globals().update(OP_FUNCTIONS)
