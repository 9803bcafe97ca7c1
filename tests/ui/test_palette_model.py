"""PaletteModel's rows answer each role from the op table: group headers, then their ops."""

from __future__ import annotations

from PySide6.QtCore import Qt

from guiad.core.graph import CONST, INPUT
from guiad.core.ops import GROUPS, OPS
from guiad.ui.chain.model import FORMULA_ROLE, GROUP_LEAVES, HEADER_ROLE, OP_ROLE, PaletteModel

ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ToolTipRole,
    OP_ROLE,
    HEADER_ROLE,
    FORMULA_ROLE,
)


def test_headers_and_ops_answer_their_roles(qapp):
    model = PaletteModel()
    group = None
    for row in range(model.rowCount()):
        index = model.index(row)
        answers = {role: index.data(role) for role in ROLES}
        if answers[HEADER_ROLE]:
            group = answers[Qt.ItemDataRole.DisplayRole]
            assert group in (GROUP_LEAVES, *GROUPS)
            assert answers[OP_ROLE] is None
            assert answers[FORMULA_ROLE] is None
            assert answers[Qt.ItemDataRole.DecorationRole] is None
            assert answers[Qt.ItemDataRole.ToolTipRole] is None
            assert not model.flags(index) & Qt.ItemFlag.ItemIsSelectable
            continue
        if answers[OP_ROLE] not in OPS:  # an input or a constant, for the build canvas
            assert group == GROUP_LEAVES
            assert answers[OP_ROLE] in (INPUT, CONST)
            assert model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
            continue
        op = OPS[answers[OP_ROLE]]
        assert answers[HEADER_ROLE] is False
        assert op.group == group  # under its own group's header
        assert answers[Qt.ItemDataRole.DisplayRole] == op.name
        assert answers[FORMULA_ROLE] == f"y = {op.formula}"
        assert not answers[Qt.ItemDataRole.DecorationRole].isNull()
        assert op.formula in answers[Qt.ItemDataRole.ToolTipRole]
        assert model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.index(0).data(HEADER_ROLE) is True
