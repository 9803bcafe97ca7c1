"""Build mode: the canvas on which a graph is built by hand (issue 21). Nodes with input and
output ports, wires, the hint shown while hovering (items), the scene that draws a Sketch
(scene), the view that turns mouse, drops and keys into edits (view, keys), and the undo
commands that carry each edit to the document (commands).

The document's Sketch (guiad/core/sketch.py) is the one source: the canvas never keeps a graph
of its own, it redraws from the document after every change. May import ui's shared modules,
widgets and chain (the palette's MIME type); not the other views (the window wires them).
"""
