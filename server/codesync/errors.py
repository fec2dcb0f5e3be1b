"""Errors the command line reports as usage errors (exit status 2)."""


class UsageError(Exception):
    """A mistake in the command line or configuration."""
