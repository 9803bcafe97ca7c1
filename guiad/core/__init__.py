"""The pure core: op table, expressions, graphs, the engine and files. Never imports Qt."""

from guiad.core.engine import Evaluation, Failure, Trace, evaluate, trace, value_and_grad
from guiad.core.expression import ParseError, parse, to_expression
from guiad.core.graph import Graph, GraphError, Node, Step
from guiad.core.ops import OPS, Op

__all__ = [
    "OPS",
    "Evaluation",
    "Failure",
    "Graph",
    "GraphError",
    "Node",
    "Op",
    "ParseError",
    "Step",
    "Trace",
    "evaluate",
    "parse",
    "to_expression",
    "trace",
    "value_and_grad",
]
