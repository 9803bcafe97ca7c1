"""What the plot panel keeps between runs (QSettings): the FD lab's h, the readout's digits
and the size and scale of exported images."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings

if TYPE_CHECKING:
    from guiad.ui.plots.panel import PlotPanel

H_KEY, DIGITS_KEY = "plots/fd_step", "plots/readout_digits"
IMAGE_KEY, SCALE_KEY = "plots/export_size", "plots/export_scale"

DEFAULT_SCALE = 2.0
SCALES = (1.0, 2.0, 3.0, 4.0)


@dataclass(frozen=True)
class ImageOptions:
    """Export size in logical pixels (None: as on screen) and the PNG's pixels per one."""

    width: int | None = None
    height: int | None = None
    scale: float = DEFAULT_SCALE


def _number(value: object, default: float) -> float:
    """A number read back from QSettings (which may hand back text), else ``default``."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


class PlotSettings(QObject):
    """Restores ``panel``'s kept values from ``settings``, then writes each change back."""

    def __init__(self, panel: PlotPanel, settings: QSettings):
        super().__init__(panel)
        self._settings = settings
        panel.set_fd_step(_number(settings.value(H_KEY), panel.fd_step()))
        panel.readout.set_precision(int(_number(settings.value(DIGITS_KEY), 6)))
        panel.set_image_options(self._image_options())
        panel.fd_lab_changed.connect(lambda _on, h: settings.setValue(H_KEY, h))
        panel.readout.precision_changed.connect(lambda d: settings.setValue(DIGITS_KEY, d))
        panel.image_options_changed.connect(self._save_image_options)

    def _image_options(self) -> ImageOptions:
        scale = _number(self._settings.value(SCALE_KEY), DEFAULT_SCALE)
        if not 0.25 <= scale <= 8:
            scale = DEFAULT_SCALE
        try:
            width, height = (int(v) or None for v in self._settings.value(IMAGE_KEY) or (0, 0))
        except (TypeError, ValueError):
            width = height = None
        return ImageOptions(width, height, scale)

    def _save_image_options(self, options: ImageOptions) -> None:
        self._settings.setValue(IMAGE_KEY, [options.width or 0, options.height or 0])
        self._settings.setValue(SCALE_KEY, options.scale)
