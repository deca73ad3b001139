"""The rewrites of eval/perturb.py: changes to a real chat line that a reviewer would not judge
differently. Each takes the line's text and returns the variant, or None when it does not apply
(or would read unnaturally: 明天吧哦). Agent-side rewrites change the labelled agent message;
customer-side ones (CUSTOMER_SIDE) the customer's last line before it, and every customer line of
a labelled session in `--sessions` mode."""
from __future__ import annotations

import re

_END = re.compile(r"[。.!！~～\s]*$")
_PARTICLE = re.compile(r"(的哦|的呢|的哈|的呀|的啦|哦|呢|哈|(?<!亲爱)哒|啦|呀|啊|哟|嘛)$")
_MODAL = re.compile(r"(?<=[^\s])(?<!亲爱)[哦呢哈哒啦呀啊哟嘛]$")      # one modal particle (的 stays: 我们应该的)
_SWAP = {"哦": "呢", "呢": "哦", "哈": "哦", "哒": "哦", "啦": "哦", "呀": "哦", "啊": "哦", "哟": "哦", "嘛": "哦",
         "的哦": "的呢", "的呢": "的哦", "的哈": "的哦", "的呀": "的哦", "的啦": "的哦"}
_ADDRESS = re.compile(r"^(亲爱的|亲亲|亲|您好)[，,。！!~～\s]*")
_QUESTION = re.compile(r"[?？吗么]\s*$")


def _first(text: str, swaps) -> str | None:
    for old, new in swaps:
        if old in text:
            return text.replace(old, new, 1)
    return None


def _tail(text: str) -> tuple[str, str]:
    """The text without its closing punctuation, and that punctuation."""
    end = _END.search(text)
    return text[:end.start()], text[end.start():]


def final_particle(text: str) -> str | None:
    body, punct = _tail(text)
    if not body or _QUESTION.search(body):
        return None
    found = _PARTICLE.search(body)
    if found:
        return body[:found.start()] + _SWAP[found.group(1)] + punct
    if re.search(r"[吧了亲爱哒a-z0-9\]]$", body):     # 明天吧哦, 亲爱哒哦, a product title: nobody writes these
        return None
    return body + "哦" + punct


def drop_particle(text: str) -> str | None:
    body, _ = _tail(text)
    found = _MODAL.search(body)
    return body[:found.start()] if found else None


def address_word(text: str) -> str | None:
    found = _ADDRESS.match(text)
    if found:
        return text[found.end():] or None
    return "亲爱的，" + text


def address_suffix(text: str) -> str | None:
    body, punct = _tail(text)
    if not body or _QUESTION.search(body) or body.endswith("亲"):
        return None
    return body + "亲" + punct


def emoticon(text: str) -> str | None:
    return text + "#E-s[数字x]"


def pronoun(text: str) -> str | None:
    return text.replace("您", "你") if "您" in text else None


def comma_space(text: str) -> str | None:
    if re.search(r"[，,]", text):
        return re.sub(r"\s*[，,]\s*", "  ", text)
    spaced = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "，", text)
    return spaced if spaced != text else None


def self_reference(text: str) -> str | None:
    return _first(text, (("小妹这边", "这边"), ("我们这边", "这边"), ("我这边", "这边"), ("这边", "我们这边"), ("小妹", "我")))


_SYNONYMS = (("没有办法", "没办法"), ("没办法", "没有办法"), ("不可以", "不能"), ("无法", "不能"), ("不能", "无法"),
             ("卖家", "商家"), ("商家", "卖家"), ("配送员", "快递员"), ("快递员", "配送员"), ("配送师傅", "快递小哥"),
             ("快递小哥", "配送师傅"), ("不支持", "不能支持"), ("不清楚", "不太清楚"))


def synonym(text: str) -> str | None:
    for old, new in _SYNONYMS:
        if old in text and not (old == "不能" and re.search("能不能|不能不", text)):
            return text.replace(old, new, 1)
    return None


_CUTE = (("好的", "好滴"), ("好滴", "好的"), ("好哒", "好的"), ("是的", "是滴"), ("是滴", "是的"), ("是哒", "是的"),
         ("可以的", "可以滴"), ("可以滴", "可以的"), ("可以哒", "可以的"), ("对的", "对滴"), ("对滴", "对的"), ("不会的", "不会滴"))


def cute_spelling(text: str) -> str | None:
    return _first(text, _CUTE)


def tilde(text: str) -> str | None:
    body, punct = _tail(text)
    return body + "~" if body and not _QUESTION.search(body) and punct.strip() in ("", "。", ".", "!", "！") else None


def nickname(text: str) -> str | None:
    return text.replace("小妹", "小美", 1) if "小妹" in text else None


def temporarily(text: str) -> str | None:
    found = re.search(r"(?<![暂目现时还能])(不支持|不能|无法|没办法|不可以)(?!不)", text)
    return text[:found.start()] + "暂时" + text[found.start():] if found else None


_REFERRAL = re.compile(r"(?<![帮为给替])(?<=您)((?:可以|需要|再次|直接|自行|先|再)?)(联系|咨询)")


def referral_verb(text: str) -> str | None:
    """您(可以)联系 X <-> 您(可以)咨询 X: the customer sent to ask a party (联系您 is another thing)."""
    found = _REFERRAL.search(text)
    if not found:
        return None
    verb = "咨询" if found.group(2) == "联系" else "联系"
    return text[:found.start(2)] + verb + text[found.end(2):]


def suggestion(text: str) -> str | None:
    return _first(text, (("建议您可以", "您可以"), ("建议您", "您可以"), ("您可以", "建议您"), ("还请您", "建议您"), ("麻烦您", "还请您")))


def guess_word(text: str) -> str | None:
    return _first(text, (("有可能", "估计"), ("可能性", "可能性"), ("可能", "估计"), ("估计", "可能"), ("好像", "可能")))


def question_particle(text: str) -> str | None:
    """The customer's yes/no question with 么 for 吗 (or 吗 for 么), as JD customers write both."""
    found = re.search(r"(吗|么)(?=[?？\s]*$)", text)
    if not found or (found.group(1) == "么" and re.search(r"[什怎那这多要]么[?？\s]*$", text)):
        return None
    return text[:found.start()] + ("么" if found.group(1) == "吗" else "吗") + text[found.end():]


def question_mark(text: str) -> str | None:
    """The customer's question with its question mark dropped, or one added to a question that has none."""
    if re.search(r"[?？]\s*$", text):
        return re.sub(r"[?？]+\s*$", "", text) or None
    return text + "?" if re.search(r"(吗|么|呢|不)\s*$", text) else None


def customer_hello(text: str) -> str | None:
    return None if re.match(r"\s*(你好|您好|在吗)", text) else "你好 " + text


def exclaim(text: str) -> str | None:
    """A statement of the customer's ended with ！ (not a question)."""
    return None if re.search(r"[?？吗么！!]\s*$", text) else re.sub(r"[。.~～\s]*$", "", text) + "！"


def trailing_a(text: str) -> str | None:
    """A statement of the customer's ended with the particle 啊."""
    return None if re.search(r"[?？吗么啊呢吧呀]\s*$", text) else re.sub(r"[。.!！~～\s]*$", "", text) + "啊"


def demonstrative(text: str) -> str | None:
    """这个 put before a short negative answer (不支持哦 → 这个不支持哦), or taken from its start."""
    if len(text) > 30:
        return None
    if re.match(r"这个(?=[不没无])", text):
        return text[2:]
    return "这个" + text if re.match(r"[不没无]", text) else None


def zai_typo(text: str) -> str | None:
    """The common typo 再 for 在 before a place (您可以在订单详情里看 → 您可以再订单详情里看), or its fix."""
    found = re.search(r"[在再](?=订单|页面|详情|商品|app|手机|京东|我的|后台|系统)", text)
    if not found:
        return None
    return text[:found.start()] + ("再" if found.group() == "在" else "在") + text[found.end():]


_CN_DIGITS = {"一": "1", "两": "2", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}


def number_form(text: str) -> str | None:
    """A count written the other way (三天 ↔ 3天), or JDDC's mask for a number ([数字x]) for Arabic digits."""
    found = re.search(r"(?<![0-9一-龥])([一两二三四五六七八九])(?=个?(?:天|小时|工作日|周))", text)
    if found:
        return text[:found.start()] + _CN_DIGITS[found.group(1)] + text[found.end():]
    found = re.search(r"(?<![0-9a-z\[])[0-9]{1,2}(?=个?(?:天|号|日|点|小时|工作日|周))", text)
    return text[:found.start()] + "[数字x]" + text[found.end():] if found else None


def current_adverb(text: str) -> str | None:
    """目前 put before a refusal word (不支持 → 目前不支持) that has no time or degree word before it."""
    found = re.search(r"(?<![暂目现时还能确也都真很就再实])(不支持|不能|无法|没办法|不可以|没有办法)(?!不)", text)
    return text[:found.start()] + "目前" + text[found.start():] if found else None


def copula(text: str) -> str | None:
    """是 before a bare negative verb phrase closed by 的 (不支持的哦 → 是不支持的哦), or taken away."""
    found = re.search(r"(?:^|(?<=[^一-龥])|(?<=这个|这边|亲亲))(?=(?:不|没有?|无法)[一-龥]{1,4}的(?:[哦呢哈呀啦亲]|[^一-龥]|$))", text)
    if found:
        return text[:found.start()] + "是" + text[found.start():]
    found = re.search(r"(?<=[这那边])是(?=(?:不|没有?|无法)[一-龥]{1,4}的)", text)
    return text[:found.start()] + text[found.end():] if found else None


_HALF = str.maketrans("，？！：；（）", ",?!:;()")


def half_width(text: str) -> str | None:
    """Full-width punctuation typed half-width (，→ , ？→ ?), as a phone keyboard or the export may give it."""
    changed = text.translate(_HALF)
    return changed if changed != text else None


def customer_please(text: str) -> str | None:
    """The customer's short question opened with 请问 (or without it)."""
    if re.match(r"\s*请问", text):
        return re.sub(r"^\s*请问[，,\s]*", "", text) or None
    if len(text) > 20 or not re.search(r"[?？吗么]\s*$", text) or re.match(r"\s*(你好|您好|在吗|亲|那|是|只|没|不|对|好|之前)", text):
        return None        # a follow-up (那怎么办呢, 只可以退?) or a statement: 请问 in front is not how anyone writes it
    return "请问" + text


CUSTOMER_SIDE = {"question_particle", "question_mark", "customer_hello", "exclaim", "trailing_a", "customer_please"}

REWRITES = {            # name: (what it does, in Chinese for the table, the rewrite)
    "final_particle": ("句末语气词换一个或补上「哦」", final_particle),
    "drop_particle": ("去掉句末语气词", drop_particle),
    "address_word": ("句首加上或去掉「亲爱的」", address_word),
    "address_suffix": ("句末加「亲」", address_suffix),
    "emoticon": ("句末加咚咚表情代码", emoticon),
    "pronoun": ("「您」改成「你」", pronoun),
    "comma_space": ("逗号与空格互换", comma_space),
    "self_reference": ("换一种自称（这边/我们这边/小妹）", self_reference),
    "synonym": ("换一个同义的拒绝词或对象词", synonym),
    "cute_spelling": ("好的/是的/可以的 写成 好滴/是滴/可以滴", cute_spelling),
    "tilde": ("句末标点换成「~」", tilde),
    "nickname": ("「小妹」换成客服的昵称「小美」", nickname),
    "temporarily": ("拒绝词前加「暂时」", temporarily),
    "referral_verb": ("联系/咨询/找 互换", referral_verb),
    "suggestion": ("建议您/您可以/还请您 互换", suggestion),
    "guess_word": ("可能/估计/好像 互换", guess_word),
    "demonstrative": ("否定的短答句首加上或去掉「这个」", demonstrative),
    "zai_typo": ("地点前的「在」写成「再」（常见笔误），或反过来", zai_typo),
    "number_form": ("数字换个写法（三天 / 3天 / [数字x]天）", number_form),
    "current_adverb": ("拒绝词前加「目前」", current_adverb),
    "copula": ("「不V的」前加上或去掉「是」", copula),
    "half_width": ("全角标点换成半角", half_width),
    "question_particle": ("顾客问句的「吗」与「么」互换", question_particle),
    "question_mark": ("顾客问句去掉或补上问号", question_mark),
    "customer_hello": ("顾客那句前加「你好」", customer_hello),
    "exclaim": ("顾客的陈述句末换成「！」", exclaim),
    "trailing_a": ("顾客的陈述句末加「啊」", trailing_a),
    "customer_please": ("顾客问句前加上或去掉「请问」", customer_please),
}
