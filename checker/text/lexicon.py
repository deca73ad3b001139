"""Closed word classes the analysis layer reads a message with.

These are the grammar of the layer (negators, conditionals, fillers, question and
request markers, remedies), not norms: a rule chooses which facts it needs, these
classes decide the facts. Regexes here are written for the normalised, lower-case text
and are free of nested or ambiguous repetition (linear time).
"""
from __future__ import annotations

import re

from .parties import DECIDER, PARTY     # the %party% and %decider% grammars (their own module: they grow with every trade)
from .parts import PART       # the %part% grammar (the same reason)
from .grammars import rule_grammars
from .pronoun import any_pronoun



class _Lazy:
    """A pattern compiled on first use: compiling all of them at import cost about 30 ms of
    every start, most of it for commands that never read a message. After the first use
    each method is a plain instance attribute (no per-call indirection). Compiled with
    ``re`` (whose compiled code checker/regex_cache.py keeps between runs: the ``regex``
    module took 0.16 s of every start compiling these), ``regex`` only for a pattern ``re``
    cannot read."""

    def __init__(self, pattern: str, flags: int = 0):
        self._args = (pattern, flags)

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        pattern = any_pronoun(self._args[0])       # 您 reads 你 too, as in the rules' own patterns
        try:
            compiled = re.compile(pattern, self._args[1])
        except re.error:
            import regex
            compiled = regex.compile(pattern, self._args[1])
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value

    def __reduce__(self):
        return (_Lazy, self._args)

# Clause boundaries: punctuation and whitespace of the normalised text.
CLAUSE_BREAK = _Lazy(r'[\s,.!?;:~、。…"“”()\[\]【】<>|/，！？；：～]+')
SENTENCE_BREAK = _Lazy(r"[.!?。…\n！？]+")

# Words that may stand before the head word of a clause without making it less of a head:
# address terms, demonstratives, the agent speaking of itself, adverbs of degree.
FILLERS = tuple(sorted("""
亲爱的 亲 客官 宝宝 宝贝 您好 你好 嗯 哦 噢 额 呃 啊 好的 是的
那个 那样 那 这个 这样 这种 这 这里 这块 这款 这单 这边 那边 咱们
现在 目前 暂时 暂 还 也 都 就 是 真的 真 确实 肯定 实在 一直 本来 其实 具体 而且 但是 但 可是 不过
我们 我 小妹 小二 妹子 妹纸 客服 本店 小店 京东 系统 商家 的 呢 哈 哟 呀
""".split(), key=len, reverse=True))
# The leading run of fillers, matched as strip_fillers' loop reads it: at each place the
# first (longest) filler that is there, possessively (no step back).
LEADING_FILLERS = _Lazy("(?:" + "|".join(re.escape(word) for word in FILLERS) + ")*+")

# A negator that takes scope over what follows it in its clause.
NEGATOR = _Lazy(r"(?:不用(?!了)|不需要|无需|不必|不要|(?<![特区分类告性级识个辨差鉴])别(?![人的家处样墅致扭])|不是|并不是|并非|不会|没有说|没说|不存在|从不|从来不|没让)")
NEGATOR_ADJACENT = _Lazy(r"(?:没有?|并非|不是|(?<![这那岂可])不)$")   # 没有不可以, 不是不能; 洗不起球 (not the rhetorical 这不…嘛)
NEGATION_REACH = 6            # characters a negator may stand before the words it negates

CONDITIONAL_OPEN = _Lazy(r"如果|要是|假如|假设|若是|倘若|如若|万一|一旦|只要|(?<![倘假如])若(?=[^\s])")
CONDITIONAL_CLOSE = _Lazy(r"的话|(?<![小按准及同暂临当有随那平定超零整])时候?(?=[,.!?]|$)")   # not 两个小时, 按时, 及时, 当时 …

# The customer's round: is it a question or a request?
QUESTION = _Lazy(
    r"\?|吗|么|嘛|呢$|多久|几天|几号|几点|哪天|什么时候|啥时候|能不能|可不可以|可以不|行不行|是不是|有没有|会不会|"
    r"要不要|多少|怎么|为什么|为啥|哪|啥|什么|能否|可否|是否")
# The customer asks how or where to look something up or do a step (在哪里看物流, 价保怎么申请): pointing to the
# page or the menu is then the answer itself, not a dodge (怎么用 this coupon: where to choose it). 怎么查不到 asks why, not how.
HOW_TO = _Lazy(
    r"(?:怎么|怎样|如何|咋|在哪|哪里|哪儿|什么地方|哪个地方|从哪)(?:里|儿)?(?:才)?(?:能|可以|去|来)?"
    r"(?:查看|查询|查|看|找|申请|操作|提交|领取|领|修改|取消|使用|用|兑换|绑定)(?![不没])")
REQUEST = _Lazy(
    r"请|麻烦|帮我|给我|帮忙|我要|我想|想要|(?:想|要|能|可以|得)(?:退|换|改|取消|开|修|寄|送|发|补|便宜)|我需要|需要|希望|要求|申请|退货|退款|换货|换一|更换|取消|修改|改一下|改成|"
    r"开发票|开票|发票|补发|价保|保价|催|加急|拦截|退回|退了|换了|赔|补偿|便宜|优惠|发货|送货|快点|尽快")

# Sentence-final particles, standard and regional (嘞, 咯, 噻, 撒, 捏, 哇 …) and the sighs 哎/诶/唉 typed at a line's end: %prt% is one of them,
# %prtc% the same characters for use inside a character class ([的了%prtc%]).
PARTICLE_CHARS = "哦呢哈啊呀哟喔啦吧嘛滴哒嘞咯噻撒捏哇唷呐哩噢呗啵嗷哎诶唉"
# 地址变化大不, 这样行不: a line-final A-not-A question with its second half clipped (大不大 → 大不), asking, not refusing
_A_NOT_A = "[大小多少远近行好对要能是有会够贵快慢急]"
CLIPPED_QUESTION = r"(?<=" + _A_NOT_A + r")不" + _A_NOT_A + r"?[" + PARTICLE_CHARS + r"]?[\s.!~?]*$"
# The agent asks the customer back (and so leaves the customer's round open): a clause that
# ends as a question (?, 吗, 么, 嘛, 呢 after a question word, a clipped 大不) or opens with 请问. A
# statement that merely contains 是否/可否 (您看一下是否在余额里呢) answers the round.
ASKS_BACK = _Lazy(
    r"\?|(?:吗|么|嘛)(?=[\s,.!~。，！～]|$)|请问|" + CLIPPED_QUESTION + "|"
    r"(?:什么|哪|多少|几|怎么|为什么|是不是|有没有|能不能|可不可以|要不要|会不会)[^,.!?~\s]{0,12}呢(?=[\s,.!~。，！～]|$)")

# A round made only of these is no question or request (closing courtesies, acknowledgements).
ACKNOWLEDGEMENT = _Lazy(
    r"(?:好的|好吧|好|嗯嗯|嗯|哦哦|哦|噢|谢谢你|谢谢您|谢谢|多谢|感谢|ok|okay|知道了|明白了|了解了|收到|行吧|行|可以|没了|没有了|没事了|"
    r"再见|拜拜|晚安|辛苦了|辛苦|麻烦了|亲|呢|啊|呀|哈|啦|的|了|[\s,.!?~。，！？～]|\[[^\[\]]{0,12}\])+")

# Looking it up oneself (关注/参考/查看/看一下 …): suggested to the customer, it is neither a remedy nor a next step
# (REMEDY below, hedge-probably's "a guess, then a suggestion" exception via %look_up%).
LOOK_UP = r"(?:关注|留意|参考|查看|看一下|看下|看看)"

# What turns a refusal into a helpful answer: an apology, a reason, an alternative or a
# next step (said in the same message or in the agent's next messages of the turn). 您看 opens a
# suggestion (您看这款行吗); 您看下哈 said with no object points the customer at the page, no remedy, and so does
# 建议您以支付页面为准 / 建议您参考下 / 建议您关注… and 您可以关注活动规则 / 也可以看一下评价: a suggestion to look it
# up oneself is no alternative, nor is 建议您放心穿着 (reassurance). 领一张券 offers a coupon; 您领取的优惠券 /
# 您已领取的券 only names the customer's own.
REMEDY = _Lazy(
    r"抱歉|不好意思|对不起|遗憾|谅解|见谅|给您添麻烦|"
    r"因为|由于|(?<!什么)(?<!啥)(?<=[\u4e00-\u9fff]{2})原因|原因(?:是|在于|主要|可能)|所以|根据|按照|为了|属于|规定是|一般|正常|通常|默认|只有|除非|仅|只能|只支持|只可以|其实|不过|"
    r"(?<![不没])(?:可以|能够)(?!(?:在|再|去)?" + LOOK_UP + r"|(?:登录|点开|打开|进入)[^,.!?~\s]{0,12}?(?:查看|查询|看))|您看(?!(?:下|一下|看)(?:哈|呢|吧|哦|啊)?(?:[\s,.!?~]|$))|建议(?!(?:您|你)?(?:可以)?(?:以|放心|" + LOOK_UP + r"))|或者|换成|改成|(?:可以|能|去|再|重新|您|请|直接)申请|申请(?:一下|下|售后|退货|退款|换货|维修|理赔)|帮您|为您|给您|替您|帮你|为你|会为|我们会|我这边会|"
    r"预计[^,.!?]{0,3}(?:[0-9一二三两七]|\[数字x\]|今天|明天|后天|周|下周)|稍后|马上|尽快|核实|(?<![您你])反馈(?!的)|催促|跟进|(?<!不能)(?<!无法)(?<!不可以)(?<![不没])补发|重新|再次|再下单|再拍|回复您|告诉您|通知您|"
    r"会(?:再|提前|第一时间)?(?:联系|通知|回复|告知|回电|打电话给?)您|后期|"
    r"(?:还|再|加|额外|另外)送(?:您|你|亲)|加送|赠送(?:您|你|亲)|(?<![^帮给替为][您你])(?<!^[您你])(?<!已)领(?:取)?(?:了)?(?!的|过)(?:一张|个|张)?(?:[^,.!?~\s]{0,4})?(?:券|红包)|满[0-9一二三四五六七八九十百千两]+(?:元|块)?减|满(?:\[数字x\])+(?:元|块)?减|"
    r"您(?:是|看|要|需要|想|方便)[^,.!?~\s]{0,12}(?:吗|么|\?)")

# A contrast word that opens the refusal's own clause (好的呢 不过改不了哦, 但是这个退不了): it leads
# into the refusal, it does not bring an alternative of its own.
CONTRAST_LEAD = _Lazy(r"\s*(?:不过|但是|可是|只是|但)(?:呢|的话)?\s*(?:亲)?")

# A shop's promotion line merged into a template (店铺上新满199减30, 关注店铺领券更划算): an alternative only when the
# customer's round is about the price; otherwise template noise that rescues or explains no refusal.
_SLOGAN = (r"送装一体|全国联保|正品保障|正品行货|官方正品|品质保障|[七7]天无理由(?:退换?货?)?|极速达|次日达|当日达|211限时达|"
           r"以旧换新|分期免息|免息分期|免费安装|包安装|全国包邮|顺丰包邮|包邮|假一赔[十三]|闪电退款|上门取件|只换不修|延保服务")
PROMO_LINE = _Lazy(r"(?:店铺|本店|小店|全店)(?:上新|新品|新款|活动|大促|周年庆)[^,.!?~\s]{0,16}|关注(?:店铺|本店|小店)[^,.!?~\s]{0,12}|"
                   r"(?:新品|新款|爆款)(?:上市|上架|首发)[^,.!?~\s]{0,12}|(?:(?:本店|店铺|全店|小店)?(?:618|双十一|双11|双12|年货节|大促)?)全场[^,.!?~\s]{0,4}(?:折|减|包邮|特惠|优惠)[^,.!?~\s]{0,6}|"
                   r"(?:领券|领取优惠券|领个券)[^,.!?~\s]{0,4}更(?:划算|优惠|实惠|省钱)|"
                   # 满299减30 standing alone, 每月8号会员日积分双倍: the template's campaign lines
                   r"(?<![一-龥])满(?:[0-9]+|\[数字x\])(?:元)?减(?:[0-9]+|\[数字x\])(?:元)?(?![一-龥])|(?:本店|店铺|小店)?(?:每月|每周)[^,.!?~\s]{0,6}会员日[^,.!?~\s]{0,10}|"
                   r"(?:京东)?(?:618|双十一|双11|双12|年货节|年中大促|年终大促|大促)[^,.!?~\s]{0,8}?(?:火热进行中|进行中|开始了|来啦|来了)|"
                   r"(?:店铺|本店|全店|小店|新品上新|上新|新品|全场)满(?:[0-9]+|\[数字x\])(?:元)?减(?:[0-9]+|\[数字x\])(?:元)?(?:的)?(?:活动|优惠)?(?:正在)?(?:火热)?(?:进行中|开始啦|开始了|来啦|来了)?|"
                   # the 【温馨提示】 label that introduces such a line, a presale's terms (定金50抵100, 尾款…开始支付)
                   r"【?温馨提示】?|(?:双11|双十一|618)?(?:预售)?定金(?:[0-9]+|\[数字x\]|\[金额x\])(?:元)?(?:抵|当|膨胀)(?:[0-9]+|\[数字x\]|\[金额x\])(?:元)?|尾款[^,.!?~\s]{0,14}(?:开始)?(?:支付|付款)|(?:[0-9]{1,2}|\[数字x\])点(?:准时)?开(?:始|抢)(?:支付|付款|付尾款)?|"
                   # a banner's boasts (本店所有商品均为正品行货, 本店手机耳机均为品牌授权正品, 支持开具电子发票, plus会员专享95折)
                   r"(?:本店|小店|全店)?(?:所有)?[^,.!?~\s]{0,24}?均为(?:品牌|官方)?(?:授权)?(?:的)?(?:正品(?:行货)?|(?:正规)?渠道)|大件送货上门|贵重商品全程保价|全程保价|需本人签收[哦呢~]*|京东物流发货|京东物流配送|京东仓发货|安装由[^,.!?~\s]{0,10}(?:上门|负责|提供)[哦呢哈~]*|(?:本店|小店|全店)?(?:所有)?商品均为(?:海外|原装|进口|产地)?(?:直采|直供|直邮|进口)[^,.!?~\s]{0,6}|(?:保税仓|海外直邮)(?:[/、\s或]{0,2}(?:保税仓|海外直邮))*发货|(?<![一-龥])(?:保税仓|海外直邮)(?![一-龥])|下单(?:时)?请填写[^,.!?~\s]{0,24}|(?:本店|小店|全店)[^,.!?~\s]{0,8}?均(?:支持|可|享|包)[^,.!?~\s]{0,16}|支持开具(?:电子|增值税)?(?:普通)?发票|plus会员专享(?:[0-9.]+折|价)|"
                   # the shop's service slogans standing alone (送装一体 全国联保 正品保障): a banner, no answer
                   r"(?<![^\s、，,/|~!.。】])(?:支持)?(?:%(slogan)s)(?:服务)?(?:[（(][^）)]{0,10}[）)])?(?:[\s、，,/|]{1,2}(?:支持)?(?:%(slogan)s)(?:服务)?(?:[（(][^）)]{0,10}[）)])?)*(?=[\s、，,/|~!.。【]|$)|"
                   # 本店商品均由京东物流配送: the banner's delivery boast; (特殊商品除外): its generic caveat
                   r"(?:本店)?(?:所有)?商品均由[^,.!?~\s]{0,8}(?:配送|发货)|(?<![一-龥])特殊商品除外(?![一-龥])" % {"slogan": _SLOGAN})
# ... and "have a look at other items" after a refusal (您看看别的款吧, 再逛逛别家吧) is a brush-off, no alternative (GUIDE).
BROWSE_ELSEWHERE = _Lazy(r"(?:您|你|亲)?(?:再|可以)?(?:看看|瞧瞧|逛逛)别(?:的|家)[一-龥]{0,2}(?:吧|呗|哦|哈)?")
# money asked back (能退点钱吗, 钱什么时候退) is a refund, not the price
PRICE_TOPIC = _Lazy(r"便宜|优惠|价|券|减|贵|折|(?<!退)(?<!退点)(?<!退些)(?<!赔)(?<!赔点)钱(?![^,.!?~\s]{0,4}退)|划算|活动|赠|送个|送点|满")

# A product title pasted into the message (JDDC: 请问是这个商品吗 + the title, or "… [商品快照]"): a model
# code starts one, and its clauses are nouns without particles; they explain no refusal.
PRODUCT_CODE = _Lazy(r"(?<![a-z])(?:[a-z]{3,}|[a-z]{2,}[-_][a-z]+|[a-z]{2,}[-_])(?:[0-9]+|\[数字x\])|\[商品快照\]")   # not a waybill (va[数字x])
TITLE_BREAK = _Lazy(r"[,.!?;。，！？；\n]")
NOT_A_TITLE = _Lazy(r"[的了是吗呢哦您我你吧啊呀哈嘛么请]|因为|所以|可以|不能|能够|需要|已经|会")

# The agent saying it has looked the order up (您的订单已经查到了呢, 我这边看到您的订单了): no reason.
LOOKUP_NOTE = _Lazy(
    r"(?:我|小妹|妹子|这边)?(?:这边)?(?:已经|已)?(?:帮您|为您)?(?:查到|看到|查询到|找到|看了|查了|查看了?)(?:一下|下)?(?:了)?(?:您的?|这个)?(?:订单|包裹)?(?:\[订单x\])?(?:了)?|"
    r"(?:您的?)?(?:订单|包裹)(?:\[订单x\])?(?:已经|已)?(?:查到|看到|找到)了?|"
    r"经(?:过)?(?:核查|核实|查询|查证|审核|核对)")

# A clause that grants one part of the customer's request (电话可以帮您改, 抬头可以改的): when its
# topic is something the customer asked for, its 可以/帮您 is no remedy for the part refused next.
GRANTED_PART = _Lazy(r"(?P<topic>[0-9a-z一-龥]{1,6}?)(?:是|都|也)?(?:可以|能|没问题|没有问题|行)(?:的|帮您|给您|为您)?"
                     r"(?P<verb>改|修改|更改|开|换|退|送|补|寄|发|更换|开具|备注|加|办|装)?(?:的)?[哦呢哈啊呀]*")
# ... or said with the bare verb (商品退 运费不退的: the goods are refunded, the freight not); a time is no part granted
# (今天发 answers when, it grants nothing)
TIME_TOPIC = _Lazy(r"今|明|后天|昨|周|星期|礼拜|号|点|月|年|早|晚|上午|下午|马上|现在")
# ... and a grant said to the customer (颜色给您换), not a fact told (退款已经退了): only such a bare grant of the
# customer's own verb is a part granted
GRANT_TO_YOU = _Lazy(r"(?:给|帮)(?:您|你)")
GRANTED_BARE = _Lazy(r"(?P<topic>[0-9a-z一-龥]{1,5}?)(?:是|都|也|就)?(?:给您|帮您|给你|帮你)?(?<![不没别])(?P<verb>退|换|改|开|送|补|寄|发|加)(?:的|了)?[哦呢哈啊呀]*")

# ECD agents run clauses on after a particle with no comma (开不了哦亲小店是个人店铺): the particle run
# (and an address term) after a refusal ends its clause for reading what follows as an explanation.
RUN_ON_BREAK = _Lazy(r"(?:的|了)?[哦呢哈啊呀吧啦嘛哟喔]{1,3}(?:亲亲?|亲爱的)?")
# ... but an instruction to the customer run on after it (您先拍下吧, 您再看看别的) is no reason.
# (nor is a question back run on after it: 不知道哦您拍了吗提交下哦)
RUN_ON_INSTRUCTION = _Lazy(r"(?:您|你)(?:可以)?(?:先|再|就|直接|自己|去|还是)|[^,.!?~\s]{0,12}(?:吗|(?<![怎什这那多])么|\?)")

# A message that is only a yes (是的 / 是哒，亲 / 嗯嗯), and a limit or rule the agent stated in its previous
# turn (只能经营同一品牌, 不支持…, 没有回收这个牌子): the yes confirms what was already explained, no new refusal (GUIDE).
BARE_YES = _Lazy(r"\s*(?:亲亲?|亲爱的)?[\s,]*(?:是的|是哒|是滴|是呢|是啊|是呀|对的|对滴|对啊|对呀|对|嗯嗯|嗯|没错|是这样的?|确实)"
                 r"(?:的|呢|哦|哈|呀|啊|啦|亲){0,3}[\s,.!?~]*(?:亲亲?|亲爱的|亲爱哒)?[\s,.!?~]*")
PRIOR_LIMIT = _Lazy(r"只能|只可以|只支持|仅(?:支持|限|能)|不能|无法|不支持|不可以|不行|没办法|规定|[一-龥]不了|因为|由于"
                    r"|没有?(?:回收|支持|开通|覆盖|合作|代理|授权)|不在[^,.!?]{0,8}(?:范围|之内|以内)|不属于")

# A demonstrative topic of a granting clause (这个可以改, 这单可以退) points at a part of what the customer
# asked: the grant is of another part, no remedy for the part refused next.
DEMONSTRATIVE_TOPIC = _Lazy(r"(?:这|那)(?:个|单|款|件|张|笔|些|份|台|样|种)")

# (PUSH_AWAY, which names the parties, is defined after PARTY below.)
# ... but when what the agent says it cannot do is see or reach the thing (我们查不到 / 看不到 / 没权限),
# pointing to the party that can is judged as shirking only (GUIDE, second pass): it stays a remedy here.
NO_ACCESS = _Lazy(r"(?:查|看|搜|找|调|问)不(?:到|着|见)|没(?:有)?权限|看不见|查询不到|查看不到")
OWN_ACTION = _Lazy(r"(?:帮|为|替|给)(?:您|你|亲)|我|小妹|妹子|妹纸|这边")

# What a refusal refuses to do for the customer, right after it (无法帮您取消, 没有办法给您改):
# the 帮您 there is refused help, not a remedy.
REFUSED_HELP = _Lazy(r"(?:再|去|来)?(?:帮|为|给|替)(?:您|你|亲)")

# Slang, homophone and typo forms of the don't-know and refusal words, as chat writes them:
# 母鸡 (= 不知), 不造 / 布吉岛 / 不值到 / 不知到 / 不道 (= 不知道); 布星 / 不星 / 布阔以 / 8行 / 8太行 / 达咩 (= 不行, 不可以).
# Rule patterns name them %dunno% and %nope% (a boundary before and after is the rule's business:
# 老母鸡 is a hen, 不造成 is no slang, 布行 may be a cloth shop).
DUNNO_SLANG = r"(?:母鸡|不道(?![德歉理义路别谢])|不造|布吉岛|布知道|不(?:知|值|智)(?:到|倒)|不晓德|唔知|唔清楚|唔识(?:答|讲|回答)?(?:你|您)?|勿晓得|弗晓得|(?<![a-z])bzd(?![a-z]))"
NOPE_SLANG = r"(?:(?:8|布|不)(?:太|大)行|[达打哒]咩|布星|不星|布行|布兴|布阔以|不阔以|布可以|8行|8可以|不阔义|不可已)"

# The refusal family as one word, for "is this clause nothing but a refusal?"
REFUSAL_WORD = _Lazy(r"(?:也|都|真的|实在|确实|是)?(?:不行|不可以|不能|无法|不支持|没有?办法|没法|没辙|不知道|不清楚|不确定|不可能|"
                     + DUNNO_SLANG + "|" + NOPE_SLANG + ")")

# A limit said with a complement (改不动, 拆不开, 接不住, 批不下来, 调不过来: V不C ending its clause),
# a thing fixed for good (锁死了, 定死的) or a can't-do-it (不太会, 搞不定): a refusal in other words,
# so it explains no other refusal (地址锁死了 改不动: neither clause says why). Fixed phrases whose
# verb makes them no limit (对不起, 看不起, 舍不得, 离不开, 说不定, 来不及) are left out.
LIMIT_FORM = (r"(?<![对了差舍怪恨巴顾比算谈跟离想受忍记禁靠经犯数吃保来跑免少])[一-龥]不(?:下来|下去|走|住|见|成|动|开|"
              r"出来|出去|出|回来|回去|回|进去|进来|进|过来|过去|上|来|通|掉)(?=一起|一块|[的了哦呢哈啊呀吧嘛啦滴哒亲呐喔]|[^一-龥]|$)|"
              r"(?:锁|定|写|封)死(?:了|的)|(?:搞|弄)不定|不(?:太|大|怎么)会(?:弄|搞|操作|设置|用)?|不会(?:弄|搞|操作|设置)|"
              r"^[^,.!?~\s]{0,4}只(?:负责|管|按|送|做|接|卖|发|收)[^,.!?~\s]{0,6}$")   # 师傅只负责装新的: the limit restated, no reason

# A clause that explains (a case reason, a fact, a next step) is one whose words are more
# than courtesies and fillers and that is not itself a refusal.
NOT_AN_EXPLANATION = _Lazy(
    r"不行|不可以|不能|无法|不支持|没有?办法|没法|不了|不到|不知道|不清楚|不确定|不好说|"     # another refusal
    + LIMIT_FORM + "|"                                                                          # … or a limit
    r"无从(?:知晓|得知|知道|查起|查证|判断|确认|回答)|不得而知|无可奉告|"                             # … or a formal don't-know
    r"^(?:亲亲?)?(?:[一-龥]{1,4}(?:嘛|的话)|(?:关于|至于|对于)[^,.!?]{1,10})$|"                                                  # … or a bare topic (换色嘛, 发票的话, 关于补货时间)
    r"^(?:是)?系统(?:自动)?(?:取消|关闭|判定|处理|拦截|删除|驳回)的?$|(?:您|你)?自己[^,.!?~\s]{0,6}?(?:看|查|找|翻|比|对照|量)(?![到见过])|^(?:您|你)(?:再|自己再)(?:看看|看一下|看下|瞧瞧|找找|研究研究|研究一下|琢磨琢磨|试试)(?:吧|哈|呢|哦)?$|^(?:您|你)?(?:再|多)(?:输|试|点|刷新|登录|重启|操作|扫|充)(?:几次|几遍|一次|一遍|两次|两遍)(?:看看|试试)?(?:吧|哈|呢|哦)?$|不得行|没戏|免谈|不现实|够呛|不晓得|不了解|不明白|不懂|头绪|一头雾水|问倒|外行|懵|不熟|超纲|听说|(?:我|小妹)?(?:也|都)?(?:没|没有)(?:用|试|买|见|碰|接触|玩|穿|吃)过|不敢(?:问|打听|多问|乱说)|没(?:有)?(?:查|找)到|查无|没(?:个)?(?:数|底|谱)|"  # … or don't-know
    + DUNNO_SLANG + "|" + NOPE_SLANG + "|"                                                          # … in slang
    r"(?:没有?人|(?:配送员|快递员|师傅|小哥|他们|快递)(?:都|也|根本|压根)?不)(?:看|管|理|理会|在意|会看)|(?:也|都)是?白(?:写|填|说|弄|等|催|备注)|"                          # … or futility
    r"到时(?:候)?(?:就|才|自然)?(?:可以|能|会)?(?:知道|清楚)|"                                      # … or wait-and-see
    r"(?:建议|请)?(?:您|你)?(?:可以|就|尽管)?放心(?:地)?(?:穿着?|使用|用|购买|买|吃|食用|戴)|"             # … or "rest assured, use it"
    r"(?:喜欢|看中|看上|中意)(?:的话)?(?:了)?(?:就|可以|的话可以)?(?:尽早|尽快|赶紧|抓紧|早点)(?:下单|拍|购买|入手)|(?:先|早)(?:付款|下单|拍)(?:的)?(?:就)?(?:能)?(?:先|早)(?:点)?(?:发货|发|收到|到)|"
    r"购买火爆|卖得(?:很|特别|非常)?火|手慢无|(?:要|需要|得|是)保密|"                                  # … or a sales pitch, or "it is secret" (GUIDE)
    r"^(?:您|你)(?:可以)?(?:在|到)(?:这个地方|这个页面|这里|这儿|那里|那个地方|上面|下面)(?:看|查)(?:一下|下|看)?|"   # … or "look here"
    r"(?:您|你)?(?:反馈|反映|说|提|咨询)的(?:问题|情况|事情?)(?:小妹|我|这边)?(?:已经|都)?(?:了解|知道|收到|清楚|明白|记下)了|"   # … or "I have understood your problem"
    r"(?:您|你)?自(?:己|个儿?)(?:去|再)?(?:看|查|翻|瞅|瞧|找|对照|搜)|(?<![帮为替给我妹边])(?:看|查|翻)(?:一下|下|看)?就(?:知道|清楚|明白)|"   # … or look it up yourself
    r"^(?:建议)?(?:您|你)?(?:也)?(?:可以|请)?(?:关注|留意|参考|看)(?:一下|下)?[^,.!?~\s]{0,8}(?:规则|页面|详情|说明|评价|晒单)[^,.!?~\s]{0,6}$|"   # … or watch the rules, the page, the reviews
    r"(?:回复|回答|答复|解答|回|答|说|讲|解释|告诉(?:您|你)?)过(?:您|你)?(?:了|的|啦)|(?:上面|刚才|刚刚|前面)(?:已经|都|早就?)?(?:回复|回答|答复|说|讲)(?:给)?(?:您|你)(?:了|啦)|(?:刚才|刚刚|上面|前面|之前)(?:发的)?(?:那条|那句|的消息)|(?:页面|详情页?|商品页|说明书?)(?:的)?(?:参数|规格|介绍|图片|图)?(?:上|里|中|栏)?(?:都)?有(?:写|标|注明)|一口价|"
    r"收到(?:您|你)的[^,.!?~\s]{0,8}|^(?:这是|这个是|是)?(?:系统|平台|后台)的(?:事|事情|事儿)[哦呢哈]{0,2}$|"   # an acknowledgement, "the system's business"
    r"(?:看|查|翻|对照)[^,.!?]{0,8}就(?:知道|清楚|明白)了?|别(?:的|家)[一-龥]{0,2}(?:吧|呗)|(?:不|概不|恕不)(?:讲价|议价|还价|砍价)|"   # … or "answered above", "no haggling": no reason
    r"就是这样|就这样|没有为什么|规定|一经(?:售出|出售)|(?:定好|定死|统一定|设定好)的|(?:系统|平台|后台|公司|总部|上面|上级|领导|老板|主管|店长|门店|仓库)(?:那边)?(?:规定|决定|定|说)的(?=[哈哦呢啊呀吧嘛啦滴哒亲呐喔]|[^一-龥]|$)|都是统一的|系统(?:自动)?(?:判断|判定|判|决定|设定|设置|默认|自动|分配|安排)(?:的)?(?=[哈哦呢啊呀吧嘛啦滴哒亲呐喔]|[^一-龥]|$)|(?:是)?系统自己(?:算|计算|控制|匹配|定|弄|调)(?:的)?|"                    # a non-reason
    r"(?:只|仅)(?:能|可以|会)?(?:送|配送|派送|送货|负责|管)(?:到)?(?:楼下|门口|一楼|小区门口|单元门口|楼道口|驿站|自提点|代收点)|(?:只|仅)(?:负责|管)(?:安装|送货|配送|维修|清洗|上门|发货)(?:的)?|"   # … or the service's limit said again (师傅只送到楼下的)
    r"没(?:有)?(?:接到|收到|得到|看到)[^,.!?]{0,4}(?:通知|消息|信息)|(?:暂时|目前|还)没有?(?:消息|通知|信息)|(?<![一-龥])没(?:有)?(?:消息|通知|信息|动静)(?=[哦呢哈啊呀的]|[^一-龥]|$)|"  # no news (没消息 said alone too)
    r"没(?:有)?(?:通知|告诉|告知|同步)(?:到|给)?(?:我们|小妹|客服|这边|我)|"
    r"(?:问|找|联系|call|打给)(?:一下|下)?(?:快递|物流|商家|卖家|厂家|配送|师傅|别人|其他人|他|她|对方)|"          # a push-away
    r"(?:要|得|就|都|还是)?看(?:采购|仓库|商家|厂家|快递|物流|站点|系统|财务|上面|厂商)(?:的|那边)|"   # "it depends on them"
    r"(?:尺寸图|尺码表|参数表|规格表|主图|详情图|图上|卡片上|盒子里|店铺首页|最下面)(?:上|里|中)?(?:都|也)?有|^[一-龥]{0,2}(?:详情页?|页面|商品页|说明书|介绍|服务单|订单|短信)[^,.!?~\s]{0,6}?(?:都|也)?(?:有|列|写|标|放)(?:着|了|的)?[^,.!?~\s]{0,6}?[哦呢哈啊呀吧]{0,2}$|聊天记录(?:里|上)(?:都)?有|(?:网上|百度)(?:有|都有)(?:教程|视频|攻略)|(?:多付|加钱|多给)(?:也|都)(?:一样|没用|不行)|(?:前面|前头|上面)(?:已经)?(?:说|发|讲|回)过(?:了|的)|(?:刚刚|刚才|刚)(?:已经)?(?:回|回复|答|说|发)(?:过)?(?:您|你)?(?:了|啦)|(?:您|你)自己(?:试试|试一下|研究研究|琢磨琢磨)|(?:百度|网上|上网)[^,.!?~\s]{0,4}(?:一大堆|一堆|多的是|到处都是)|(?:看|查)(?:一下|下)?(?:详情页?|页面|说明书?|商品页)|点进去|点开看|(?:点击|点开|打开|进入|去)[^,.!?]{0,8}(?:查看|看一下|看看|瞧瞧|看下)|瞅瞅|瞧瞧|一清二楚|清清楚楚|百度|问大家|评价区|评论区|翻翻|往上(?:翻|看|找)|放大看|(?:页|app|订单)(?:面)?(?:上|里)?有(?:个|一个)?(?:入口|链接|按钮)|在(?:我的)?(?:订单详情|订单|个人中心|app|物流信息)(?:里|中|上)|(?:都|也)?在(?:图片|详情图|详情页?|页面|说明书|商品页|问大家|评价)(?:里|上|中)|(?:页面|详情页?|商品页|说明书)(?:上|里)?(?:都|也)?有(?:的|写|说明|介绍)?(?=[哈哦呢啊呀吧嘛啦滴哒亲呐喔]|[^一-龥0-9]|$)|都(?:有)?写(?:了|着|过)|"  # a pointer to the page
    r"(?:根据|按照|对照)[^,.!?]{0,8}(?:自行|自己)?(?:判断|看看|看一下|查看|确认)|自行(?:判断|查看|确认)|"
    r"(?:再)?(?:看看|瞧瞧|逛逛)别(?:的|家)(?:吧|呗)|"   # … or a brush-off to other goods
    # … or a clause that only says "have a look" (您瞅一眼哈, 您刷新看下, 您对照着选哈): the answer left to the customer
    r"^(?:您|你|亲)?(?:自己)?(?:再)?(?:往下|往上)?(?:拉|划|滑|翻)?(?:上去|下去)?(?:量着|比着)?(?:对照着?|对着)?(?:刷新|瞅|看|瞄|瞧|翻|选|挑|对|比)(?:一眼|两眼|一下|下)?(?:看|看看)?(?:一下|下)?[哦呢哈啊呀吧]{0,2}$")
COURTESY = _Lazy(
    r"您好|你好|亲爱的|亲爱哒|亲亲|亲|请问|还有|其他|什么|可以|帮到|帮助|帮|您|你|感谢|谢谢|支持|祝|生活愉快|愉快|再见|"
    r"稍等|正在|为您|查询|中|还请|请|耐心|等待|一下|在的|好的|是的|嗯|哦|哈|呢|呀|啊|吧|的|了|吗|京东|小妹|妹纸|妹子|"
    r"这边|那边|这个|那个|这|那|是|也|都|很|真的|确实|实在|我们|我|抱歉|不好意思|额|嗯嗯")
CJK = _Lazy(r"[\u4e00-\u9fff]")
# A case reason inside the refusal's own clause, before it: a condition that has been met
# (拆封之后, 下单成功, 取消了就, 偏僻的就), a category (酒水类, 电子的), what the item already is.
# (a clock time before 以后 is no condition: 8点以后送不了 repeats the time the customer asked for)
IN_CLAUSE_REASON = _Lazy(r"(?:(?<!间x\])(?<!间x\][以之])(?<![0-9一二三四五六七八九十两半]点)(?<![0-9一二三四五六七八九十两半]点[以之])(?:后|之后|以后)|了就|的就|成功|都是|类|(?<![真是目])的|(?<=[\u4e00-\u9fff]{2})了)(?:就|是|也|都)?$")
# A topic with 的 before the refusal (L码的换不了, 纸质的没得开, 黑色的退不了) names what is refused,
# not why: it is a reason only when it brings a category or state of its own (电子的, 拆封的), never
# when it is an attribute of the item (colour, size, model) or repeats the customer's own words.
DE_TOPIC = _Lazy(r"(?<![真是目])的(?:是|也|都)?$")
# A time adverb right before the refusal (酒水类暂时不能开增票, 取消了就暂时无法恢复): it says for now, not why, and
# hides no reason before it.
FOR_NOW_TAIL = _Lazy(r"(?:暂时|目前|现在|当前|一律|统一)$")
ATTRIBUTE_TOPIC = _Lazy(r"(?:色|码|号|寸|尺码|颜色|型号|规格|尺寸|大小|款式|版本|口味|容量)(?:的)?(?:就|是|也|都)?$")
# A way of handling named as the topic (先发后退的做不了, 先换后退的不行): the request itself, not a reason.
HANDLING_TOPIC = _Lazy(r"(?:先[发换退寄补]货?后[退换寄发收付]款?|单个|单只|单件|单独|零散)(?:的)?(?:就|是|也|都)?$")
# A futile action before the refusal (备注了也不管用, 催了也没用) is a concession, and having said it
# before (我说过了不能退) insists: neither is a case reason.
FUTILE = _Lazy(r"(?:备注|催|催促|投诉|问|说|打电话|联系|申请|反馈|等|改)(?:了|过)?(?:也|都)$|(?:说|讲|告诉(?:您|你)?|解释|强调)过?了$")
ECHO_MIN = 2                  # characters of a topic that must recur in the customer's round
CASE_WORD = _Lazy(r"跨[市省城区]|已经是|超过|超出|(?<![说讲问释调])过了|过期|拆封|拆过|激活|定制|特价|秒杀|清仓|二手|预售|"
                  r"补贴|团购|以旧换新|海外购|全球购|跨境|虚拟|充值|礼品卡|未命中|超区|偏远|"
                  r"未(?:购买|付款|支付|签收|下单|发货|出库|收货|激活|使用|达到|满)|"
                  r"已(?:经)?(?:开具|开出|发货|出库|签收|发出|揽收|付款|支付|退款|取消|激活|拆封|使用|下单|提交|审核|打包|派送)")
# A service the customer asked for, named again before the refusal (以旧换新是不支持的 to 能以旧换新吗,
# 团购价给不了 to 能按团购价买吗): it is what is refused, not why. Item categories (定制的, 秒杀商品)
# stay reasons even when the customer named them.
REQUESTED_SERVICE = _Lazy(r"以旧换新|团购|预售|充值|礼品卡|海外购|全球购|跨[市省城区]")
# A short clause that states what has happened to the case (拆封了, 发货了, 过期了) explains a
# refusal even under EXPLANATION_MIN; courtesies ending in 了 (知道了, 久等了) do not.
STATE_REACHED = _Lazy(r"(?<!知道|明白|收到|久等|稍等|可以|好的|打扰|麻烦|辛苦)(?<=[\u4e00-\u9fff]{2})了(?:的|哦|呢|哈|呀|啦)?$")
EXPLANATION_MIN = 3           # CJK characters of content that make a clause an explanation
CONSEQUENT_OF = _Lazy(r"的话$|如果|要是|假如|万一|若是|倘若")

# Whether a customer question/request is still open when the agent speaks is judged on
# the customer's whole round; a chat that starts with the agent is read as mid-conversation.

# Shared grammars a rule pattern may name as %name% (the loader expands them before it
# checks and compiles the pattern): one time-expression grammar for over_promise and
# hedging alike. JDDC exports mask numbers as [数字x]; they count as numbers.
_NUM = r"(?:[0-9]{1,4}|[一二三四五六七八九十两]{1,3}|(?:\[数字x\]){1,2})"
# A point in time: 今天, 明天下午, 周三, 下周一, 5号, 11月3日, 8点前, 月底, 节前 …
DATE = (r"(?:上午|下午|中午|晚上|傍晚|(?:今天|今日|今晚|今儿个?|今个儿?|明个儿?|明天|明日|明早|明晚|明儿个?|后天|后儿个?|大后天|当天|次日|隔天|本周|这周|下周|下下周)"
        r"(?:[一二三四五六日天末])?|(?:周|星期|礼拜)[一二三四五六日天末]"     # 周三, not the 周 of 不周到
        # (not the 一点 of a quantity after a verb or an adjective: 倒掉一点到线下, 晚一点到)
        r"|(?!(?<=[掉加放倒少多快慢宜大小高低长短早晚些有差再稍吃喝用买给留剩弄冲])一点)" + _NUM + r"(?:月" + _NUM + r"(?:日|号)?|号|点(?:前|之前|以前)?)"
        r"|\[日期x\](?:\s?\[时间x\])?|\[时间x\]"      # JDDC's masked date and time
        r"|明后(?:两)?天|这两三天|(?:这个?|本|下个?)(?:礼拜|星期)|月底|月初|月中|月末|年底|年初|年前|年后|节前|节后|这两天|过两天"
        r"|(?:春节|国庆节?|元旦|中秋节?|端午节?|五一|双十一|双11|双十二|双12|618|过年|六一|儿童节|七夕|情人节|元宵节?|清明节?|圣诞节?|劳动节|妇女节|年货节|开学|除夕|(?:大)?年三十|小年|腊八|冬至|母亲节|父亲节|教师节|重阳节?)(?=[之以前后到内,.!?~\s]|$))"
        r"(?:一早|一大早|上午|下午|中午|晌午|头午|晚上|早上|傍晚|下班(?:之|以)?前|天黑(?:之|以)?前|(?:午饭|晚饭|饭点)(?:之|以)?前|之前|以前|前)?")
# A point in time or a span: the above, or 3天内, 48小时内, 二十分钟内, 2个工作日 …
TIME = (r"(?:" + DATE + r"|" + _NUM + r"(?:个?工作日(?:之?内)?|天(?:之?内)|个?小时(?:之?内)?|分钟(?:之?内)?)|半个?小时(?:之?内)?"
        r"|(?:本周|这周|下周|本月|这个月|这两天)(?:之?内|以内))")
# Certainty words that make a statement a guarantee (over_promise): 保证, 绝对, 肯定, 一定, 百分百,
# and the colloquial ones (妥妥的, 铁定 and its homophones 铁腚/肯腚, the typed 肯顶/保正, 保准, 准能, 准到, 稳稳的, 板上钉钉, 打包票).
SURE = (r"(?:保证|绝对|肯定|一定|肯顶|保正(?=不|能|会|到|没|给|送)|百分之?百|100%|管保|包准|怎么着(?:也|都)|无论如何(?:也|都)?|横竖(?:也|都)|务必(?=给|帮|为|送|到|能)|必须(?=给(?:您|你)|帮(?:您|你)|为(?:您|你))|保管(?=能|会|到|送|收|没|不|过|给)|妥妥(?:的|地)?|铁定|铁腚|铁锭|肯腚|保准|准保|稳稳(?:的|地)?|板上钉钉(?:的|地)?|"
        r"打包票|包(?:您|你)|保(?:您|你)(?=到|收|送|能|拿|用|准时|满意)|十拿九稳|万无一失|铁板钉钉(?:的|地)?|绝(?=不|没)|指定(?=不会|能|会到|送到|到(?![货付])|没问题|(?:给|帮|为)(?:您|你)[^,.!?~\s]{0,2}(?:审|办|弄|处理|送|修|退|批|装))|打死(?:也|都)(?=不)|稳(?=到|能|会|没)|必定|必然|一准(?:儿)?|(?<![标水批精校对瞄基])准(?=能|会|到(?![位底点时期])|送到|送达))")
# The ways of saying the parcel reaches the customer (over_promise): 送到, 到货, 到手, 收到, 收着,
# 见着货, 送上门, 签收 (not 签收的, a past fact), 进门, 落地 … and a bare 到 that is not 到位/到底/到期/到处/到场/到点/到账.
ARRIVE = (r"(?:送到|送达|寄到|寄达|到达|到货|到手|到家|收到|收着|收得到|见着货|见到货|拿到手?|送过去|送过来|送上门|上门|签收(?!的)|进门|落地|"
          r"到(?![位底期处场点账]))")
# Sending the customer to another party to sort it out (您到时候自己跟配送员说一下, 您可以联系下仓库那边):
# a push-away, no remedy for a refusal, unless the agent acts itself in that clause (帮您联系站点).
PUSH_AWAY = _Lazy(r"(?:跟|和|与|联系|找|问问?|咨询|打给|致电)(?:一下|下)?(?:" + PARTY + r"|仓库" + r")")
MACROS = {"time": TIME, "date": DATE, "sure": SURE, "party": PARTY, "decider": DECIDER, "arrive": ARRIVE, "part": PART}
MACROS.update(rule_grammars(PARTY, SURE))   # %acted% %dept% %yes% %guarantee% %handling_blamed% %asks_agent% (grammars.py)
# The attitude and money norms: the customer addressed (您, 你, 亲, 亲亲 …) and an amount
# of money (5块, 10元, 两块钱, [数字x]元, the masked [金额x]).
YOU = r"(?:您|你|亲爱的|亲亲|亲|客官)"
MONEY = r"(?:" + _NUM + r"(?:块钱?|元|毛钱?)|\[金额x\](?:块钱?|元)?)"   # [金额x]: the JDDC mask of an amount
# A fee of any kind (运费, 安装费, 铜管费, 高空费 …), not 免费/收费/消费/浪费/花费/付费 nor 费用
FEE = r"(?:[\u4e00-\u9fff]{1,3}?(?<![浪消收付花免自缴交扣计])费(?!用))"
MACROS.update(you=YOU, money=MONEY, fee=FEE)
# The lead with which an agent hands the customer a step (建议您 / 您可以 / 还请您 / 麻烦您 / 需要您 …): one class, so a
# rule that reads 建议您以页面为准 reads 您可以以页面为准 too (eval/perturb.py, the suggestion rewrite).
SUGGEST = r"(?:建议(?:您|你)?(?:可以)?|(?:您|你)(?:也)?(?:可以|可|不妨)|(?:还)?请(?:您|你)|麻烦(?:您|你)|需要(?:您|你))"
MACROS.update(suggest=SUGGEST)
# An amount the agent names in a money move (price_promise: 行 350给您改, 那这30块差价…): money, a bare
# number of two to five digits, a Chinese number, or JDDC's [数字x], each with an optional 块/元.
AMOUNT = r"(?:" + MONEY + r"|(?<![0-9])[0-9]{2,5}(?:块|元)?|[一二三四五六七八九十两百千万]{2,5}(?:块|元)?|\[数字x\](?:块|元)?)"
# A guessed inability of a third party (可能是门店那边排不开吧): hedging, which the refusal rules leave alone.
GUESSED_INABILITY = r"(?:可能|好像|应该|估计|大概|也许)(?:是)?[^,.!?~\s]{1,8}?(?:那边|那里|那头)[一-龥]{0,2}不[一-龥]{1,3}(?:了|的)?吧"
MACROS.update(amount=AMOUNT, guessed_inability=GUESSED_INABILITY)
MACROS.update(prt="[" + PARTICLE_CHARS + "]", prtc=PARTICLE_CHARS)
MACROS.update(dunno=DUNNO_SLANG, nope=NOPE_SLANG)     # the attitude rules' slang classes (above)
# The agent sending the route itself (小妹把最近的营业厅地址发您): a referral that hands over the way (shirking)
MACROS.update(route_sent=r"(?:小妹|我|这边|我们)[^,.!?~\s]{0,2}把[^,.!?~\s]{0,12}(?:地址|电话|号码|链接|位置|名单|网点|入口|二维码|联系方式)(?:发|转|给)(?:给)?(?:您|你)")
# A clause of the customer's up to the words that follow, with no why-word in it: 怎么取消不了呢?? asks why, it does not
# confirm that it cannot be done (a bare 嗯 to it confirms no refusal).
MACROS.update(not_why=r"(?:^|(?<=[\s,.!?~]))(?:(?!怎么|为什么|为何|为啥|咋|凭什么|怎会)[^\s,.!?~]){0,30}?")
# A tracking status still in transit (物流显示正在送往北京): it vouches for no delivery date the agent adds (over_promise).
MACROS.update(clipped_question=CLIPPED_QUESTION, look_up=LOOK_UP, in_transit=r"(?![^,.!?~]{0,6}(?:正在|在途|运输中|送往|发往|运往|中转|已发货|已揽收|已出库))")
_MACRO = _Lazy(r"%([a-z_]+)%")


def expand_macros(pattern: str) -> str:
    """``pattern`` with every %name% replaced by the shared grammar of that name, and 您 read
    as 您 or 你 (any_pronoun)."""
    return any_pronoun(_MACRO.sub(lambda m: MACROS.get(m.group(1), m.group(0)), pattern))
