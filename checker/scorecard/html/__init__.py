"""The self-contained HTML scorecard page."""
from .page import render

__all__ = ["render"]
