"""Finding bundled files: ``guiad/assets`` in a wheel, the repo's ``assets/`` when editable."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def asset_roots() -> list[Path]:
    """Where assets may live, installed copy first."""
    return [_PACKAGE / "assets", _PACKAGE.parent / "assets"]


def asset_path(name: str) -> Path | None:
    """The path of asset ``name`` (like ``ops/sin.svg``), or None if it is not shipped."""
    for root in asset_roots():
        path = root / name
        if path.is_file():
            return path
    return None


def asset_dir(name: str) -> Path | None:
    """The first existing asset folder called ``name`` (like ``examples``)."""
    for root in asset_roots():
        path = root / name
        if path.is_dir():
            return path
    return None
