"""The parts and accessories that come in the box (the complaint acts' %part% grammar), kept apart
from checker/text/lexicon.py because, like the parties, the list grows with every trade."""

# What a customer finds missing from the box (说明书没有 / 没有保修卡 / 配件缺失): parts, fittings,
# accessories, papers and gifts that ship with the item. Not the customer's own tools (没有扳手
# is the customer's situation, not a defect; nor 钥匙: 没有钥匙 is more often a key the customer lost).
PART = (r"(?:卡扣|配件包|配件|零件|附件|部件|螺丝|螺母|螺钉|垫片|膨胀螺丝|说明书|安装说明|遥控器|刷头|充电器|充电头|充电线|数据线|"
        r"电源线|适配器|耳塞|滤芯|赠品|电池|支架|挂钩|挂件|发票|保修卡|包修卡|合格证|吊牌|标签|包装|脚踏|踏板|快拆|底座|"
        r"脚垫|脚轮|轮子|扶手|靠垫|坐垫|线轴|备用线轴|刀座|刀架|勺子|防尘袋|礼盒|收纳袋|收纳盒|绑带|肩带|表带|镜布|量勺|盖子)")
