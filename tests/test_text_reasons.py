"""What the analysis layer reads as a case reason before a refusal, and as a guess."""
from __future__ import annotations

from checker.text import Analysis, TurnContext


def facts(text, start_word, customer="能退吗？", following=""):
    start = text.index(start_word)
    ctx = TurnContext(round_text=customer, next_text=following, mid_start=not customer)
    return Analysis(text, ctx).facts(start, start + len(start_word))


def test_a_topic_that_echoes_the_customers_words_is_no_reason():
    # the customer asked for L码 / 纸质的: repeating it before the refusal explains nothing
    assert not facts("亲 l码的换不了哦", "换不了", customer="能换成l码吗")["explained"]
    assert not facts("纸质的没得开哦", "没得开", customer="发票能寄纸质的吗")["explained"]


def test_an_attribute_topic_is_no_reason():
    assert not facts("黑色的换不了哦", "换不了", customer="能换个颜色吗")["explained"]
    assert not facts("这个尺码的退不了哦", "退不了", customer="能退吗")["explained"]


def test_a_category_or_a_state_the_agent_brings_is_a_reason():
    assert facts("电子的不支持合开的呢", "不支持", customer="下了很多订单，可以开一张发票吗")["explained"]
    assert facts("已经拆封的换不了哦", "换不了", customer="能换个尺码吗")["explained"]
    assert facts("偏僻的就送不了", "送不了", customer="能送到吗")["explained"]


def test_a_state_word_of_the_item_is_a_reason():
    # 过期的券, 秒杀商品, 定制款: the item's state or kind says why this case is refused
    assert facts("过期的券补发不了哦", "补发不了", customer="优惠券过期了能补吗")["explained"]
    assert facts("秒杀商品不在价保范围内", "不在", customer="能价保吗")["explained"]
    assert not facts("这个券补发不了哦", "补发不了", customer="能补吗")["explained"]


def test_having_no_news_is_no_reason_for_not_knowing():
    # 没接到通知 says again that the agent does not know; 不同批次品牌不同 says why
    assert not facts("这个妹子不了解 目前没接到这个通知的", "不了解", customer="会降价吗")["explained"]
    assert facts("这边也不确定呢，不同的批次，品牌不同", "不确定", customer="配件是哪家的")["explained"]


def test_a_futile_action_conceded_is_no_reason():
    assert not facts("备注了也不管用的哦", "不管用", customer="帮我备注一下放门卫")["explained"]
    assert facts("包裹已经派送了不能改地址的哦", "不能")["explained"]


def test_having_said_it_before_is_no_reason():
    assert not facts("我说过了不能退", "不能", customer="到底能不能退")["explained"]
    assert not facts("跟您讲了不能退", "不能", customer="到底能不能退")["explained"]


def test_a_stock_closing_in_the_same_message_is_no_remedy():
    # JDDC merges the agent's lines: 请问还有其他可以帮您的吗 after a refusal rescues nothing
    text = "换货这边是操作不了的呢 请问还有其他可以帮您的吗?"
    assert not facts(text, "操作不了", customer="能换货吗")["remedied"]
    assert facts("操作不了的呢 我帮您申请退货吧", "操作不了", customer="能换货吗")["remedied"]


def test_a_one_character_topic_said_back_is_no_reason():
    assert not facts("新的是给不了的呢", "给不了", customer="我想要个新的")["explained"]


def test_the_noun_application_is_no_remedy():
    # 保价申请不通过: the application is what is refused; 您可以申请售后 is a route
    assert not facts("保价申请不通过的哦", "不通过", customer="我能申请保价吗")["remedied"]
    assert facts("不通过的哦 您可以申请售后", "不通过", customer="能保价吗")["remedied"]


def test_a_step_the_case_has_not_reached_is_a_reason():
    assert facts("亲，您未购买商品是无法申请价保的呢", "无法", customer="能价保吗")["explained"]


def test_a_step_the_case_has_already_passed_is_a_reason():
    assert facts("已经开具的发票这边是修改不了的呢", "修改不了", customer="能改成个人吗")["explained"]


def test_a_not_a_negates_nothing():
    # 改不改不了: the A-not-A of 改 before the refusal, no negation of it (hand-written batch12)
    assert not facts("时间改不改不了的哦", "改不了", customer="能改时间吗")["negated"]


def test_bie_inside_a_word_negates_nothing():
    # 别人 / 特别 / 区别 are words, not the imperative 别
    assert not facts("别人的券您是用不上的哦", "用不上", customer="可以用别人的券吗")["negated"]
    assert not facts("这个特别的款式换不了", "换不了", customer="能换吗")["negated"]
    assert facts("您别担心不能退", "不能", customer="能退吗")["negated"]


def test_granting_another_part_of_the_request_is_no_remedy_for_the_refused_part():
    # GUIDE: a partial answer that grants one part and refuses the other bare is a bare refusal
    ask = "帮我把收货地址改一下 顺便电话也换成新的"
    assert not facts("电话可以帮您改 地址的话不行哦", "不行", customer=ask)["remedied"]
    assert not facts("电话可以帮您改 地址的话不行哦", "不行", customer=ask)["explained"]
    assert not facts("抬头可以改的 税号不能改哦", "不能", customer="抬头和税号能改吗")["remedied"]
    # an offer the customer did not ask for is still an alternative
    assert facts("可以帮您申请维修 换新的话不行哦", "不行", customer="能换新的吗")["remedied"]
    assert facts("维修可以帮您申请 换新不行哦", "不行", customer="能换新的吗")["remedied"]
    # a granted part named in five or six characters, its words the customer's own (blind round 124)
    ask = "钱包我要换黑色的 包的肩带也换成链条的行吗"
    assert not facts("钱包换黑色可以 肩带不行哦", "不行", customer=ask)["remedied"]
    # the granted part paraphrased, its verb the customer's own (换色 to 想换黑柄的; blind round 164)
    ask = "想换黑柄的\n换的运费你们出吗"
    assert not facts("换色可以 运费不行哦", "不行", customer=ask)["remedied"]
    # a one-character topic granted with the very verb the customer asked for (币可以换 to 我要换个品相好的;
    # blind round 169)
    ask = "我要换个品相好的\n顺便给我换个新的评级盒"
    assert not facts("币可以换 评级盒不行哈", "不行", customer=ask)["remedied"]
    # ... but an exchange offered to a customer who asked for a refund is an alternative
    assert facts("换货可以 退货不行哦", "不行", customer="能退货吗")["remedied"]
    # five characters the customer never said stay an offer of something else
    assert facts("可以换成别的款 这个颜色不行哦", "不行", customer="这个能换颜色吗")["remedied"]


def test_a_holiday_sign_off_as_the_next_message_rescues_nothing():
    # 感谢您对本店的支持 祝您中秋快乐 阖家团圆~ after a bare refusal is the stock sign-off (blind round 176)
    text = "退不了的哦"
    found = facts(text, "退不了", customer="礼盒外面压扁了\n能退吗 送人没法送了", following="感谢您对本店的支持 祝您中秋快乐 阖家团圆~")
    assert not found["followed"]


def test_the_template_wait_line_and_jd_sign_offs_are_no_remedy():
    # 请稍等，正在为您查询~ promises no check; 小妹一定尽心尽力为您处理的哟 / 随时为您服务 offer nothing
    text = "您好 请稍等 正在为您查询~ 这个订单是不能改的呢"
    assert not facts(text, "不能", customer="能改成货到付款吗")["remedied"]
    text = "换不了的哦 您看还有其他什么可以帮您的吗 小妹一定尽心尽力为您处理的哟"
    assert not facts(text, "换不了", customer="能换成黑色吗")["remedied"]
    assert not facts("这个退不了 很荣幸此次为您服务", "退不了", customer="能退吗")["remedied"]
    assert facts("这个退不了 小妹帮您申请换货吧", "退不了", customer="能退吗")["remedied"]


def test_not_being_told_and_pointing_to_the_page_explain_nothing():
    assert not facts("活动没通知到我们哦 不清楚的", "不清楚", customer="什么时候有活动")["explained"]
    assert not facts("您看详情吧 都写了的", "您看详情吧", customer="这两款有什么区别")["explained"]
    assert facts("保修一年哦 说明书上都写着的", "都写着的", customer="保修多久")["explained"]


def test_template_courtesies_and_a_lookup_note_explain_nothing():
    # a refusal wrapped in JD's template lines is still bare: the wrapper explains nothing
    for text in ("您好，很高兴为您服务 专票开不了哦 请问还有其他还可以帮到您的吗?",
                 "亲爱哒，专票开不了哦 还请您稍后对妹纸的服务做出评价喔，祝您挣钱多多，快乐多多",
                 "请您稍等，正在为您确认此前咨询内容。专票开不了哦",
                 "亲亲 您的订单[订单x]已经查到了呢 专票开不了哦",
                 "专票开不了哦 您有什么问题可以随时咨询小妹哦",
                 "专票开不了哦 辛苦您了",
                 "专票开不了哦 祝您中秋快乐 阖家团圆~"):
        found = facts(text, "开不了", customer="能开专票吗")
        assert not found["explained"] and not found["remedied"], text
    assert facts("您的订单已经出库了 专票开不了哦", "开不了", customer="能开专票吗")["explained"]


def test_a_pasted_product_title_explains_nothing():
    text = "无法更换的哦 Visionsky VAR-PB[数字x] AR游戏弓 虚拟现实游戏 游戏弓箭 智能虚拟手游"
    assert not facts(text.lower(), "无法", customer="能换别的么")["explained"]
    text = "这款换不了哦 小米耳机 圈铁 入耳式运动耳机 银色 [商品快照]"
    assert not facts(text, "换不了", customer="能换吗")["explained"]
    # a reason after a model code is still a reason
    assert facts("这款换不了哦 xr100是定制款 因为已经激活了", "换不了", customer="能换吗")["explained"]
    # a waybill number is no model code: what follows it may well be the reason
    assert facts("va[数字x] 已经签收 不能拦截了", "不能", customer="能拦截吗")["explained"]


def test_the_customers_own_request_as_topic_is_no_remedy():
    # 补发 / 换新 are remedies when the agent offers them, not when they name what it refuses
    assert not facts("补发是不可以的哦", "不可以", customer="能补发吗")["remedied"]
    assert facts("退货不可以的哦 可以给您补发", "不可以", customer="能退货吗")["remedied"]


def test_asking_for_understanding_is_no_apology():
    # 还请您理解 asks the customer to accept the refusal; 见谅 / 抱歉 apologise
    assert not facts("包装这个是换不了的哦 还请您理解呢", "换不了", customer="能换个包装吗")["remedied"]
    assert facts("包装这个是换不了的哦 还请您见谅", "换不了", customer="能换个包装吗")["remedied"]


def test_a_case_word_inside_the_hit_names_what_is_refused_not_why():
    # 我们不做定制的: the hit spans the refused service, so 定制 there is no case reason;
    # the same word before the refusal (定制的不支持退货) still is
    text = "我们不做定制的嘞"
    start = text.index("不做")
    ctx = TurnContext(round_text="可以做个刻字定制吗", next_text="", mid_start=False)
    assert not Analysis(text, ctx).facts(start, len(text))["explained"]
    assert facts("定制的不支持退货哦", "不支持", customer="能退吗")["explained"]


def test_a_second_dont_know_or_a_pointer_explains_nothing():
    # two don't-know clauses (问倒小妹了 / 没头绪) or two pointers to the page do not explain each other
    assert not facts("这个问倒小妹了 没头绪", "问倒小妹了", customer="这两款配件通用吗")["explained"]
    assert not facts("详情里一清二楚的 您点进去瞅瞅", "一清二楚", customer="售后政策是什么")["explained"]
    # a template welcome line explains no refusal either
    assert not facts("您好 欢迎光临小店 加急不能的哈", "不能", customer="能加急吗")["explained"]


def test_a_bare_yes_confirming_a_limit_the_agent_already_stated_is_no_new_refusal():
    # GUIDE: "a closing remark that nothing more can be done, after the agent's previous turn already
    # gave the reason or route, is not a new refusal"; without such a turn the bare yes explains nothing
    ask = "不能销售其他品牌是吗"
    said = TurnContext(round_text=ask, next_text="", mid_start=False, prev_text="旗舰店只能经营同个商标持有人的品牌")
    assert Analysis("是的", said).facts(0, 2)["explained"]
    fresh = TurnContext(round_text=ask, next_text="", mid_start=False, prev_text="抱歉耽误您的时间了")
    assert not Analysis("是的", fresh).facts(0, 2)["explained"]


def test_a_service_the_customer_asked_for_is_no_reason_but_an_item_category_is():
    assert not facts("以旧换新是不支持的哦", "不支持", customer="能参加以旧换新吗")["explained"]
    assert facts("定制的不支持退货哦", "不支持", customer="定制的能退吗")["explained"]


def test_an_ecd_reason_run_on_after_the_particle_explains():
    assert facts("开不了哦亲小店是个人店铺没有开票资质", "开不了", customer="能开发票吗")["explained"]
    assert not facts("退不了哦亲您再看看别的吧", "退不了", customer="能退吗")["explained"]


def test_not_daring_to_ask_is_no_reason_for_not_knowing():
    # 咱也不敢问 concedes helplessness; it explains no don't-know (batch10's class, new words)
    assert not facts("俺也不知道 俺也不敢问呀", "不知道", customer="什么时候补货")["explained"]
    assert not facts("咱也不清楚，咱也不敢打听哦", "不清楚", customer="会降价吗")["explained"]
    assert facts("咱也不确定呢，不同批次的配件不一样", "不确定", customer="配件是哪家的")["explained"]


def test_a_refusal_or_limit_clause_explains_no_other_refusal():
    # two clauses that each refuse or do not know: neither is the other's reason (the V不C
    # limit forms, a thing locked or fixed, a can't-do-it), whatever the words
    assert not facts("地址锁死了 改不动", "改不动", customer="能改地址吗")["explained"]
    assert not facts("地址锁死了 改不动", "锁死", customer="能改地址吗")["explained"]
    assert not facts("这个拆不开的 接不住", "接不住", customer="能分开发吗")["explained"]
    assert not facts("这个不太会 改不动", "改不动", customer="怎么设置")["explained"]
    assert not facts("库存留不住 批不下来的", "批不下来", customer="能帮我留一件吗")["explained"]
    assert not facts("时间定死了 调不过来", "调不过来", customer="能晚两天送吗")["explained"]
    assert not facts("小妹弄不来 后台锁死了", "弄不来", customer="能帮我合并订单吗")["explained"]


def test_a_state_reached_still_explains_a_limit_clause():
    # the order's state is a case reason even next to another limit form
    assert facts("包裹已经发出了 改不动", "改不动", customer="能改地址吗")["explained"]
    assert facts("已经出库了 拦不住的", "拦不住", customer="能拦截吗")["explained"]
    assert facts("这款是定制的 退不回去", "退不回去", customer="能退吗")["explained"]


def test_a_bare_topic_clause_explains_no_refusal():
    # 换色嘛 / 发票的话: a short clause that only names the topic (嘛, 的话) says nothing of why
    assert not facts("换色嘛 弄不成咯", "弄不成", customer="能给我换个颜色不")["explained"]
    assert not facts("加急的话 搞不了", "搞不了", customer="能加急吗")["explained"]
    assert facts("已经出库了嘛 改不了", "改不了", customer="能改地址吗")["explained"]


def test_slang_and_formal_dont_know_and_refusal_forms_explain_nothing():
    assert not facts("不道哇 退不了", "退不了", customer="能退吗")["explained"]
    assert not facts("8太行 改不了", "改不了", customer="能改吗")["explained"]
    assert not facts("本人无从知晓 给不了", "给不了", customer="能给个说法吗")["explained"]


def test_a_lookup_note_or_a_guanyu_topic_explains_nothing():
    # 经核查 says the agent looked, 关于补货时间 names the topic: neither says why
    assert not facts("关于补货时间，本人无从知晓。", "无从知晓", customer="什么时候补货")["explained"]
    assert not facts("经核查，该请求不予受理。", "不予受理", customer="我要求退运费")["explained"]
    assert facts("经核查，您的订单已超过售后期，不予受理。", "不予受理", customer="我要求退运费")["explained"]


def test_a_promotion_line_of_a_template_is_no_remedy_unless_the_price_was_asked():
    # 店铺上新满199减30 / 关注店铺领券更划算 around a refusal of a split parcel: template noise
    text = "亲爱的顾客您好,欢迎光临本旗舰店~拆单办不了哈~店铺上新满199减30,关注店铺领券更划算哦~祝您生活愉快!"
    got = facts(text, "办不了", customer="能拆成两个包裹寄吗")
    assert not got["remedied"] and not got["explained"]
    # asked about the price, the coupon is the alternative
    assert facts("便宜不了哈~关注店铺领券更划算哦", "便宜不了", customer="能便宜点吗")["remedied"]


def test_having_answered_before_explains_no_pointer():
    # 刚刚已经回复过您了 says nothing new: the pointer to the chat history stays bare
    assert not facts("您好,刚刚已经回复过您了,请您往上翻一下聊天记录哦", "往上翻一下", customer="哪天发货")["explained"]


def test_an_acknowledgement_a_pointer_or_a_brush_off_explains_nothing():
    # 收到您的…需求了 / 系统的事 / 看…就知道了 / 您看看别的款吧: none says why, none is an alternative
    assert not facts("您好,收到您的改约需求了哈.改约这个系统是没法弄的", "没法弄", customer="能改约吗")["explained"]
    assert not facts("系统的事 我们这边也看不了", "看不了", customer="为什么支付失败")["explained"]
    assert not facts("亲,版次这个不太清楚哦,您买回去看版权页就知道了", "不太清楚", customer="第几版")["explained"]
    got = facts("这个问题我答不上来,您看看别的款吧", "答不上来", customer="能装下笔记本吗")
    assert not got["explained"] and not got["remedied"]


def test_more_template_lines_are_courtesies():
    # 新品上市全场8折 and 欢迎下次光临 around a refusal answer nothing
    got = facts("您好亲~发票这边开不了哈~新品上市全场8折~感谢您的支持~", "开不了", customer="能开发票吗")
    assert not got["remedied"] and not got["explained"]
    got = facts("亲爱的您好~很高兴为您服务~地址改不了哦~欢迎下次光临~", "改不了", customer="能改地址吗")
    assert not got["remedied"] and not got["explained"]


def test_a_clock_time_before_the_refusal_is_no_reason():
    # 8点以后送不了哦 repeats the time the customer asked for; 拆封之后 is a condition met (blind round 198)
    assert not facts("亲 8点以后送不了哦", "送不了", customer="今天能晚上送吗 8点以后")["explained"]
    assert facts("拆封之后退不了哦", "退不了", customer="能退吗")["explained"]
    assert facts("7天以后退不了哦", "退不了", customer="能退吗")["explained"]


def test_a_thanks_for_choosing_and_an_exam_blessing_rescue_nothing():
    # 感谢您选择京东驾考 祝您学车顺利 一次通过~ after a bare refusal is the desk's sign-off (blind round 200)
    found = facts("退不了哦", "退不了", customer="不想学了\n全额退给我", following="感谢您选择京东驾考 祝您学车顺利 一次通过~")
    assert not found["followed"]


def test_a_part_granted_under_another_verb_but_the_customers_noun_is_no_remedy():
    # 换柜机可以 to 改成一台挂机一台柜机: the customer's own object granted, the other part refused bare (blind round 199)
    ask = "两台挂机能改成一台挂机一台柜机吗\n柜机差价你们出吗"
    assert not facts("换柜机可以 差价不行哦", "不行", customer=ask)["remedied"]
    assert not facts("换柜机可以 差价不行哦", "不行", customer=ask)["explained"]


def test_a_published_offer_named_is_an_alternative_to_a_refused_price_change():
    # 页面有两件95折的活动 两台一起拍系统自动算: the page's offer, named with how it applies (blind round 202);
    # 页面有的 / 系统自动的 alone stay look-it-up and the-system-decides answers
    found = facts("亲 页面有两件95折的活动 两台一起拍系统自动算 单独改价改不了哦", "改不了", customer="两台一起买\n7999行不行")
    assert found["explained"] or found["remedied"]
    assert not facts("页面有的 改不了哦", "改不了", customer="能便宜点吗")["explained"]
    assert not facts("系统自动的 改不了哦", "改不了", customer="能改地址吗")["explained"]


def test_telling_the_customer_to_look_again_explains_nothing():
    # 不知道哦 您再看看: the look-again is a brush-off, no reason nor step (blind round 214)
    assert not facts("不知道哦 您再看看", "不知道", customer="装到一半 有个孔对不上\n怎么办啊")["explained"]
    assert facts("不知道哦 您再看看说明书第5步 孔位是反着装的", "不知道", customer="有个孔对不上")["explained"]


def test_a_granted_topic_led_by_the_customers_own_verb_is_no_remedy():
    # 改项目可以 to 足疗改成肩颈可以吗: the customer's verb (改) leads the granted part; 加钟 refused bare (blind round 215)
    ask = "足疗改成肩颈可以吗\n加钟能用券抵吗"
    assert not facts("改项目可以 加钟不行哦", "不行", customer=ask)["remedied"]
    # an exchange offered for a refund asked stays an alternative (its verb is not the customer's)
    assert facts("换货可以 退货不行哦", "不行", customer="能退货吗")["remedied"]


def test_the_customers_own_cross_city_request_said_back_is_no_reason():
    # 跨市不行哦 to 跨市能接吗: the request named again (blind round 222); 跨市的 to a plain 能送吗 stays a reason
    assert not facts("跨市不行哦", "不行", customer="从[地址x]接亲到[地址x]\n跨市能接吗")["explained"]
    assert facts("跨市的送不了哦", "送不了", customer="能送到吗")["explained"]


def test_farewell_template_messages_rescue_no_referral():
    """The agent's following messages that are only a shop's farewell template (感谢您的咨询, 期待您的下次光临,
    请对我的服务做出评价) are dropped before looking for a remedy; one that also reports an action is kept."""
    from checker.text.courtesy import without_farewells
    following = "\n".join(["对话悄然平静，服务从不停息，不知还有什么可以帮到您？",
                           "有缘你我相遇，期待您的下次光临~感谢您的咨询~请您对本次服务评价。",
                           "已经帮您提交了 感谢您的咨询",
                           "价保申请路径发您了"])
    assert without_farewells(following).split("\n") == ["已经帮您提交了 感谢您的咨询", "价保申请路径发您了"]


def test_a_suggestion_to_look_it_up_oneself_is_neither_a_reason_nor_a_remedy():
    """您可以关注活动规则 before 以实际支付情况为准: watching the rules is no explanation and no alternative."""
    got = facts("您可以关注活动规则,以实际支付情况为准哦", "以实际支付情况为准", customer="我买两件能减多少")
    assert not got["explained"] and not got["remedied"]
    # a real alternative still is one
    assert facts("您可以换成l码,m码没货了哦", "没货", customer="m码有吗")["remedied"]


def test_the_hit_itself_is_no_reason_when_it_spans_clauses():
    # 建议您 以…为准 across a space: the hit's second clause is the hit, not another clause of substance
    text = "您好建议您 以活动当日付款界面为准"
    start = text.index("建议您")
    ctx = TurnContext(round_text="最多能减多少")
    assert not Analysis(text, ctx).facts(start, len(text))["explained"]
    # a real second clause still explains
    text = "您好建议您 以活动当日付款界面为准 今天的券还没发放到店铺"
    assert Analysis(text, ctx).facts(start, text.index("为准") + 2)["explained"]


def test_the_coupon_the_customer_collected_is_no_coupon_offered():
    # 领一张券 offers a coupon (a remedy); 您领取的优惠券 only names the customer's own coupon
    text = "您可以登录京东账号-我的-优惠券查询您领取的优惠券的使用时间和使用规则."
    ctx = TurnContext(round_text="什么时候能用呀")
    assert not Analysis(text, ctx).facts(0, text.index("查询") + 2)["remedied"]
    text = "这个用不了哦 小妹给您领一张店铺券"
    assert Analysis(text, TurnContext(round_text="能用吗")).facts(2, 6)["remedied"]


def test_advice_to_rest_assured_is_no_remedy():
    # 建议您放心穿着 after 您的鞋子是没有什么问题的 only reassures; 建议您换大一码 offers an alternative
    text = "您的鞋子是没有什么问题的"
    assert not Analysis(text, TurnContext(round_text="做工粗糙", next_text="这边建议您放心穿着")).facts(0, 5)["followed"]
    assert Analysis(text, TurnContext(round_text="做工粗糙", next_text="这边建议您换大一码")).facts(0, 5)["followed"]


def test_look_here_in_the_next_message_is_no_remedy():
    # a second pointer (您在这个地方看下…) after the first rescues nothing; an answer would
    text = "您可以登录京东账号-我的-优惠券查询您领取的优惠券的使用时间和使用规则."
    ctx = TurnContext(round_text="什么时候能用呀", next_text="您在这个地方看下您的优惠券的使用时间哦")
    assert not Analysis(text, ctx).facts(0, 18)["followed"]
    ctx = TurnContext(round_text="什么时候能用呀", next_text="这张券明天零点起可以用")
    assert Analysis(text, ctx).facts(0, 18)["followed"]


def test_a_yes_confirms_a_limit_the_agent_stated_before():
    # 找不到的就是没有回收这个牌子的哦 → 那是不是就回收不了呢 → 是的呢亲: the reason was given the turn before
    ctx = TurnContext(round_text="那是不是就回收不了呢", next_text="", mid_start=False,
                      prev_text="找不到的就是没有回收这个牌子的哦")
    assert Analysis("是的呢亲", ctx).explained(0, 2)
    bare = TurnContext(round_text="那是不是就回收不了呢", next_text="", mid_start=False, prev_text="您好")
    assert not Analysis("是的呢亲", bare).explained(0, 2)
