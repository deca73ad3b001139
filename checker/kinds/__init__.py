"""The closed set of detector kinds. Adding a kind means adding a module here."""
from . import (context, first_reply, max_delay, pattern, phrase, round_answered, round_deadline, script,
               time_window, trigger_response)
from . import (template_campaign, template_duplicate, template_empty, template_expiry, template_greeting,
               template_length, template_placeholder, template_placeholder_syntax)

KINDS = {module.KIND: module for module in (
    phrase, pattern, context,                                         # one agent message
    first_reply, round_answered, round_deadline, trigger_response,    # a conversation
    script, time_window, max_delay,
    template_greeting, template_placeholder, template_placeholder_syntax,   # a quick-reply template
    template_expiry, template_campaign, template_duplicate, template_empty, template_length,
)}
