"""The Qt views: main window, palette, chain strip, plots, walkthrough."""
