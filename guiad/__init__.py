"""guiad: reverse-mode automatic differentiation, made visible."""

__version__ = "0.1.0"
