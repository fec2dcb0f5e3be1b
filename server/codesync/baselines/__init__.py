"""Baselines: which release of each distribution the project's code was written for.

Inferred without running any of the project's code, and always with where it came from:

- `project_pins(root)`: the exact versions pinned today by lock files (uv, poetry, pdm,
  PEP 751 pylock, Pipfile.lock), requirements/constraints files and pyproject.toml.
- `LineBaselines(root).for_lines(path, text)`: per line, the versions pinned at the commit that
  last changed the line (git blame, run so that the checkout cannot make git run anything).
"""

from __future__ import annotations

from .lines import LineBaselines
from .pins import Pin, project_pins

__all__ = ["LineBaselines", "Pin", "project_pins"]
