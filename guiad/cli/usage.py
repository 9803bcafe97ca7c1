"""The error every command reports for bad input (its own module, so the commands and the
command line import it without importing each other)."""


class UsageError(Exception):
    """Bad command-line input: reported as one line on stderr, exit code 2."""
