"""The closed set of detector kinds. Adding a kind means adding a module here."""
from . import (context, first_reply, max_delay, pattern, phrase, round_answered, round_deadline, script,
               time_window, trigger_response)

KINDS = {module.KIND: module for module in (
    phrase, pattern, context,                                         # one agent message
    first_reply, round_answered, round_deadline, trigger_response,    # a conversation
    script, time_window, max_delay,
)}
