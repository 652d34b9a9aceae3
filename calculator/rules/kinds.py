"""The registry: a rule kind's name (the schema's `rule.kind`) -> its module."""

from . import brackets, fixed, grid, lookup, none, rate

KINDS = {module.__name__.rpartition(".")[2]: module for module in (fixed, rate, lookup, grid, brackets, none)}
