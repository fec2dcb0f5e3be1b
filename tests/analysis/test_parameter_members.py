"""The collector's one-scan reading of parameter members gives the answer of the reference
(``likely_types.members_used``) for every name whose members can tell a type, the only
answers it acts on; other names read as telling nothing."""

from __future__ import annotations

import pytest

from codesync.analysis.likely_types import distinctive, members_used
from codesync.analysis.parameter_uses import parameter_members

BODIES = [
    "frame.groupby('k').agg(x)\nframe.to_csv(path)\n",
    "frame.groupby('k')\nframe.to_csv(p)\nframe = frame.dropna()\n",
    "frame.groupby('k')\nframe.to_csv(p)\nfor frame in frames: pass\n",
    "frame.groupby('k')\nframe.to_csv(p)\nif isinstance(frame, list): pass\n",
    "frame.groupby('k')\nframe.to_csv(p)\nf = lambda: frame\n",
    "frame.groupby('k')\nframe.to_csv(p)\nwith open(p) as frame: pass\n",
    "frame.groupby('k')\nframe.to_csv(p)\ndel frame\n",
    "frame.append(1)\nframe.pop()\n",  # list members: not telling
    "other.frame.groupby('k')\nother.frame.to_csv(p)\n",
    "frame.groupby('k')\nseries.to_numpy()\nseries.value_counts()\nseries += 1\n",
    "x = frame.groupby('k').to_csv\nframe.merge(y)\nprint(frame.shape)\n",
    "",
]


@pytest.mark.parametrize("body", BODIES)
def test_agrees_with_the_reference_where_members_tell_a_type(body):
    names = {"frame", "series", "path", "other"}
    fast, reference = parameter_members(body, names), members_used(body, names)
    assert set(fast) == names
    for name in names:
        assert _telling(fast[name]) == _telling(reference[name]), name
        if _telling(reference[name]):
            assert fast[name] == reference[name]


def _telling(members: frozenset[str] | None) -> bool:
    """What the collector asks of an answer."""
    return bool(members) and distinctive(members)
