"""Every colour of the window, so one meaning has one colour (no hex colour lives elsewhere).

f and the forward pass share a colour; f′ and the backward pass (reverse mode computes f′)
share the other.
"""

FORWARD = "#2563eb"  # blue: values, dot derivatives, f
BACKWARD = "#ea580c"  # orange: adjoints, f′
SECOND = "#7c3aed"  # violet: f″
FINITE_DIFFERENCE = "#16a34a"  # green: the finite-difference estimate
UNDEFINED = "#dc2626"  # red: undefined points and failing nodes
MUTED = "#94a3b8"  # grey: nodes downstream of a failure, inactive items
X0 = "#475569"  # slate: the x0 line and marker
TEXT = "#334155"  # dark slate: axis labels, tick numbers, legend text, plain messages
PAPER = "#ffffff"  # white: plot backgrounds and exported images
LEGEND_FILL = (255, 255, 255, 210)  # legends and labels over curves: white, slightly see-through

# one soft colour per palette group (in ``ops.GROUPS`` order), for the op icons
OP_GROUPS = ("#2563eb", "#0d9488", "#7c3aed", "#db2777", "#ca8a04", "#ea580c", "#475569")

# the walkthrough
CURRENT_FILL = "#fef9c3"  # pale yellow: the node (and table row) the current step is about
SELECTED_ROW = "#dbeafe"  # pale blue: the node selected in the chain strip
SELECTED_GLOW = (37, 99, 235, 70)  # the strip's selection blue, soft: the selected card
GRAPH_TEXT = "#0f172a"  # the walkthrough's labels and node text
TEXT_PENDING = "#64748b"  # a node not computed yet
EDGE_IDLE = "#cbd5e1"  # an edge nothing has travelled along yet
CANVAS = "#f8fafc"  # the graph's background
FAILED_FILL = "#fee2e2"
MUTED_FILL = "#f1f5f9"
NODE_FILL = "#ffffff"
PHASE_DONE = "#334155"  # the Done pill
LABEL_BACKDROP = (255, 255, 255, 225)  # behind a label: the edge under it fades

# the chain strip, the expression box and messages
INK = "#0f172a"  # card text (as GRAPH_TEXT)
CARD_BORDER = "#94a3b8"
PARAM_FILL = "#fff7ed"  # a card with a constant: pale orange, bordered in BACKWARD
FOCUS_RING = "#1e3a8a"  # the dotted ring inside a focused, selected card
NOTE_BORDER = "#ca8a04"  # the strip's note on a graph: amber on pale yellow
NOTE_FILL = "#fefce8"
SCROLL_HANDLE = "#cbd5e1"
SELECTION = "#bfdbfe"  # the expression text of the selected card
ERROR_TEXT = "#b91c1c"  # an inline error message (expression box, dialogs)
HINT_TEXT = "#64748b"  # quiet help text (as TEXT_PENDING)

# the surface view (graphs of several inputs)
MAP_COLOURS = "viridis"  # pyqtgraph's name of the heat map's colour map (dark low, yellow high)
CONTOUR = (255, 255, 255, 150)  # contour lines over the heat map: white, half see-through
MAP_UNDEFINED = (148, 163, 184, 235)  # grey (MUTED), nearly opaque: where f is undefined
GRADIENT = BACKWARD  # the gradient arrow: reverse mode computes the gradient
ARROW_HALO = (255, 255, 255, 200)  # a white rim so the arrow reads over any colour


def latex_colors() -> dict[str, str]:
    """The walkthrough's colours by the names the LaTeX trace uses (trace_export.COLOR_NAMES)."""
    return {
        "forward": FORWARD,
        "backward": BACKWARD,
        "text": TEXT,
        "muted": MUTED,
        "undefined": UNDEFINED,
    }
