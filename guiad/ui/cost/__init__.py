"""View ▸ Cost of the gradient: the chart of forward against reverse mode and its dock. May import
widgets and ui's shared modules."""
