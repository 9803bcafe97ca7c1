"""The surface view of a function of several inputs: heat map, slices, their controls and exports.
May import widgets and ui's shared modules."""
