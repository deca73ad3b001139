"""Length-preserving text normalisation, so spans found on the copy hold in the original.

Traditional -> Simplified is done character by character (a translate table built once
from OpenCC), full-width -> half-width, and optional lower-casing; JD's emoticon codes
(#E-s[数字x], #E-s21) are blanked with spaces. Multi-character OpenCC phrase conversions
are deliberately not used: they could change the length.
"""
from __future__ import annotations

from functools import lru_cache

# CJK Unified Ideographs + Extension A: the characters OpenCC converts in practice.
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


def build_t2s_pairs() -> str:
    """The Traditional -> Simplified pairs from OpenCC, as one string ``src dst src dst ...``.
    Slow (about 0.05 s with the import); ``checker/t2s_data.py`` holds its output, and
    tests/test_normalize_t2s.py checks that the two agree. Regenerate with
    ``python -m checker.normalize > checker/t2s_data.py``."""
    import opencc

    converter = opencc.OpenCC("t2s")
    chars = [chr(cp) for lo, hi in _CJK_RANGES for cp in range(lo, hi + 1)]
    # One call on newline-separated characters: OpenCC converts each line on its own.
    converted = converter.convert("\n".join(chars)).split("\n")
    pairs: list[str] = []
    if len(converted) == len(chars):
        for src, dst in zip(chars, converted):
            if dst != src and len(dst) == 1:
                pairs.append(src + dst)
    return "".join(pairs)


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    from .t2s_data import PAIRS
    return {ord(src): dst for src, dst in zip(PAIRS[0::2], PAIRS[1::2])}


def _width_table() -> dict[int, str]:
    table = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "
    # the ideographic full stop ends a sentence like "." (好的。): the rules' boundaries ([\s,.!?~]) see it
    table[0x3002] = "."
    return table


@lru_cache(maxsize=2)
def translation_table(fold_case: bool) -> dict[int, str]:
    table = dict(_t2s_table())
    table.update(_width_table())
    if fold_case:
        for cp in range(ord("A"), ord("Z") + 1):
            table[cp] = chr(cp + 32)
        # full-width capitals fold straight to lower-case ASCII
        for cp in range(0xFF21, 0xFF3B):
            table[cp] = chr(cp - 0xFEE0 + 32)
    return table


@lru_cache(maxsize=2)
def _changing(fold_case: bool):
    """Runs of characters the table changes. str.translate looks every character up in a
    dict (about 0.3 µs each: seconds on a megabyte-long message); a character class scan
    is C-speed, and most chat text (Simplified, half-width) has few such runs."""
    import re
    chars = "".join(sorted(chr(cp) for cp in translation_table(fold_case)))
    return re.compile("[" + re.escape(chars).replace("-", "\\-") + "]+")


_EMOTICON = None


def _blank_emoticons(text: str) -> str:
    """JD's 咚咚 export writes emoticons as codes (好的#E-s[数字x], #E-s21, #E-j57): blanked, so a
    rule anchored at the end of a message or a clause sees the words (可以的#E-s[数字x] is 可以的)."""
    global _EMOTICON
    if _EMOTICON is None:
        import re
        _EMOTICON = re.compile(r"#[Ee]-[A-Za-z](?:\[数字x\]|[0-9]{1,3})?(?![A-Za-z])")
    return _EMOTICON.sub(lambda m: " " * len(m.group()), text)


def from_words(text: str) -> tuple[str, int]:
    """``text`` from its first to its last non-blank character, and how many blanks were skipped
    at the start: JDDC lines often start with blanks ("    可以的") and end in a blanked emoticon
    code (可以的#E-s[数字x]), and a pattern's ^ and $ mean the start and end of the words. Spans
    found on the rest are shifted back by the count."""
    if not (text[:1].isspace() or text[-1:].isspace()):
        return text, 0
    body = text.lstrip()
    return body.rstrip(), len(text) - len(body)


_ADDRESS = _TRAILING_ADDRESS = None


def from_address(text: str) -> tuple[str, int]:
    """``text`` (normalised) after its leading blanks and the address words an agent opens with
    (亲，/ 亲爱的 / 亲亲 / 您好 …, at most two), and before the one it closes with (…的哦亲), and how
    many characters were skipped at the start: a vocative changes nothing a message says, so
    亲爱的，是的 is read as 是的. Never the whole message; 亲 only before a separator (亲自、亲肤 are
    words), 您好 not before 像 (您好像 is "you seem"), a closing 亲 never the end of a kinship word
    (父亲, 相亲) and blanked, so the punctuation after it stays (不行亲!!)."""
    global _ADDRESS, _TRAILING_ADDRESS
    if _ADDRESS is None:
        import re
        _ADDRESS = re.compile(r"(?:(?:亲爱的|亲爱哒|亲们|亲亲)[\s,.!~:]*|亲[\s,.!~:]+|(?:您好|你好)(?![像吗么的])[\s,.!~:]*)")
        # not the 亲 of a kinship word (父亲, 相亲, 乡亲 …)
        _TRAILING_ADDRESS = re.compile(r"(?<=[\u4e00-\u9fff~!.,\s])(?<![父母双乡相探省血近表姻至养])"
                                       r"(?:亲爱的|亲爱哒|亲亲|亲|客官)(?=[\s,.!~]*$)")
    body, lead = from_words(text)
    for _ in range(2):
        found = _ADDRESS.match(body)
        if not found or found.end() == len(body):
            break
        body, lead = body[found.end():], lead + found.end()
    found = _TRAILING_ADDRESS.search(body, max(0, len(body) - 12))
    if found and found.start() > 0:      # blanked, length for length: what follows it (不行亲!!) stays
        body = (body[:found.start()] + " " * (found.end() - found.start()) + body[found.end():]).rstrip()
    return body, lead


_CUTE_DE = None


def plain_particle(text: str) -> str:
    """``text`` with the cute spelling 滴 of the particle 的 written 的 (是滴 / 可以滴 / 好滴哦 are
    是的 / 可以的 / 好的哦), length for length: the rules are written with 的. Only after a word and
    before a break, a particle or the end (一滴水, 水滴, 滴滴 stay)."""
    global _CUTE_DE
    if "滴" not in text:
        return text
    if _CUTE_DE is None:
        import re
        _CUTE_DE = re.compile(r"(?<=[\u4e00-\u9fff])(?<![一水雨油血泪点滴几半])滴(?=[\s,.!?~哦呢哈啦呀啊哟嘛亲]|$)")
    return _CUTE_DE.sub("的", text)


def normalise(text: str, fold_case: bool = True) -> str:
    """Return the normalised copy of ``text``; ``len`` is always unchanged."""
    if "#E-" in text or "#e-" in text:
        text = _blank_emoticons(text)
    table = translation_table(fold_case)
    if len(text) < 4096:
        return text.translate(table)
    changing = _changing(fold_case)
    sample = text[:4096]
    if len(changing.findall(sample)) * 50 > len(sample):    # dense (Traditional text): translate it all
        return text.translate(table)
    return changing.sub(lambda run: run.group().translate(table), text)


# HTML/XML tags, entities and a few IM markups ([b]…[/b]); replaced by blanks of the same
# length, so that `<b>不知道</b>` reads as 不知道 and spans still hold in the original.
_MARKUP = None


def strip_markup(text: str) -> str:
    """``text`` with markup blanked out (same length); a text without markup is returned as is."""
    global _MARKUP
    if "<" not in text and "&" not in text and "[" not in text:
        return text
    if _MARKUP is None:
        import re
        _MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s[^<>]{0,200})?/?>|&(?:[a-zA-Z]{2,8}|#[0-9]{1,6});"
                             r"|\[/?(?:b|i|u|color|size|font|url|img)(?:=[^\[\]]{0,40})?\]")
    return _MARKUP.sub(lambda m: " " * len(m.group()), text)


def _data_module() -> str:
    pairs = build_t2s_pairs()
    lines = [pairs[i:i + 80] for i in range(0, len(pairs), 80)]
    body = "\n".join(f'    "{line}"' for line in lines)
    return ('"""Traditional -> Simplified character pairs (``src dst src dst ...``), generated from\n'
            'OpenCC by ``python -m checker.normalize > checker/t2s_data.py``: building them at\n'
            'start-up cost about 0.05 s of every run. Do not edit by hand."""\n'
            f"PAIRS = (\n{body}\n)\n")


if __name__ == "__main__":
    import sys
    sys.stdout.write(_data_module())
