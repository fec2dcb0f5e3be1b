"""Attributes ``__new__`` sets on the instance it makes (``obj = object.__new__(cls)``;
sympy's ``FracField.dtype``) are the class's members like those a method sets on ``self``."""

from __future__ import annotations

from helpers.fakelib import snapshot

FIELDS = '''
class Base:
    pass


class Field(Base):
    def __new__(cls, symbols):
        obj = object.__new__(cls)
        obj.symbols = symbols
        obj.dtype = int
        return obj

    def gens(self):
        return self.symbols


class Ring(Base):
    def __new__(cls):
        self = super().__new__(cls)
        self.zero = 0
        return self
'''


def test_attributes_set_in_new_on_the_new_instance_are_members():
    snap = snapshot({"fakelib/__init__.py": FIELDS})
    field = snap.definitions["fakelib.Field"]
    assert field.members_complete
    assert {"symbols", "dtype"} <= set(field.attributes or [])
    assert "zero" in (snap.definitions["fakelib.Ring"].attributes or [])
