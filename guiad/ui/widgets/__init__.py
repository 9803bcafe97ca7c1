"""Pieces several views share: the control rows' tool bar and number boxes, the pyqtgraph plot
view, the readout, and the sync-or-background evaluation worker. Imports only ui's shared
modules (theme, guard, resources, svg)."""
