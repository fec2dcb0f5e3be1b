"""What the extractor infers for unannotated code: results, iteration, member aliases and
what a module ``__getattr__`` serves."""

from __future__ import annotations

from helpers.fakelib import snapshot

LIB = {"fakelib/__init__.py": """
    from typing import Iterable, Iterator, Tuple

    class Series:
        pass

    class Frame:
        @classmethod
        def build(cls, data):
            return cls(data)

        def copy(self):
            return self.build(None)

        def keep(self, other: Series):
            return other

        def column(self):
            return make_series()

        def iterrows(self) -> Iterable[Tuple[str, Series]]:
            ...

        def values(self) -> "Iterator[Series]":
            ...

        def nodes(self):
            return 1

        node = nodes
        label = "x"

    def make_series():
        return Series()
    """}


def test_unannotated_results_are_inferred_from_plain_returns():
    definitions = snapshot(LIB).definitions
    frame, series = "fakelib.Frame", "fakelib.Series"
    assert definitions[f"{frame}.build"].returns == frame       # cls(...)
    assert definitions[f"{frame}.copy"].returns == frame        # self.other(...)
    assert definitions[f"{frame}.keep"].returns == series       # an annotated parameter
    assert definitions[f"{frame}.column"].returns == series     # another function's result


def test_iterating_a_result_gives_the_elements_its_annotation_names():
    definitions = snapshot(LIB).definitions
    assert definitions["fakelib.Frame.iterrows"].yields == "(,fakelib.Series)"
    assert definitions["fakelib.Frame.values"].yields == "fakelib.Series"


def test_a_class_level_alias_of_a_method_is_that_method():
    definitions = snapshot(LIB).definitions
    assert definitions["fakelib.Frame.node"].kind == "method"
    assert "label" in definitions["fakelib.Frame"].attributes  # a data member stays one


def test_a_closed_module_getattr_records_what_it_serves():
    module = snapshot({"fakelib/__init__.py": """
        __all__ = ["a", "b"]

        def __getattr__(name):
            if name not in __all__:
                raise AttributeError(name)
            import warnings
            warnings.warn(f"`{name}` moved to fakelib.core", DeprecationWarning)
            return 1
        """}).definitions["fakelib"]
    assert module.dynamic and module.serves == ["a", "b"]
    assert module.deprecated_names == {"a": "`a` moved to fakelib.core",
                                       "b": "`b` moved to fakelib.core"}


def test_an_open_module_getattr_serves_anything():
    module = snapshot({"fakelib/__init__.py": """
        def __getattr__(name):
            if name.startswith("x"):
                return 1
            raise AttributeError(name)
        """}).definitions["fakelib"]
    assert module.dynamic and module.serves is None


def test_expiry_tables_built_by_comprehension_are_read():
    module = snapshot({"fakelib/__init__.py": """
        _info = [("float", "Use `float`."), ("int", "")]
        _msg = "no attribute {n}. {extra}"
        __former_attrs__ = {n: _msg.format(n=n, extra=extra) for n, extra in _info}

        def __getattr__(attr):
            raise AttributeError(attr)
        """}).definitions["fakelib"]
    assert module.expired == {"float": "no attribute float. Use `float`.",
                              "int": "no attribute int. "}


def test_attributes_set_on_self_are_data_members_unless_names_are_computed():
    definitions = snapshot({"fakelib/__init__.py": """
        class Spelled:
            def __init__(self):
                self.a = 1
                self.__dict__["b"] = 2
                object.__setattr__(self, "c", 3)

            @property
            def view(self):
                self.__dict__["view"] = 4
                return 4

        class Computed:
            def __init__(self, **options):
                for key, value in options.items():
                    setattr(self, key, value)
        """}).definitions
    spelled = definitions["fakelib.Spelled"]
    assert spelled.members_complete and spelled.attributes == ["a", "b", "c"]
    assert spelled.properties == ["view"]
    assert not definitions["fakelib.Computed"].members_complete


def test_a_deprecation_table_over_tuples_with_objects_in_them():
    module = snapshot({"fakelib/__init__.py": """
        bool_ = bool
        _msg = "`np.{n}` is a deprecated alias for `{an}`."
        _type_info = [("bool8", bool_, "np.bool_")]
        __deprecated_attrs__ = {}
        __deprecated_attrs__.update({n: (alias, _msg.format(n=n, an=an))
                                     for n, alias, an in _type_info})
        """}).definitions["fakelib"]
    assert module.deprecated_names == {"bool8": "`np.bool8` is a deprecated alias for `np.bool_`."}
