"""The main window and what frames the views: the app's start, the window itself (wiring only), its
layout, files, dialogs, the Export menu and the status line. May import every view package and
ui's shared modules; no view imports it."""
