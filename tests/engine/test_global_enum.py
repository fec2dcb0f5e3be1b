"""``@enum.global_enum`` makes an enum's members names of the module that defines it, even
where a ``TYPE_CHECKING`` block spells the same names for type checkers only."""

from __future__ import annotations

from helpers.fakelib import snapshot

MODULE = '''
    import enum
    from enum import IntEnum, global_enum
    from typing import TYPE_CHECKING

    @global_enum
    class State(IntEnum):
        START = 0
        END = 1

    @enum.global_enum
    class Flag(IntEnum):
        ON = 1

    class Plain(IntEnum):
        HIDDEN = 3

    if TYPE_CHECKING:
        START = State.START
        END = State.END
        HIDDEN = Plain.HIDDEN
'''


def test_members_of_a_global_enum_are_module_names():
    snap = snapshot({"fakelib/__init__.py": MODULE})
    for name in ("START", "END", "ON"):
        assert f"fakelib.{name}" in snap.exports
    assert "fakelib.State" in snap.exports


def test_members_of_other_enums_stay_inside_their_class():
    snap = snapshot({"fakelib/__init__.py": MODULE})
    assert "fakelib.HIDDEN" not in snap.exports  # bound for type checkers only
    assert "fakelib.Plain.HIDDEN" in snap.definitions or "fakelib.Plain" in snap.exports
