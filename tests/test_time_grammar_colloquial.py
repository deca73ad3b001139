"""The shared time, certainty and arrival grammars read colloquial and regional wording
(hand-written probes batch31-35 found promises the grammar did not know)."""
import re

from checker.text.lexicon import ARRIVE, DATE, SURE, TIME, expand_macros


def test_colloquial_points_in_time_are_dates():
    for text in ["今儿个", "今个儿", "明儿个", "明后天", "明后两天", "这两三天", "月中", "年底",
                 "今儿个下班前", "明天头午", "今天晚饭前", "后天晌午"]:
        assert re.fullmatch(DATE, text), text


def test_half_an_hour_is_a_span():
    for text in ["半小时内", "半个小时之内"]:
        assert re.fullmatch(TIME, text) and not re.fullmatch(DATE, text), text


def test_minutes_are_a_span():
    for text in ["二十分钟内", "20分钟之内", "十分钟"]:
        assert re.fullmatch(TIME, text) and not re.fullmatch(DATE, text), text


def test_typed_homophones_of_certainty_words():
    # 肯顶 / 保正 are 肯定 / 保证 typed with a pinyin input method
    for text in ["肯顶到", "保正不会坏"]:
        assert re.match(SURE, text), text
    assert not re.match(SURE, "保正常")


def test_colloquial_certainty_words_and_their_look_alikes():
    for text in ["管保到", "保管到", "包准能", "怎么着也到", "务必给您", "必须给您", "指定能到", "指定给您审"]:
        assert re.match(SURE, text), text
    # 保管好 (keep it safe), 必须本人签收 (a rule for the customer), 务必保持 (a request) are no guarantees
    for text in ["保管好", "必须本人签收", "务必保持电话畅通", "指定地点"]:
        assert not re.match(SURE, text), text


def test_arrival_words_are_one_class():
    for text in ["到手", "收着", "见着货", "送上门", "到"]:
        assert re.fullmatch(ARRIVE, text), text
    for text in ["到位", "到账", "到期", "签收的"]:
        assert not re.match(ARRIVE + "$", text), text
    assert expand_macros("%date%%arrive%") == DATE + ARRIVE
