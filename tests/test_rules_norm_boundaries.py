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
]


@pytest.mark.parametrize("customer, agent, norm", CASES)
def test_not_read_as_the_neighbouring_norm(customer, agent, norm):
    norms = {f.norm for f in check_text(ENGINE, agent, customer)}
    assert norm not in norms, f"{agent} raised {norm}"
