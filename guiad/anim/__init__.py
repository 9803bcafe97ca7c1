"""The walkthrough timeline, built from a Trace. Pure: never imports Qt."""
