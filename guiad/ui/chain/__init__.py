"""Building a chain: the palette of ops, the chain strip, the expression box, their Qt models and
the undo commands that edit the document. May import ui's shared modules and widgets; not the
other views."""
