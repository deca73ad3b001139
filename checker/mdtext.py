"""Text from chats (and any other data) as inert Markdown inline text.

Every ASCII punctuation character but `-` is backslash-escaped (CommonMark allows an escape
before any of them and renders the character itself), so a message cannot open an image,
a link, an autolink (`http\\:\\/\\/…` is no longer one), raw HTML, emphasis, code or a
table cell; line breaks become spaces so a table row stays one row.
"""
from __future__ import annotations

import re
import string

# `-` only means something at the start of a line (a list, a rule), where this text never
# stands (it follows a table bar or a label), so ids and dates stay readable.
_PUNCT = re.compile("([" + re.escape(string.punctuation.replace("-", "")) + "])")


def md_cell(text: object) -> str:
    flat = " ".join(str(text).replace("\r", "\n").split("\n"))
    return _PUNCT.sub(r"\\\1", flat)
