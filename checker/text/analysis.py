"""One agent message, analysed once, lazily: clauses, words, scope, the customer's acts.

``Analysis.facts(start, end)`` gives the facts about one hit that rule options test
(they are posted to durable-rules with the hit, and the rule's conditions decide):

  negated      a negator (不用/不是/不会/别 …) stands just before it in its clause
  conditional  it is inside 如果/要是/万一 … or …的话
  head         only fillers (亲, 这个, 我们这边, 也, 真的 …) stand before it in its clause
  request      the customer's open round asks or requests something (or the chat starts
               with the agent, mid-conversation, so the question is not in the file)
  how_to       the customer's open round asks how or where to look something up or do a
               step (在哪里看物流, 价保怎么申请): a pointer to the page answers it
  remedied     the agent's answer carries an apology, a reason, an alternative or a next
               step elsewhere in the message (quick-reply templates linted together are
               not one answer)
  followed     the agent's following messages of the same turn, before the customer
               speaks again, carry one (a reason given only after the customer replied
               rescues nothing); stock closings (还有什么可以帮您的吗) carry none
  explained    another clause of the message says something of substance (a case reason,
               a fact) and is neither a refusal, a non-reason (就是这样) nor a push-away
  word         it starts and ends on word boundaries (jieba, policies/dictionary.txt)
"""
from __future__ import annotations

from dataclasses import dataclass

from . import acts
from .clauses import clause_of, is_conditional, is_head, is_negated, split_clauses
from .courtesy import STOCK_CLOSING, TIP_LABEL, without_farewells
from .frame import banner_clauses, banner_qualifier, is_template
from .lexicon import (ATTRIBUTE_TOPIC, HANDLING_TOPIC, CONTRAST_LEAD, BARE_YES, PRIOR_LIMIT, CASE_WORD, DEMONSTRATIVE_TOPIC, NO_ACCESS, OWN_ACTION, RUN_ON_BREAK, RUN_ON_INSTRUCTION, PUSH_AWAY, REQUESTED_SERVICE, CJK, COURTESY, DE_TOPIC, ECHO_MIN, EXPLANATION_MIN, FUTILE, GRANT_TO_YOU, GRANTED_BARE, GRANTED_PART, TIME_TOPIC,
                      IN_CLAUSE_REASON, LOOKUP_NOTE, NOT_AN_EXPLANATION, PRODUCT_CODE, REFUSAL_WORD, REFUSED_HELP,
                      REMEDY, STATE_REACHED, NOT_A_TITLE, TITLE_BREAK, PROMO_LINE, PRICE_TOPIC, BROWSE_ELSEWHERE, FOR_NOW_TAIL)

FACTS = ("negated", "conditional", "head", "request", "how_to", "remedied", "explained", "followed", "word")


@dataclass(frozen=True)
class TurnContext:
    """What surrounds one agent message in its chat (all normalised, lower case)."""
    round_text: str = ""          # the customer's open round, one message a line
    next_text: str = ""           # the agent's following messages of the same turn
    mid_start: bool = True        # no customer message precedes: the chat starts mid-way
    prev_text: str = ""           # the agent's last message before the customer's open round


GRANT_VERBS = "改换退开送补寄发"   # a granted part led by one of these is the customer's own request


class Analysis:
    def __init__(self, text: str, context: TurnContext, dictionary=None):
        self.text = text
        self.context = context
        self.dictionary = dictionary
        self._clauses = None
        self.bounds = None          # word boundaries (the segmenter's), on first use; text-only, may be given
        self._request = None
        self._banners: dict[int, frozenset] = {}

    def banners(self, answer: int) -> frozenset:
        """The clauses of a welcome template that are its banner around the answer at ``answer``
        (checker/text/frame.py); none when the message is no template. Read by both `remedied`
        and `explained`, so worked out once per answer."""
        if answer not in self._banners:
            self._banners[answer] = (frozenset(banner_clauses(self.text, self.clauses, self.context.round_text, answer))
                                     if is_template(self.text) else frozenset())
        return self._banners[answer]

    @property
    def clauses(self) -> list[tuple[int, int]]:
        if self._clauses is None:
            self._clauses = split_clauses(self.text)
        return self._clauses

    @property
    def request(self) -> bool:
        if self._request is None:
            ctx = self.context
            self._request = ctx.mid_start and not ctx.round_text or acts.asks(ctx.round_text)
        return self._request

    def whole_word(self, start: int, end: int) -> bool:
        if self.bounds is None:
            from .segment import boundaries
            self.bounds = boundaries(self.text, self.dictionary)
        return start in self.bounds and end in self.bounds

    def remedied(self, start: int, end: int) -> bool:
        refused = REFUSED_HELP.match(self.text, end)       # 无法帮您取消: the help is what is refused
        after = refused.end() if refused else end
        head = self._without_granted_parts(start)
        own = clause_of(self.clauses, start, end)
        topic = self.text[own[0]:start].strip(" 是的也都就话")
        if len(topic) >= ECHO_MIN and topic in self.context.round_text:
            head = head[:own[0]]   # 补发是不可以的: the topic is the customer's own request, no remedy
        lead = CONTRAST_LEAD.match(self.text, own[0], start)
        if lead:                   # 好的 不过改不了哦: the 不过 introduces the refusal itself
            head = head[:lead.start()] + " " * (lead.end() - lead.start()) + head[lead.end():]
        for s, e in self.banners(start):   # 尺码拿不准可以报身高体重给小妹推荐哦: the banner's standing offer to everyone
            if e <= len(head):
                head = head[:s] + " " * (e - s) + head[e:]
        tail = self.text[after:]
        tip = TIP_LABEL.search(tail)
        if tip:                    # 温馨提示：建议一次买足 … is the template's standing advice, no remedy
            tail = tail[:tip.start()]
        if not NO_ACCESS.search(self.text, start, end):
            tail = self._without_push_away(tail)
        rest = head + "|" + tail
        # a stock closing merged into the message (请问还有其他可以帮您的吗) carries no remedy
        return bool(REMEDY.search(self._quiet(rest)))

    def _quiet(self, text: str) -> str:
        """``text`` without stock closings and, unless the customer asked about the price, without the shop's
        promotion lines merged into a template (店铺上新满199减30, 关注店铺领券更划算): neither answers the request."""
        text = BROWSE_ELSEWHERE.sub(" ", STOCK_CLOSING.sub(" ", text))     # 您看看别的款吧: a brush-off, no alternative
        return text if PRICE_TOPIC.search(self.context.round_text) else PROMO_LINE.sub(" ", text)

    @staticmethod
    def _without_push_away(text: str) -> str:
        """``text`` with the clauses that send the customer to another party blanked (您到时候
        自己跟配送员说一下): a push-away is no alternative, unless the agent acts in it (帮您联系站点)."""
        for s, e in split_clauses(text):
            clause = text[s:e]
            if PUSH_AWAY.search(clause) and not OWN_ACTION.search(clause):
                text = text[:s] + " " * (e - s) + text[e:]
        return text

    def _without_granted_parts(self, start: int) -> str:
        """The message before the refusal with the clauses that grant another part of the
        customer's request blanked (电话可以帮您改 / 地址的话不行: the grant is no remedy)."""
        head = self.text[:start]
        for s, e in self.clauses:
            if e > start:
                break
            if self.granted(s, e):
                head = head[:s] + " " * (e - s) + head[e:]
        return head

    def granted(self, s: int, e: int) -> bool:
        """The clause [s, e) grants a part the customer asked for (电话可以帮您改)."""
        grant = GRANTED_PART.fullmatch(self.text, s, e)
        if not grant:
            # said with the bare verb, it grants a part when the same verb is refused next (商品退 运费不退)
            # or when it names what the customer asked for (43码给您换 to 换43码吧) or grants the very verb
            # the customer asked for (颜色给您换 to 红色换成白色的 运费你们出吗), never a time (今天发)
            bare = GRANTED_BARE.fullmatch(self.text, s, e)
            if not bare:
                return False
            topic, round_text = bare.group("topic"), self.context.round_text
            return ("不" + bare.group("verb") in self.text[e:]
                    or (not TIME_TOPIC.search(topic)
                        and ((len(topic) >= 2 and topic in round_text)
                             or (bare.group("verb") in round_text and GRANT_TO_YOU.search(bare.group(0))))))
        topic = grant.group("topic")
        # 这个可以改 / 这单可以退: a demonstrative points at a part the customer asked about;
        # 换款可以 to 能换个款吗, 钱包换黑色可以 to 钱包我要换黑色的: the topic's words said back, up to six
        # 换色可以 to 想换黑柄的: paraphrased, but its verb and half its words are the customer's
        round_text = self.context.round_text
        shared = sum(ch in round_text for ch in topic)
        # 币可以换 to 我要换个品相好的: the very verb the customer asked for, granted
        verb = grant.group("verb")
        return (topic in round_text or bool(DEMONSTRATIVE_TOPIC.fullmatch(topic)) or bool(verb and verb in round_text)
                or (2 <= len(topic) <= 6 and (shared == len(topic) or (topic[0] in round_text and 2 * shared >= len(topic))))
                # 换柜机可以 to 改成…一台柜机: another verb, but the object the customer named
                or (3 <= len(topic) <= 6 and topic[-2:] in round_text and 2 * shared >= len(topic))
                # 改项目可以 to 足疗改成肩颈可以吗: the part granted is led by the customer's own verb
                or (len(topic) >= 2 and topic[0] in GRANT_VERBS and topic[0] in round_text))

    def flat_opening(self, clause, start: int, end: int) -> bool:
        """The refusal is a whole clause by itself (不行， / 没办法，) and opens the message
        (only courtesies before it): the textbook flat refusal, which no explanation after
        it rescues."""
        from .clauses import strip_fillers
        if strip_fillers(self.text[clause[0]:start]):
            return False
        for s, e in self.clauses:
            if (s, e) == clause:
                break
            if len(CJK.findall(COURTESY.sub("", self.text[s:e]))) > 0:
                return False
        # curt: the bare word, not softened by a particle (不行， / 没办法，, not 不可以的呢)
        return bool(REFUSAL_WORD.fullmatch(self.text[start:clause[1]].strip()))

    def explained(self, start: int, end: int | None = None) -> bool:
        """Another clause of the message says something of substance (a case reason, a
        fact, what happens next) and is not itself a refusal: the answer is not bare. A case
        word inside the hit itself (我们不做定制的: 定制 is what is refused) is no reason."""
        if BARE_YES.fullmatch(self.text) and PRIOR_LIMIT.search(self.context.prev_text):
            return True            # 是的 to 不能…是吗, the agent's previous turn already said why (GUIDE)
        own = clause_of(self.clauses, start, start)
        hit_end = start if end is None else end      # a hit across clauses (建议您 以…为准) explains nothing itself
        end = start if end is None else max(start, min(end, own[1]))
        if self.flat_opening(own, start, own[1]):
            return False
        from .clauses import strip_fillers
        prefix = FOR_NOW_TAIL.sub("", strip_fillers(self.text[own[0]:start]))
        if (prefix and IN_CLAUSE_REASON.search(prefix) and not self.bare_topic(prefix)) \
                or self._case_reason(own[0], start) or self._case_reason(end, own[1]):
            return True            # 拆封之后是不支持的 / 偏僻的就送不了 / 跨市修改不支持
        tip = TIP_LABEL.search(self.text, own[1])   # 温馨提示: the template's tips after the refusal explain nothing
        framed = is_template(self.text)
        if framed and (banner_qualifier(self.text, self.clauses, own) or TIP_LABEL.search(self.text, 0, start)):
            return True            # 具体以页面显示为准 after a banner line, 温馨提示：…不支持7天无理由: the template's own print
        banner = self.banners(start)
        for s, e in self.clauses:
            if (s, e) == own or start < s < hit_end or (tip and e > tip.start()) \
                    or "/" in (self.text[e:e + 1], self.text[s - 1:s]):
                continue           # a template's tips, or a banner's list (本店瓷砖/卫浴/灯具均为正品): no reason
            clause = self.text[s:e]
            if (s, e) in banner:
                continue           # 京东仓发货 / 支持专柜验货 around the answer of a welcome template: the shop's banner
            if NOT_AN_EXPLANATION.search(clause) or self.granted(s, e) or self.in_title(s, e) \
                    or (PUSH_AWAY.search(clause) and not OWN_ACTION.search(clause)
                        and not NO_ACCESS.search(self.text, start, end)):
                continue           # another refusal, another part granted, a product title, a push-away
            clause = LOOKUP_NOTE.sub("", self._quiet(clause))   # courtesies, promotion lines and 查到您的订单了
            if len(CJK.findall(COURTESY.sub("", clause))) >= EXPLANATION_MIN or STATE_REACHED.search(clause):
                return True
        return self._run_on_explains(end, own[1])

    def _run_on_explains(self, end: int, stop: int) -> bool:
        """ECD style: the refusal's clause runs on after a particle with no comma (开不了哦亲小店是
        个人店铺没有开票资质); what follows the particle is read like another clause."""
        brk = RUN_ON_BREAK.match(self.text, end)
        if not brk or brk.end() <= end or brk.end() >= stop:
            return False
        rest = self.text[brk.end():stop]
        if RUN_ON_INSTRUCTION.match(rest) or NOT_AN_EXPLANATION.search(rest) or (PUSH_AWAY.search(rest) and not OWN_ACTION.search(rest)):
            return False
        rest = LOOKUP_NOTE.sub("", self._quiet(rest))
        return len(CJK.findall(COURTESY.sub("", rest))) >= EXPLANATION_MIN

    def _case_reason(self, s: int, e: int) -> bool:
        """A case word in [s, e) that gives a reason: not a service the customer asked for and the
        agent only names again (以旧换新是不支持的 to 能以旧换新吗)."""
        for match in CASE_WORD.finditer(self.text, s, e):
            word = match.group()
            if REQUESTED_SERVICE.fullmatch(word) and word in self.context.round_text:
                continue
            return True
        return False

    def in_title(self, s: int, e: int) -> bool:
        """The clause [s, e) is part of a pasted product title: it has no particle and lies
        between a model code (VAR-PB[数字x]) and the next punctuation, or before [商品快照]."""
        if NOT_A_TITLE.search(self.text, s, e):
            return False
        for code in PRODUCT_CODE.finditer(self.text):
            if code.start() <= s and e <= code.end():
                return True        # the model code or the [商品快照] mark itself
            if code.group() == "[商品快照]":
                if e <= code.start() and not TITLE_BREAK.search(self.text, e, code.start()):
                    return True
            elif code.start() <= s and not TITLE_BREAK.search(self.text, code.end(), s):
                return True
        return False

    def bare_topic(self, prefix: str) -> bool:
        """The words before the refusal are only a futile action conceded (备注了也, 催了也) or a topic
        with 的 that names what is refused (L码的, 纸质的, 黑色的): an attribute of the item, or the
        customer's own words said back. A topic
        that brings a category or a state of its own (电子的, 已经拆封的, 偏僻的就) is a reason."""
        if FUTILE.search(prefix):
            return True            # 备注了也不管用: what the customer would do, conceded, is no reason
        match = DE_TOPIC.search(prefix)
        if not match:
            return False
        topic = prefix[:match.start()]
        if ATTRIBUTE_TOPIC.search(prefix) or HANDLING_TOPIC.search(prefix):
            return True
        tail = topic[-ECHO_MIN:] if len(topic) >= ECHO_MIN else topic + "的"     # 新的 said back
        return len(tail) >= ECHO_MIN and tail in self.context.round_text

    def followed(self) -> bool:
        """The agent's following messages of the same turn (before the customer speaks
        again) carry an apology, a reason, an alternative or a next step: a remedy word, or
        a clause of substance that is not itself a refusal. Stock closings (请问还有其他可以帮您
        的吗) and address terms carry none."""
        text = self._quiet(without_farewells(self.context.next_text))   # closings and farewell templates rescue nothing
        if not text.strip():
            return False
        if REMEDY.search(text):
            return True
        for s, e in split_clauses(text):
            clause = text[s:e]
            if NOT_AN_EXPLANATION.search(clause) or self.granted(s, e):
                continue           # another refusal, or another part granted, explains nothing
            if len(CJK.findall(COURTESY.sub("", clause))) >= EXPLANATION_MIN:
                return True
        return False

    def facts(self, start: int, end: int, wanted: frozenset[str] = frozenset(FACTS)) -> dict:
        clause = clause_of(self.clauses, start, end)
        out = {}
        if "negated" in wanted:
            out["negated"] = is_negated(self.text, clause, start)
        if "conditional" in wanted:
            out["conditional"] = is_conditional(self.text, self.clauses, clause, start, end)
        if "head" in wanted:
            out["head"] = is_head(self.text, clause, start)
        if "request" in wanted:
            out["request"] = self.request
        if "how_to" in wanted:
            out["how_to"] = acts.asks_how_to(self.context.round_text)
        if "remedied" in wanted:
            out["remedied"] = self.remedied(start, end)
        if "explained" in wanted:
            out["explained"] = self.explained(start, end)
        if "followed" in wanted:
            out["followed"] = self.followed()
        if "word" in wanted:
            out["word"] = self.whole_word(start, end)
        return out
