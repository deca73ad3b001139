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
