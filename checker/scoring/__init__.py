"""Monthly scoring of 004 (第三条 to 第六条, 附件2): pure logic, no I/O but the scheme.

    scheme = load_scheme()                       # policies/scoring/*.yaml
    card = score_agent(scheme, AgentInputs(…))   # one agent's month -> AgentCard

The scorecard package gathers the inputs from the ledger and formats the cards.
"""
from .card import AgentInputs, auto_awards, score_agent
from .daily import ScoringError
from .measures import Promotion
from .model import AgentCard, Commission, Daily, Flag, KpiResult, Line
from .scheme import Item, Kpi, Scheme, Tier, pick
from .scheme_loader import load_scheme

__all__ = ["AgentCard", "AgentInputs", "Commission", "Daily", "Flag", "Item", "Kpi", "KpiResult", "Line",
           "Promotion", "Scheme", "ScoringError", "Tier", "auto_awards", "load_scheme", "pick", "score_agent"]
