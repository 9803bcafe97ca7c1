"""Teaching: the lesson bar and the tutor's answer box over the walkthrough. May import the
walkthrough panel's public surface, widgets and ui's shared modules."""
