"""``guarded``: an exception in a Python override that Qt calls reaches sys.excepthook.

With PySide6 6.11 on Python 3.11, an exception raised inside C code (ZeroDivisionError from
1 / 0, ValueError from int("a") or list.index, ...) that escapes a Python override called by
Qt (paintEvent, dropMimeData, data, redo, ...) kills the process with a segfault instead of
reaching sys.excepthook. Slots are not affected: PySide hands their exceptions to the hook.
So every override that does more than return a constant wears ``@guarded``: a bug in it
becomes the app's error dialog (app.ExceptionHook, which also logs it) and the override
answers Qt with a safe result, so the window and the user's work survive.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar, overload

Method = TypeVar("Method", bound=Callable[..., Any])


@overload
def guarded(method: Method) -> Method: ...


@overload
def guarded(
    *, default: Any = None, fallback: Callable[..., Any] | None = None
) -> Callable[[Method], Method]: ...


def guarded(
    method: Method | None = None,
    *,
    default: Any = None,
    fallback: Callable[..., Any] | None = None,
) -> Method | Callable[[Method], Method]:
    """Run ``method``; on an Exception call sys.excepthook and answer ``default``.

    ``fallback`` (such as the base class's method) is called with the same arguments
    instead of returning ``default``: for answers Qt needs to be right, such as flags.
    Use as ``@guarded`` or ``@guarded(default=False)``.
    """

    def wrap(method: Method) -> Method:
        @functools.wraps(method)
        def safe(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except Exception:  # noqa: BLE001 (see the module docstring)
                sys.excepthook(*sys.exc_info())
            return default if fallback is None else fallback(*args, **kwargs)

        return safe  # type: ignore[return-value]

    return wrap if method is None else wrap(method)
