"""guiad: reverse-mode automatic differentiation, made visible.

From Python, every op of the table is a function (``guiad.sin``, ``guiad.exp``, …) and the
entry points take a Python function, an expression text, a Graph or a ``guiad.Value``:
``graph_of``, ``trace``, ``value_and_grad``, ``to_expression`` and ``show``; the transforms
``grad``, ``jvp``, ``vjp``, ``hessian`` and ``jacobian``; the seed's ``reverse_mode`` and
``forward_mode`` over a chain; ``Value`` to compute eagerly and ``.backward()``; and
``primitive`` for an op of your own (see ``guiad.api``). They load on first use, so
``guiad eval`` and the window start without them.
"""

import importlib
import importlib.util

__version__ = "0.1.0"


def __getattr__(name: str):
    # Submodules (guiad.cli, guiad.api) are found by the import system once this says no.
    # `from guiad import evalcmd` asks here first: answering from guiad.api would import it
    # (~9 ms of the window's start) only to say no.
    if (name.startswith("__") and name != "__all__") or _is_submodule(name):
        raise AttributeError(name)
    api = importlib.import_module("guiad.api")
    if name == "__all__":
        return api.__all__
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module 'guiad' has no attribute {name!r}")


def _is_submodule(name: str) -> bool:
    return "." not in name and importlib.util.find_spec(f"guiad.{name}") is not None


def __dir__() -> list[str]:
    return sorted({*globals(), *importlib.import_module("guiad.api").__all__})
