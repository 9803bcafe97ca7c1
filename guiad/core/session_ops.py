"""Ops added to the table while a Python session runs, and taken out again.

The op table (``OPS``) is one module-level dict that the parser, the engine and the views
read. ``guiad.primitive`` adds the user's ops to it, and derivative graphs add the helpers
they need (``step``, the derivative of relu, ``sign``, the derivative of |u|, and ``log0``
for ∂(uᵛ)/∂v). Only
names added here can be replaced or removed here; the table's own ops never are, and
``isolated()`` puts the table back as it was (the tests run inside it).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from guiad.core.ops import GROUP_ACT, GROUP_EXPLOG, OPS, Op

_ADDED: dict[str, Op] = {}
GROUP_YOURS = "Your ops"  # the palette's group of guiad.primitive's ops
_WATCHERS: list[weakref.WeakMethod] = []  # told when the user's ops change


class SessionOpError(ValueError):
    """An op that cannot be added: its name is taken by the table."""


def register(op: Op) -> Op:
    """Add ``op`` to the table (replacing an op this session added under that name)."""
    if op.name in OPS and op.name not in _ADDED:
        raise SessionOpError(f"'{op.name}' is already an op of guiad's table; pick another name")
    OPS[op.name] = _ADDED[op.name] = op
    if op.group == GROUP_YOURS:
        _tell_watchers()
    return op


def unregister(name: str) -> None:
    """Take an op this session added out of the table again."""
    if name in _ADDED:
        op = _ADDED.pop(name)
        OPS.pop(name, None)
        if op.group == GROUP_YOURS:
            _tell_watchers()


def watch(method: Callable[[], None]) -> None:
    """Call the bound ``method`` after each change to the user's ops, for as long as its
    object lives: a window's palette lists a primitive defined after ``show``."""
    _WATCHERS.append(weakref.WeakMethod(method))


def _tell_watchers() -> None:
    for ref in list(_WATCHERS):
        method = ref()
        if method is None:
            _WATCHERS.remove(ref)
        else:
            method()


def added() -> tuple[Op, ...]:
    """The ops this session added, oldest first."""
    return tuple(_ADDED.values())


def yours() -> list[Op]:
    """The user's own ops (guiad.primitive's), oldest first: what the palette adds."""
    return [op for op in _ADDED.values() if op.group == GROUP_YOURS]


@contextmanager
def isolated() -> Iterator[None]:
    """Whatever is registered inside is gone afterwards, and the table is as before."""
    table, ours = dict(OPS), dict(_ADDED)
    try:
        yield
    finally:
        OPS.clear()
        OPS.update(table)
        _ADDED.clear()
        _ADDED.update(ours)


# The derivatives of relu and |u| are steps: ops of their own in a derivative graph, each
# with derivative 0 (relu″ and |u|″ in the table are 0 too). ∂(uᵛ)/∂v is the engine's
# xlogy(y, u): y·log(u), and 0 where y = 0 (at u = 0, where y·log(u) would be NaN); a
# derivative graph records it as y·log0(u), log0 being log with 0 at u = 0 (xlogy(1, u) is
# log(u) exactly elsewhere), which gives the engine's numbers wherever it has a gradient.
_HELPERS = {
    "step": Op("step", "step", GROUP_ACT, 1, "step(u)", ("0.0",), ("0.0",), "1 if u > 0 else 0",
               "0"),
    "sign": Op("sign", "sign", GROUP_ACT, 1, "sign(u)", ("0.0",), ("0.0",), "sign(u)", "0"),
    "log0": Op("log0", "log₀", GROUP_EXPLOG, 1, "xlogy(sign(abs(u)), u)", ("1.0 / u",),
               ("-1.0 / (u * u)",), "log(u), and 0 at u = 0", "1/u",
               invalid=lambda a, p: a[0] < 0, reason="log of a negative number"),
}  # fmt: skip


def helper_op(name: str) -> Op:
    """``step``, ``sign`` or ``log0``, added to the table on first use."""
    op = _HELPERS[name]
    if OPS.get(name) is not op:
        if name in _ADDED:
            raise SessionOpError(
                f"'{name}' is a primitive of this session; guiad's derivative "
                "graphs need that name for one of theirs"
            )
        register(op)
    return op
