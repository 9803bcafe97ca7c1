"""The chain and palette models through their drag-and-drop API, and the views' drag code."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDrag, QDropEvent, QUndoStack

from guiad.core.document import ChainDocument
from guiad.core.graph import Graph, Step, chain_graph
from guiad.core.ops import OPS
from guiad.ui.chain.commands import Editor
from guiad.ui.chain.model import MIME_CARD, MIME_OP, ChainModel, PaletteModel, card_text
from guiad.ui.chain.palette import Palette
from guiad.ui.chain.strip import ChainStrip

CHAIN_OPS = [name for name, op in OPS.items() if op.arity == 1]
START = ["sin", "cos", "exp"]
MOVE = Qt.DropAction.MoveAction
COPY = Qt.DropAction.CopyAction


def make(ops=START):
    doc = ChainDocument(chain_graph(ops))
    editor = Editor(doc, QUndoStack())
    return doc, editor, ChainModel(editor), PaletteModel(editor)


def names(doc) -> list[str]:
    return [s.op for s in doc.steps()]


def palette_index(palette: PaletteModel, name: str) -> QModelIndex:
    return palette.index(palette.row_of(name))


@pytest.mark.parametrize("name", CHAIN_OPS)
def test_drop_each_op_at_every_position(name):
    for gap in range(len(START) + 1):
        doc, editor, chain, palette = make()
        mime = palette.mimeData([palette_index(palette, name)])
        assert chain.canDropMimeData(mime, COPY, gap, 0, QModelIndex())
        assert chain.dropMimeData(mime, COPY, gap, 0, QModelIndex())
        expected = START[:gap] + [name] + START[gap:]
        assert names(doc) == expected
        assert chain.rowCount() == len(expected)
        assert chain.index(gap).data() == card_text(doc.steps()[gap])
        param = OPS[name].default if OPS[name].param else None
        assert doc.steps()[gap] == Step(name, param)
        editor.stack.undo()
        assert names(doc) == START


def test_drop_onto_a_card_lands_before_it_and_on_empty_space_appends():
    doc, _, chain, palette = make()
    mime = palette.mimeData([palette_index(palette, "tanh")])
    chain.dropMimeData(mime, COPY, -1, 0, chain.index(1))
    assert names(doc) == ["sin", "tanh", "cos", "exp"]
    chain.dropMimeData(mime, COPY, -1, 0, QModelIndex())
    assert names(doc) == ["sin", "tanh", "cos", "exp", "tanh"]


@pytest.mark.parametrize("row", range(4))
@pytest.mark.parametrize("gap", range(5))
def test_reorder_every_card_to_every_gap(row, gap):
    start = ["sin", "cos", "exp", "tanh"]
    doc, editor, chain, _ = make(start)
    mime = chain.mimeData([chain.index(row)])
    assert chain.dropMimeData(mime, MOVE, gap, 0, QModelIndex())
    expected = list(start)
    card = expected.pop(row)
    expected.insert(gap - 1 if gap > row else gap, card)
    assert names(doc) == expected
    assert expected[chain.landed_row] == card
    assert [chain.index(r).data(Qt.ItemDataRole.DisplayRole) for r in range(4)] == [
        OPS[n].label for n in expected
    ]
    # a move onto itself is no edit at all
    assert editor.stack.count() == (0 if expected == start else 1)


def test_drag_back_to_palette_deletes_the_card():
    doc, editor, chain, palette = make()
    mime = chain.mimeData([chain.index(1)])
    assert palette.canDropMimeData(mime, MOVE, -1, 0, QModelIndex())
    assert palette.dropMimeData(mime, MOVE, -1, 0, QModelIndex())
    assert names(doc) == ["sin", "exp"]
    assert editor.stack.undoText() == "Delete cos"


def test_palette_refuses_ops_and_cards_of_another_document():
    _, _, _, palette = make()
    _, _, other_chain, _ = make()
    assert not palette.canDropMimeData(
        palette.mimeData([palette_index(palette, "sin")]), COPY, -1, 0, QModelIndex()
    )
    foreign = other_chain.mimeData([other_chain.index(0)])
    assert not palette.dropMimeData(foreign, MOVE, -1, 0, QModelIndex())


def test_card_from_another_window_is_copied_in():
    doc, _, chain, _ = make()
    _, _, other_chain, _ = make(["sqrt"])
    assert chain.dropMimeData(
        other_chain.mimeData([other_chain.index(0)]), MOVE, 2, 0, QModelIndex()
    )
    assert names(doc) == ["sin", "cos", "sqrt", "exp"]
    assert chain.landed_row == 2


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'["os.system"]',
        b'{"op": "sin"}',
        b"\xff\xfe",
        b'{"source": "x", "row": true, "op": "sin", "param": null}',
        b'{"source": "x", "row": 0, "op": "add", "param": null}',
    ],
)
@pytest.mark.parametrize("fmt", [MIME_OP, MIME_CARD])
def test_garbage_drops_are_refused_and_change_nothing(fmt, payload):
    doc, editor, chain, _ = make()
    mime = QMimeData()
    mime.setData(fmt, payload)
    chain.dropMimeData(mime, COPY, 1, 0, QModelIndex())
    assert names(doc) == START
    assert editor.stack.count() == 0


def test_no_drops_on_a_graph():
    doc, _, chain, palette = make()
    doc.set_graph(Graph.from_chain(()))
    from guiad.core.expression import parse

    doc.set_graph(parse("x*sin(x)"))
    mime = palette.mimeData([palette_index(palette, "sin")])
    assert chain.rowCount() == 0
    assert not chain.canDropMimeData(mime, COPY, 0, 0, QModelIndex())
    assert not chain.dropMimeData(mime, COPY, 0, 0, QModelIndex())
    assert not chain.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled


def test_set_data_edits_parameter_and_refuses_bad_values():
    doc, editor, chain, _ = make(["sin", ("power", 2.0)])
    index = chain.index(1)
    assert chain.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not chain.flags(chain.index(0)) & Qt.ItemFlag.ItemIsEditable
    assert chain.setData(index, 3.0)
    assert doc.steps()[1] == Step("power", 3.0)
    assert index.data() == "u³"
    for bad in ("abc", float("nan"), float("inf"), None):
        assert not chain.setData(index, bad)
    assert doc.steps()[1] == Step("power", 3.0)
    assert editor.stack.count() == 1


def test_model_signals_for_each_edit(qtbot):
    doc, _, chain, _ = make()
    with qtbot.waitSignal(chain.rowsInserted):
        doc.insert(0, Step("tanh"))
    with qtbot.waitSignal(chain.rowsMoved):
        doc.move(0, 2)
    with qtbot.waitSignal(chain.rowsRemoved):
        doc.remove(0)
    with qtbot.waitSignal(chain.modelReset):
        doc.set_graph(chain_graph(["sqrt"]))


def test_qtmodeltester_chain_model(qtmodeltester):
    _, editor, chain, palette = make(["sin", ("scale", 2.0), "exp"])
    qtmodeltester.check(chain)
    editor.insert(1, "tanh")
    editor.move(0, 3)
    editor.remove(2)
    qtmodeltester.check(chain)


def test_qtmodeltester_palette_model(qtmodeltester):
    _, _, _, palette = make()
    qtmodeltester.check(palette)


def test_palette_lists_every_op_once():
    _, _, _, palette = make()
    listed = [palette.op_at(r).name for r in range(palette.rowCount()) if palette.op_at(r)]
    assert sorted(listed) == sorted(OPS)  # the strip takes CHAIN_OPS, the build canvas all
    tooltip = palette_index(palette, "tanh").data(Qt.ItemDataRole.ToolTipRole)
    assert OPS["tanh"].formula in tooltip
    assert OPS["tanh"].d_formula in tooltip


# ---- views: real drag code with QDrag.exec monkeypatched, hand-built drop events ----------


@pytest.fixture
def strip(qtbot):
    doc, editor, chain, palette = make()
    view = ChainStrip(chain)
    qtbot.addWidget(view)
    view.resize(900, 84)
    view.show()
    qtbot.waitExposed(view)
    return view


def drop_event(view, mime: QMimeData, pos: QPointF, action=COPY) -> QDropEvent:
    """A drop as Qt would deliver it (the view argument documents the target)."""
    return QDropEvent(pos, action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)


def test_view_drop_lands_in_the_gap_under_the_pointer(strip, qtbot):
    chain = strip.chain_model()
    palette = PaletteModel(chain.editor)
    mime = palette.mimeData([palette_index(palette, "tanh")])
    between = (strip.card_rect(0).right() + strip.card_rect(1).left()) / 2
    pos = QPointF(between, strip.card_rect(0).center().y())
    strip.dragMoveEvent(drop_event(strip, mime, pos))
    assert strip.drop_gap() == 1  # the bar shows where it will land
    strip.dropEvent(drop_event(strip, mime, pos))
    assert names(chain.doc) == ["sin", "tanh", "cos", "exp"]
    assert strip.drop_gap() is None
    assert strip.selected_row() == 1


def test_view_drag_of_a_card_to_the_end(strip, monkeypatch):
    chain = strip.chain_model()
    dragged = []

    def fake_exec(self, *args):
        dragged.append(self.mimeData())
        last = strip.card_rect(chain.rowCount() - 1)
        pos = QPointF(last.right() + 20, last.center().y())
        strip.dropEvent(drop_event(strip, self.mimeData(), pos, MOVE))
        return MOVE

    monkeypatch.setattr(QDrag, "exec", fake_exec)
    strip.select_row(0)
    strip.startDrag(MOVE)
    assert dragged[0].hasFormat(MIME_CARD)
    assert names(chain.doc) == ["cos", "exp", "sin"]
    assert strip.selected_row() == 2


def test_view_drag_from_palette_and_back(qtbot, monkeypatch):
    doc, editor, chain, palette_model = make()
    strip = ChainStrip(chain)
    palette = Palette(palette_model)
    for w in (strip, palette):
        qtbot.addWidget(w)
        w.resize(600, 300)
        w.show()
    target = {}

    def fake_exec(self, *args):
        view = target["view"]
        pos = target["pos"]
        event = drop_event(view, self.mimeData(), pos)
        view.dropEvent(event)
        return COPY

    monkeypatch.setattr(QDrag, "exec", fake_exec)
    # palette → strip, before the first card
    palette.select_op("sqrt")
    target.update(view=strip, pos=QPointF(5, strip.card_rect(0).center().y()))
    palette.list.startDrag(COPY)
    assert names(doc) == ["sqrt", *START]
    # strip → palette deletes the card
    strip.select_row(2)
    target.update(view=palette.list, pos=QPointF(20, 20))
    strip.startDrag(MOVE)
    assert names(doc) == ["sqrt", "sin", "exp"]


def test_drop_bar_clears_when_the_drag_leaves(strip):
    from PySide6.QtGui import QDragLeaveEvent

    chain = strip.chain_model()
    mime = PaletteModel(chain.editor).mimeData([palette_index(PaletteModel(), "sin")])
    strip.dragMoveEvent(drop_event(strip, mime, QPointF(2, 40)))
    assert strip.drop_gap() == 0
    strip.dragLeaveEvent(QDragLeaveEvent())
    assert strip.drop_gap() is None


def test_gap_positions_cover_the_strip(strip):
    y = strip.card_rect(0).center().y()
    assert strip.gap_at(QPoint(0, int(y))) == 0
    for row in range(3):
        rect = strip.card_rect(row)
        assert strip.gap_at(QPoint(int(rect.left() + 2), int(y))) == row
        assert strip.gap_at(QPoint(int(rect.right() - 2), int(y))) == row + 1
