"""guiad.show(v): the window opened on a Value's graph at its own point."""

from __future__ import annotations

import pytest

import guiad
from guiad.core.expression import parse
from guiad.ui.window.files import Storage


@pytest.fixture
def isolated_settings(monkeypatch, tmp_path):
    monkeypatch.setattr(
        "guiad.ui.window.main_window.Storage", lambda: Storage(tmp_path / "appdata")
    )


def test_show_opens_a_value_on_its_graph_at_its_point(qtbot, isolated_settings):
    y = guiad.exp(guiad.sin(guiad.sin(guiad.Value(1.25))))
    window = guiad.show(y, block=False)
    qtbot.addWidget(window)
    assert window.document.graph == parse("exp(sin(sin(x)))")
    assert window.plots.x0() == 1.25
    window.set_modified(False)
    window.close()


def test_show_opens_a_value_of_two_inputs_at_both(qtbot, isolated_settings):
    x, w = guiad.Value(0.5, name="x"), guiad.Value(-1.5, name="w")
    window = guiad.show(x * w + guiad.sin(x), block=False)
    qtbot.addWidget(window)
    assert window.document.graph == parse("x*w + sin(x)")
    assert window.document.settings.point(("x", "w")) == (0.5, -1.5)
    window.set_modified(False)
    window.close()


def test_your_own_op_is_in_the_palette_of_the_window_show_opens(qtbot, isolated_settings):
    from guiad.core.session_ops import isolated
    from guiad.ui.chain.model import OP_ROLE

    with isolated():
        cube = guiad.primitive(lambda u: u**3, d=lambda u, y: 3 * u**2, name="cube")
        window = guiad.show(lambda x: cube(guiad.sin(x)), x0=0.5, block=False)
        qtbot.addWidget(window)
        try:
            model = window.palette_model
            last = model.rowCount() - 1
            assert model.index(last).data(OP_ROLE) == "cube"
            assert model.index(last - 1).data(0) == "Your ops"
            assert model.index(last).data(3)  # a tooltip, as every op has
            assert window.document.graph == parse("cube(sin(x))")
        finally:  # closed while its op is still in the table
            window.set_modified(False)
            window.close()


def test_an_op_defined_after_show_appears_in_its_palette_and_goes_with_remove(
    qtbot, isolated_settings
):
    from guiad.core.session_ops import isolated
    from guiad.ui.chain.model import OP_ROLE

    with isolated():
        window = guiad.show("sin(x)", block=False)
        qtbot.addWidget(window)
        try:
            model = window.palette_model
            before = model.rowCount()
            cube = guiad.primitive(lambda u: u**3, d=lambda u, y: 3 * u**2, name="cube")
            assert model.rowCount() == before + 2  # the group "Your ops" and cube
            assert model.index(before).data(0) == "Your ops"
            assert model.index(before + 1).data(OP_ROLE) == "cube"
            assert window.palette.list.model().rowCount() == before + 2  # what the list shows
            cube.remove()
            assert model.rowCount() == before
            assert model.row_of("cube") == -1
        finally:
            window.set_modified(False)
            window.close()


def test_a_deleted_palette_is_not_told_about_new_ops(qtbot):
    from PySide6.QtCore import QCoreApplication, QEvent

    from guiad.core.session_ops import isolated
    from guiad.ui.chain.model import PaletteModel

    with isolated():
        model = PaletteModel()  # kept alive in Python, its Qt object deleted as a window's is
        model.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        square = guiad.primitive(lambda u: u * u, d=lambda u, y: 2 * u, name="sq")
        assert square(3.0) == 9.0
