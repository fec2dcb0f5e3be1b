"""codesync: find and fix calls to library APIs that changed between releases."""

import os

__version__ = "0.1.0"

# The process that started this one, read before anything slow is imported: the language
# server leaves when it is gone (lsp/transport.py), and it may be gone within seconds.
PARENT_AT_START = os.getppid() if hasattr(os, "getppid") else None
