"""The agent's own name read as 小妹 (checker/text/self_name.py)."""
from checker.text.self_name import canonical


def test_a_name_acting_as_the_subject_reads_as_xiaomei():
    assert canonical("行 差价小暖给您退了") == "行 差价小妹给您退了"
    assert canonical("小雅刚打了站点电话") == "小妹刚打了站点电话"


def test_a_declared_name_reads_as_xiaomei_everywhere_in_the_message():
    text = "我是客服小美 很高兴为您服务 这个小美也没办法"
    assert canonical(text) == "我是客服小妹 很高兴为您服务 这个小妹也没办法"


def test_the_length_is_kept_so_spans_hold():
    text = "欢迎光临 有问题随时找小乐哦 小乐给您备注了"
    assert len(canonical(text)) == len(text)


def test_ordinary_words_are_no_names():
    for text in ("小哥给您送上楼", "两个小时给您回复", "小样给您补发", "小号给您换", "小区这边没信号"):
        assert canonical(text) == text


def test_a_name_the_customer_is_asked_to_show_a_photo_to_is_the_agents():
    assert canonical("您拍下配件袋给小跑看看") == "您拍下配件袋给小妹看看"
    assert canonical("小康也没办法呀") == "小妹也没办法呀"


def test_a_name_that_sends_asks_or_checks_is_the_agents():
    # 小洁发您个视频, 小洁问下调度, 小洁先给保洁公司提售后: the agent's own acts (blind rounds 191, 195)
    assert canonical("可能油杯没卡到位 小洁发您个视频看下") == "可能油杯没卡到位 小妹发您个视频看下"
    assert canonical("稍等小洁问下保洁公司调度") == "稍等小妹问下保洁公司调度"
    assert canonical("小洁先给保洁公司提售后") == "小妹先给保洁公司提售后"
    assert canonical("小王去您家量尺寸") == "小王去您家量尺寸"     # a worker's name, not the agent's
