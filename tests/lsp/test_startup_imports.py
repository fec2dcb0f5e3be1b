"""The server starts without what its first diagnostics do not need: the fixes, the model,
the engine, hover and explain texts, network clients and the build's process pool are
imported on first use. A module-level import of any of them would add its cost to every
start, silently; this fails instead."""

from __future__ import annotations

import json
import subprocess
import sys

DEFERRED = ("codesync.fixes", "codesync.model", "codesync.engine", "codesync.hover_text",
            "codesync.explain", "codesync.commands", "codesync.parallel_check",
            "urllib.request", "http.client", "multiprocessing", "concurrent.futures.process")


def test_importing_the_server_leaves_first_use_modules_out():
    code = ("import json, sys; import codesync.lsp.server, codesync.cli; "
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    loaded = json.loads(out.splitlines()[-1])
    early = [m for m in loaded if any(m == d or m.startswith(d + ".") for d in DEFERRED)]
    assert early == []
