"""The tokens of the walkthrough's graph: dots that carry a step's number along its edges
(one per input of a node whose value is computed), moved by the panel's animation.

A part of ``GraphScene``: it adds its items to the scene it is given and reads the scene's
``edges`` and ``graph()`` only; the scene keeps ``start_token`` and friends as its API.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene

from guiad.anim import notation as n
from guiad.anim.timeline import Kind, Step
from guiad.ui import theme
from guiad.ui.walkthrough.items import EdgeItem, TokenItem


class Tokens:
    def __init__(self, scene: QGraphicsScene):
        self._scene = scene  # hooks: .edges (key → EdgeItem), .graph(), addItem
        self.first = TokenItem()  # more for ops with two inputs
        scene.addItem(self.first)
        self._items: list[TokenItem] = [self.first]
        self._edges: list[EdgeItem] = []
        self._backward = False

    def _keys(self, step: Step) -> list[tuple[int, int]]:
        """The edges tokens travel along: every input of a node whose value is computed."""
        edges = self._scene.edges
        if step.edge is None or step.edge not in edges:
            return []
        value_step = step.kind is Kind.VALUE or (
            step.kind is Kind.FAILURE and not step.frame.failed_edges
        )
        if value_step:
            inputs = self._scene.graph().nodes[step.node].inputs
            return [(step.node, k) for k in range(len(inputs)) if (step.node, k) in edges]
        return [step.edge]

    def start(self, step: Step) -> bool:
        """Put tokens at the start of the step's edges; False if the step has no edge."""
        keys = self._keys(step)
        self._backward = step.direction == "backward"
        self._edges = [self._scene.edges[key] for key in keys]
        while len(self._items) < len(keys):
            extra = TokenItem()
            self._scene.addItem(extra)
            self._items.append(extra)
        for token in self._items:
            token.setVisible(False)
        if not keys:
            return False
        color = theme.BACKWARD if self._backward else theme.FORWARD
        if step.kind is Kind.FAILURE:
            color = theme.UNDEFINED
        for token, edge, key in zip(self._items, self._edges, keys, strict=False):
            token.color = QColor(color)
            token.set_text(self._text(step, key))
            edge.set_style(color, 2.6)  # the edge a token travels along
            token.setVisible(True)
        self.set_progress(0.0)
        return True

    def _text(self, step: Step, key: tuple[int, int]) -> str:
        """The number a token carries: the input's value into a node, the partial onto its
        edge, the contribution ∂·v̄ (or ∂·v̇) along it."""
        frame = step.frame
        if step.kind in (Kind.ADJOINT, Kind.DOT) and key in frame.terms:
            return n.fmt(frame.terms[key])
        if step.kind is Kind.PARTIAL or key in frame.failed_edges:
            return n.fmt(step.number)
        source = self._scene.graph().nodes[key[0]].inputs[key[1]]
        return n.fmt(frame.values[source]) if source in frame.values else ""

    def positions(self) -> list[QPointF]:
        """Where the visible tokens are (scene coordinates)."""
        return [token.pos() for token in self._items if token.isVisible()]

    def texts(self) -> list[str]:
        return [token.text() for token in self._items if token.isVisible()]

    def set_progress(self, t: float) -> None:
        t = min(max(t, 0.0), 1.0)
        along = 1.0 - t if self._backward else t
        for token, edge in zip(self._items, self._edges, strict=False):
            token.setPos(edge.path.pointAtPercent(along))

    def hide(self) -> None:
        for token in self._items:
            token.setVisible(False)
        self._edges = []
