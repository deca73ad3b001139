"""The text analysis layer: what every message rule kind may ask about a hit.

Computed once per agent message, and lazily: the engine builds an ``Analysis`` only for
messages where some rule has a candidate hit and asks for facts about it (most agent
messages have none). Every span is an index into the original text: normalisation and
markup stripping never change the length.
"""
from .analysis import Analysis, FACTS, TurnContext
from .safety import compile_safe, pattern_problem

__all__ = ["Analysis", "FACTS", "TurnContext", "compile_safe", "pattern_problem"]
