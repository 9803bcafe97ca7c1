"""The walkthrough: the graph scene, its items and labels, the view, the banner, controls, table,
trace tab and exports of the animated forward and backward passes. May import widgets and ui's
shared modules."""
