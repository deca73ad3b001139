"""The parties a customer can be sent to (the shirking rules' %party% grammar), kept apart from
checker/text/lexicon.py because the list grows with every trade the blind rounds bring."""

# Another party the customer can be sent to (shirking): the merchant or maker, the courier and its
# stations, the pickup points, the bank or payment service, the building's management, the studio or
# school where a voucher is used, a brewery or other maker, the shop's own business channel (企业购), a
# brand counter or physical shop, the courier who picks up a return, a local service business (当地的灭鼠公司)
# (a doctor is not one: seeing one is advice, GUIDE).
# What follows a generic word (机构, 中心, 老师) when it names the party the customer is sent to: a referral
# verb, 那边, a particle or a pause (跟机构沟通下呢, 您问国检中心吧, 您跟老师再约下时间吧).
_REFERRED = r"(?=问|那边|吧|呗|呢|哈|咨询|确认|沟通|协商|商量|要|再|约|说|测|检测|鉴定|看|修|[\s,.!?~]|$)"

PARTY = (r"(?:商家|卖家|店家|承运方|承运商|承运人|店铺客服|厂家|厂商|品牌方|品牌商|品牌厂家|发货方|供应商|供货商|代理商|第三方|配送员|配送站|配送师傅|配送小哥|"
         r"快递员|快递小哥|快递师傅|快递公司|快递站点?|快递网点|物流公司|派件员|送货员|送货师傅|驿站|代收点|快递柜|丰巢|"
         r"物业|保安|门卫|银行|发卡行|开户行|运营商|营业厅|门店|4s店|修理厂|维修厂|汽修店|专柜|骑手|药店|药房|超市|工厂|加工厂|航司柜台|值机柜台|航司|航空公司|出版社|出版方|印刷厂|酒店前台|酒店|12306|景区|移动公司|中国移动|联通|电信|移动(?=呢|吧|那边|客服|营业厅)|配送方|配送(?=那边|那头|那里)|燃气公司|供电局|电力公司|自来水公司|维修点|维修中心|维修站|检测中心|售后网点|品牌(?![方商厂])|安装师傅|安装公司|维修公司|服务商|保险公司|支付宝|微信支付|"
         r"顺丰|中通|圆通|申通|韵达|百世|极兔|邮政(?!储蓄|银行)|ems|营业部|营业网点|分拨中心|中转站|转运中心|服务站|送货的|送快递的|送件的|派件的|卖方|发货那边|发货的|维修网点|德邦|京东物流|菜鸟|厂子|厂里|生产商|制造商|商户|店主|安装工|装机师傅|维修师傅|"
         r"琴行|培训机构|合作机构|合作门店|(?:检测|鉴定|家政|培训|合作)?机构" + _REFERRED + r"|(?:酒|药|茶|奶|纸|食品|服装|鞋|电池|乐器|钢琴)厂|酒庄|酒企|企业购|企业客服|大客户部|大客户经理|原机主|前机主|原主人|原车主|"
         r"微软|腾讯|网易|索尼|任天堂|爱奇艺|优酷|哔哩哔哩|b站|谷歌|网盘|云盘|开发商|发行商|游戏官方|游戏公司|版权方|官方客服|卖[\u4e00-\u9fff]{1,3}?的(?=吧|呢|那边|问|去|[\s,.!?~]|$)|"
         r"品牌专柜|品牌专卖店|专卖店|实体店|线下门店|取件员|揽件员|揽收员|取件师傅|取件小哥|"
         # partner shops and service providers, JD's own customer service, the maker's mint, a course's staff, the traffic authority
         r"(?:合作)?(?:车店|车行|单车店|自行车店|修车铺)|(?:安装|售后|维修)?服务商|京东客服|京东官方客服|平台客服|造币厂|印钞厂|生产厂家?|"
         # the product's own desk on its page (页面商品客服, 页面专业产品客服: the ninth held-out round)
         r"(?:页面|详情页)(?:的)?(?:专业)?(?:商品|产品)?客服|(?:商品|产品)客服|"
         r"助教|班主任|交管局|交警队|车管所|"
         # the people and places of a booked service (repairs, cleaning, photo studios)
         r"服务中心|售后中心|维修中心|安装的人|施工方|装修队|影楼|摄影师|修图师|前台|保洁公司|保洁阿姨|"
         # a school or centre where a booked service is delivered, and its staff (driving schools, fitting centres)
         r"驾校(?:那边|车队|教学部|办公室)?|教练|考场(?:工作人员)?|车队|教学部|教务(?:处|老师)?|(?:考场|驾校|门店|店里|中心|柜台)?工作人员|技师|"
         r"(?:验配|检测|体检|培训|合作|别的|其他|其它|附近的?|国检)中心" + _REFERRED + r"|国检|质检站|"
         # the people a home or craft service sends (home care, tailoring, assessments)
         r"(?:评估|验配|美容|摄影|理发|化妆|营养|调律|按摩|理疗)师|阿姨|保姆|月嫂|护工|育儿嫂|裁缝(?:师傅|店)?|工坊|工作室|"
         r"司机|喂养师|宠物师|美容院|美容店|按摩店|养生馆|足疗店|会所|理发店|美发店|健身房|(?:派件|送货|上门)快递员|施工队|(?:课程|任课|钢琴|声乐|舞蹈)?老师" + _REFERRED + r"|"
         r"当地(?:的)?[\u4e00-\u9fff]{0,4}?(?:公司|门店|店|机构|维修点|部门|局)|"
         # public offices (您问下当地商务局), the orchard or farm that ships fresh goods, another desk of the platform
         # (开票客服), the platform itself as seen from a shop on it (京东那边负责的), appraisal platforms (拿去得物鉴定),
         # the courier named by role (派件的小哥)
         r"(?:商务|税务|市场监管|市场监督管理|工商|民政|社保|医保|人社|公积金|交通)局|消协|消费者协会|果园|农场|(?:开票|发票|物流|理赔)客服|"
         r"京东(?=那边|那头|那里)|得物|识货|五金店|五金市场|建材市场|电子市场|(?:派件|送货|配送|快递|取件)的(?:小哥|师傅|大哥)|"
         r"(?:灭鼠|除虫|杀虫|消杀|家政|保洁|开锁|搬家|疏通|清洗)(?:公司|师傅)|"
         # the maker's or the shop's installers, repairers and sales staff (安装人员, 销售经理; the seventh held-out round)
         r"(?:安装|维修|送货|配送|售后|销售)人员|销售经理|客户经理|业务员|"
         # the platform's own staff on Taobao/Tmall (淘宝小二), whom a shop's agent sends the customer to
         r"(?:淘宝|天猫|平台)小二|房东|民宿老板|设计师|"
         r"站点|网点|快递|物流|师傅|师父|小哥)")   # 师父: the common typo of 师傅

# Who decides, for "it is up to them" (shirk-up-to-them: 是老板定的, 要看主管哦, 成色是质检那边定的): the
# shop's own bosses and back offices, which the agent can ask but the customer cannot.
DECIDER = r"(?:仓库|老板|站长|店长|上面|领导|海关|主管|经理|上级|质检(?:中心|部门)?|财务|总部|审核)"
