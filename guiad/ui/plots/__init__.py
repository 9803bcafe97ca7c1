"""The plots of f, f′ and f″ over a range: the panel, its exports and settings, and the FD lab. May
import widgets and ui's shared modules."""
