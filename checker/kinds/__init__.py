"""The closed set of detector kinds. Adding a kind means adding a module here."""
from . import context, pattern, phrase

KINDS = {module.KIND: module for module in (phrase, pattern, context)}
