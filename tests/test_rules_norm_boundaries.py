"""Messages that belong to one norm and must not be read as a neighbouring one
(the blind sets' false-alarm classes): a good example cannot carry them, since the
message does violate the other norm."""
from __future__ import annotations

import pytest

from checker.engine import Engine, check_text
from checker.policy import load_policy
from conftest import ROOT

ENGINE = Engine(load_policy(ROOT / "policies"))

CASES = [
    # (customer, agent, a norm it must not raise)
    # disowning and pushing to another party is shirking, not blaming the customer
    ("平台冻结了我的余额", "这个怪不着我们店里 您找平台客服问吧", "blaming"),
    # a bare refusal thrown again is harsh (and shouting), not "I told you so"
    ("到底能不能换", "说了不换！！！", "blaming"),
    ("那到底能不能退", "您要我讲几遍呢 这单退不了！！", "blaming"),
    # "what did we do wrong that made you give a bad review?" is interrogating, not blaming
    ("我就要给差评", "请问我们哪儿没做好让您非要打差评呢？", "blaming"),
    # a reproach asked as a question is interrogating (three blind batches agree), not blaming
    ("衣服有线头", "都过了二十天才来说 早干嘛去了？", "blaming"),
    ("不喜欢想退", "都洗过了才说不要 这是什么道理？", "blaming"),
    # a look that hints the customer wore or tampered with it is doubting, not a hedge
    ("没穿过 就是有污渍", "这吊牌看着像被剪过又缝上的", "hedging"),
    ("衣服有污渍", "这印子看着像是穿过以后蹭上的", "hedging"),
    # 想是您的事 is a retort (arguing), not the guess 想是
    ("你们发的是旧货", "您怎么想是您的事 我们发的都是新货", "hedging"),
    # "you didn't even plug it in" (都/连…都没) blames carelessness; it does not doubt the customer's word
    ("电饭煲按了没反应", "您是不是插头都没插紧 这点事也来问", "doubting"),
    ("瓶子漏水了", "您是不是连盖子都没拧好", "doubting"),
    # "if you think it's bad that's your business" retorts the customer's opinion (arguing), no blame
    ("你们家东西太差了", "我们销量全网第一 您觉得差那是您的事", "blaming"),
    ("这个颜色真难看", "您嫌难看那是您自己的事", "blaming"),
    # the agent acted on the party first (备注加急, 留言催派); the schedule that follows is a fact, not shirking
    ("师傅今天能来装吗", "小妹已经给服务商备注加急了 师傅会尽快联系您 今天能不能上门要看师傅那边的排期呢", "shirking"),
    ("快递今天能到吗", "这边已经跟站点留言催派了 今天能不能送到要看配送员的路线哦", "shirking"),
    # 您非要这么理解我也没办法 retorts the customer's reading (arguing): no blame, no stock excuse (GUIDE)
    ("不是说明天到吗", "我说的是预计 没说一定 您非要这么理解我也没办法", "blaming"),
    ("不是说明天到吗", "我说的是预计 没说一定 您非要这么理解我也没办法", "harsh_language"),
    # 怎么偏偏您的就碎了 insinuates the customer is lying (doubting, GUIDE), it does not question a choice
    ("杯子碎了", "我们打包都三层泡沫 怎么偏偏您的就碎了", "interrogating"),
    # a class discount granted to this customer (老顾客给您九折) is a price move, not others' price
    ("老顾客有优惠吗", "老顾客给您九折", "sensitive_topic"),
    # 是您不懂行情 retorts (arguing); it is no carelessness blamed
    ("你们比别家贵", "我们价格没问题啊 是您不懂行情", "blaming"),
    # defying a complaint is arguing, not a curt refusal of a request
    ("我要投诉你们", "投诉我们也不怕", "harsh_language"),
    # "first time I hear it breaks" disbelieves the customer (doubting); it is no hearsay guess
    ("用了两天就坏了", "这款我们卖了三年了 第一次听说会坏", "hedging"),
    # a refusal guessed (可能不行吧 / 好像不行吧) is a hedge, not a curt refusal (two blind rounds agree)
    ("这个护理液能洗RGP硬镜吗", "好像不行吧", "harsh_language"),
    ("这旧机能多估点吗", "可能不行吧", "harsh_language"),
    # a guess where a refund went (应该退到您微信了吧) is a hedge, no money moved by the agent
    ("退款到哪了", "应该退到您微信了吧", "price_promise"),
    ("退款到哪了", "估计是退到银行卡了吧", "price_promise"),
    # a care label quoted or a washing instruction is no refusal (blaming or shouting, not harsh)
    ("羽绒服洗了以后结团了", "吊牌上写着不能机洗 您都没看吗", "harsh_language"),
    ("保暖内衣怎么洗", "手洗 冷水 不能烘干！！！", "harsh_language"),
    # asking who said it is a question about the source (interrogating, GUIDE), not disbelief
    ("客服说能送上楼的", "谁说的？哪个客服答应你的？", "doubting"),
    # the label quoted with its content answers the question: blaming, no pointer instead of an answer
    ("化冻后还能再冻吗", "说明上写着化冻后不能再冻 您都没看吗", "harsh_language"),
    # a guarantee of exactness (保证一毫米都不差) over-promises; its 不差 is no curt refusal
    ("西裤裁边能裁准吗", "保证一毫米都不差", "harsh_language"),
    # a guess that the parcel was knocked in transit is a hedge; it does not doubt the customer
    ("收到的灯泡是碎的", "可能是路上磕的吧", "doubting"),
    # "didn't you look before you confirmed?" blames the customer's care; it does not doubt a claim
    ("请柬名字印错了", "设计稿发给您确认过的呀 您确认前都不看的吗", "doubting"),
    # a negation inside a guarantee (百分之百听不到, 一点都不费劲) is an over_promise, not a refusal (%guarantee%)
    ("这耳塞隔音怎么样 能听到打呼噜吗", "百分之百听不到 放心", "harsh_language"),
    ("这车爬坡累不累 能骑上去吗", "保证爬坡一点都不费劲", "harsh_language"),
    # 保证化不了: a guarantee that it will not melt (V不了 of a mishap), no refusal (blind round 223)
    ("冻肉路上会化吗", "保证化不了 放心", "harsh_language"),
    # guessing the customer's handling and saying it causes the defect blames the use; it does not doubt the claim
    ("绣布洗了一下缩水了", "您是不是用热水洗的 这样肯定会缩", "doubting"),
    ("洗澡椅靠背发黄还裂了", "您是不是用84泡了 这样肯定会裂的", "doubting"),
    # 能不干吗 asks whether clay left open would not dry (blaming the handling), not "what for?"
    ("粘土开了两天全干了 我就放桌上了", "开了不密封放两天 能不干吗", "interrogating"),
    # 这样电池肯定坏得快 says the handling wears it out (blaming), no guarantee (V得快 of a defect)
    ("换的电池掉电好快", "您是不是老边充边打游戏 这样电池肯定坏得快", "over_promise"),
    ("断了一根", "您是不是使劲掰了 这样肯定会断的", "doubting"),
    # 您确认稿件的时候都不看一下的吗 blames the customer's own check (as 您确认前都不看的吗)
    ("名字印错了", "您确认稿件的时候都不看一下的吗", "doubting"),
]


@pytest.mark.parametrize("customer, agent, norm", CASES)
def test_not_read_as_the_neighbouring_norm(customer, agent, norm):
    norms = {f.norm for f in check_text(ENGINE, agent, customer)}
    assert norm not in norms, f"{agent} raised {norm}"
