"""codesync: find and fix calls to library APIs that changed between releases."""

__version__ = "0.1.0"
