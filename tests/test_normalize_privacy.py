from checker.normalize import normalise
from checker.privacy import mask_name, mask_text


def test_normalise_keeps_length_and_folds():
    text = "不行！！這個ＡＢＣ沒辦法～ OK"
    out = normalise(text)
    assert len(out) == len(text)
    assert out == "不行!!这个abc没办法~ ok"
    assert normalise(text, fold_case=False) == "不行!!这个ABC没办法~ OK"


def test_mask_phone_keeps_length():
    text = "电话13812345678，座机010-88886666"
    masked = mask_text(text)
    assert len(masked) == len(text)
    assert "13812345678" not in masked and "138****5678" in masked
    assert "88886666" not in masked


def test_mask_name():
    assert mask_name("buyer_8812") == "b********2"
    assert mask_name("张三") == "张*"
    assert mask_name(None) is None
    assert mask_text("张小凡您好", "张小凡") == "张*凡您好"


def _mask_every_time(text, customer=None):
    """mask_text as it was before its shortcut for texts without a digit or an @."""
    from checker import privacy as p
    text = p._ID_CARD.sub(p._mask_id, text)
    text = p._MOBILE.sub(lambda m: p._masked_group(m, 3, 4), text)
    text = p._LANDLINE.sub(lambda m: p._masked_group(m, 0, 0), text)
    text = p._EMAIL.sub(p._mask_email, text)
    if customer and len(customer) >= 2 and customer in text:
        text = text.replace(customer, mask_name(customer))
    return text


def test_the_shortcut_without_digits_masks_the_same():
    from hypothesis import given, settings, strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="13８６０１２３４５６７８９0-.@＠ab张小凡 （）+xX", max_size=30),
           st.sampled_from([None, "张小凡", "ab"]))
    def check(text, customer):
        assert mask_text(text, customer) == _mask_every_time(text, customer)
    check()
    assert mask_text("请联系张小凡", "张小凡") == "请联系张*凡"
    assert mask_text("邮箱ｋｅｆｕ＠ｅｘａｍｐｌｅ.com") == _mask_every_time("邮箱ｋｅｆｕ＠ｅｘａｍｐｌｅ.com")
