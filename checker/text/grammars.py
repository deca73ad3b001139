"""The shared grammars that read what the agent does (the rules' %acted%, %dept%, %yes%, %guarantee% and %handling_blamed%),
what the customer asks of the agent (%asks_agent%) and who delivers or collects the parcel (%courier%),
built from the parties and the certainty words of checker/text/lexicon.py; kept apart so that module stays
the lexicon of words while these say how the words combine."""


def rule_grammars(party: str, sure: str) -> dict[str, str]:
    """The seven grammars, with %party% and %sure% filled in."""
    return {"acted": ACTED.replace("{party}", party), "dept": DEPT, "yes": YES, "guarantee": sure + GUARANTEE_TAIL,
            "handling_blamed": HANDLING_BLAMED, "asks_agent": ASKS_AGENT, "courier": COURIER}


# The person who delivers, collects or installs (shirking: 您到时候自己跟派件师傅沟通下, 快递打电话时您交代下就行).
COURIER = (r"(?:配送员?|快递员?|派件员|派件师傅|快递师傅|送货员|师傅|小哥|配送师傅|快递小哥|送货师傅|取件员|取件师傅|揽件员|揽收员|"
           r"上门师傅|安装师傅)")


# The agent's own contact with the other party (小妹刚打了安装网点电话, 小妹给站点打了电话, 小妹直接给服务商留言, 小妹刚催了站点): what follows
# relays or arranges (over_promise), and the agent is not pushing the customer away (shirking).
ACTED = (r"(?:(?:(?:小妹|我|我们|这边|客服)(?:这边)?)?(?:刚|刚刚|已经|已|直接|马上|这就|先|也)(?:打了|打过|拨了|拨过)"
         r"[^,.!?~\s]{0,8}?电话|(?:小妹|我|我们|这边)(?:这边)?(?:也)?(?:刚|刚刚|已经|已|直接|马上|这就|先|也)?(?:给|跟|和|向|让|叫)"
         + "{party}" + r"(?:那边)?(?:(?:跟|和|给)[\u4e00-\u9fff]{1,4}?)?(?:留言|留了言|备注|说|交代|打了?(?:个)?招呼|打了(?:个)?电话|打过电话|确认|沟通|反馈|申请|投诉了)"
         r"|(?:小妹|我|我们|这边)(?:这边)?(?:刚|刚刚|已经|已|也)?(?:问了|问过|问好了|打了|打过|打给了?|联系了|联系过|催了|催过|催促了|催促过)" + "{party}" +
         r"|(?:给|向)[\u4e00-\u9fff]{0,4}?" + "{party}" + r"(?:那边)?(?:提|发|提交|建|下)(?:了)?(?:个|一个|一张)?[\u4e00-\u9fff]{0,2}(?:工单|催单|加急单|返修单|维修单|售后单))")
# The customer asks the agent to act itself (请帮忙在系统里备注一下, 请你们帮忙联系明天配送, 帮我跟送货的说一下, 你们帮我问下运营商):
# an answer that leaves it to the courier is then a push-away (shirking's courier rules read it in the customer's turn).
# Also the customer asking the agent to get the courier to act (你让快递员给我打个电话, 叫师傅早点来), not
# the customer's own telling (我让快递员放门口了).
ASKS_AGENT = (r"(?:帮(?:忙|我|我们)?(?:在系统里?|在[^,.!?~\s]{1,4}?[里上])?(?:联系|备注|催|转告|通知|问(?:一下|下|问)?|约|预约)|请(?:你们|您)?帮忙"
              # 麻烦在系统里给我备注一下: the request without 帮
              r"|(?:麻烦|请)(?:你们?|您)?(?:在[^,.!?~\s]{1,4}?[里上])?给我(?:备注|登记|改|约)"
              r"|帮(?:忙|我|我们)?(?:跟|和|给|问问?)[一-龥]{0,5}?(?:说|讲|催|问|约)"
              r"|(?<![我他她])(?:让|叫|喊|通知)(?:一下|下)?(?:(?:快递|配送|派件|送货|安装|上门|取件|维修)(?:员|小哥|师傅|的)?|师傅|小哥|司机|骑手)"
              r"[^,.!?~\s]{0,4}?(?:给我|联系我|打(?:个)?电话|早点|赶紧|快点|送过来|送上来|上门|过来))")
# The shop's own other departments (shirking: 您找财务, 您问问仓库, 您联系财务那边): passing the customer on to
# a colleague's desk instead of passing the case on oneself.
DEPT = (r"(?:财务部门?|财务|采购部?|采购|仓库|库房|售后部门?|技术部门?|物流部门?|质检部?|审核部?|运营部?|其他部门|别的部门|"
        r"另外的部门|[\u4e00-\u9fff]{1,4}的部门|[\u4e00-\u9fff]{2}部门|"
        # the shop's desks named by their job (开票组, 退款专员, 开票那边: the blind round of the telecom desk)
        r"(?:开票|发票|退款|结算|对账|客诉|投诉|理赔|调度|审单|售后|物流|技术)(?:组|科|专员|岗|小组)|开票(?:那边|那里)?(?:的)?(?:同事|同学|小伙伴)|开票(?=那边|那里))")
# The agent's word of concession that opens a yes to a haggle (好吧 送您一根腰带, 行 40小妹直接给您退, 那行 给您加50):
# the price rules read what follows it as the agent's own move on money.
YES = r"(?:那好吧?|那行|好吧|行吧|好的|好嘞|得嘞|行|好|可以|成|得|那)"
# A negation inside a guarantee (保证一点都不费劲, 百分之百听不到, 绝对咬不破, 保证化不了): the refusal rules' hit is
# an over_promise, not a refusal. Not when the negated verb is a service refused with certainty (肯定不送,
# 绝对不行, 肯定没有, 肯定办不到).
GUARANTEE_TAIL = (r"(?:[^,.!?~\s]{0,8}?[一-龥](?<![办做弄搞退换送补改给修发寄卖开保证])(?:都|也)?不了"   # 保证化不了: it will not happen
                  r"|(?:[^,.!?~\s]{0,8}?(?<![办做弄退换送补改给修发寄卖开]))?(?:都|也)?(?:不|没)"
                  r"(?!行|可以|能|退|换|送|补|给|包|改|办|卖|支持|了|发|寄|有))")
# The customer's handling guessed, then said to cause the defect (您是不是用热水洗的 这样肯定会缩, 这样电池肯定坏得快):
# blaming the use, which the doubting rules leave alone (they read disbelief in the customer's claim).
HANDLING_BLAMED = (r"(?:是不是|是否)[^.!?]{1,14}?[,\s]{1,2}(?:这样|那样)(?:子)?(?:的话)?[^,.!?~\s]{0,3}?(?:就|肯定|必然|当然|自然)"
                   r"(?:会|容易|[一-龥]不|[一-龥]得快)")
