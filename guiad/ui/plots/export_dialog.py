"""The "Image export size…" dialog: the size and scale of exported plot images."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from guiad.ui.plots.settings import SCALES, ImageOptions


class ImageOptionsDialog(QDialog):
    """Width and height in logical pixels (or "as on screen") and the PNG's scale."""

    def __init__(self, options: ImageOptions, screen: QSize, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Image export size")
        self._screen = screen
        self.as_shown = QCheckBox(f"As on screen ({screen.width()} × {screen.height()})")
        self.as_shown.setChecked(options.width is None and options.height is None)
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box, value, fallback in (
            (self.width_box, options.width, screen.width()),
            (self.height_box, options.height, screen.height()),
        ):
            box.setRange(100, 8000)
            box.setSuffix(" px")
            box.setValue(value or fallback)
        self.scale_box = QComboBox()
        for scale in SCALES:
            self.scale_box.addItem(f"{scale:g}×", scale)
        self.scale_box.setCurrentIndex(
            min(range(len(SCALES)), key=lambda i: abs(SCALES[i] - options.scale))
        )
        self.scale_box.setToolTip("PNG pixels per point of the layout: 2× stays sharp in print")
        form = QFormLayout(self)
        form.addRow(self.as_shown)
        form.addRow("Width", self.width_box)
        form.addRow("Height", self.height_box)
        form.addRow("PNG scale", self.scale_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.as_shown.toggled.connect(self._enable)
        self._enable(self.as_shown.isChecked())

    def _enable(self, as_shown: bool) -> None:
        self.width_box.setEnabled(not as_shown)
        self.height_box.setEnabled(not as_shown)

    def options(self) -> ImageOptions:
        scale = float(self.scale_box.currentData())
        if self.as_shown.isChecked():
            return ImageOptions(None, None, scale)
        return ImageOptions(self.width_box.value(), self.height_box.value(), scale)
