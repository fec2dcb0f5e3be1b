"""The anchors oracle on standard-library modules: keywords of names imported by name, and
branches the running interpreter never takes."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_anchors", ROOT / "scripts" / "bench_anchors.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_anchors", module)  # dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _judge(tmp_path: Path, source: str, top: str, members: dict[str, str] | None = None) -> dict:
    path = tmp_path / "sample.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return _bench().probe(sys.executable, path, top, members)


def test_a_keyword_of_a_callable_imported_by_name_is_judged(tmp_path):
    verdicts = _judge(tmp_path, """
        from textwrap import dedent
        dedent("x", width=3)
        dedent("x")
        """, "textwrap")
    assert verdicts == {"3": "keyword width: TypeError"}


def test_branches_the_interpreter_never_runs_are_not_positive(tmp_path):
    verdicts = _judge(tmp_path, """
        import sys
        import textwrap
        if sys.version_info < (3,):
            from textwrap import gone_long_ago
        else:
            from textwrap import dedent
        try:
            from textwrap import dedent as again
        except ImportError:
            from textwrap import also_gone
        try:
            from textwrap import missing
        except ImportError:
            from textwrap import missing_too
        """, "textwrap", members={"5": "kept by hand", "12": "kept by hand"})
    assert set(verdicts) == {"12", "13", "15"}  # a kept verdict, the failing try and its handler
