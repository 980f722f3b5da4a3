// Cue groups a shop's customer service knows by heart, emitted as extra tokens (`@refund`, `@human`…)
// next to the n-grams. A few hundred examples cannot teach that 退款, 退钱 and "money back" are the
// same request; a group can, and the model still learns from the examples how much each group counts
// (@price leans presales, but "@price + @discount" is a promotion). Groups are cues, not rules.

/**
 * 机器人 as the assistant: addressed (你是机器人, 跟机器人说), refused (不要机器人) or blamed
 * (机器人太笨, 听不懂); never a robot the shop sells (扫地机器人, 机器人的拖布).
 */
const BOT =
  /(?:你|您|客服)(?:是|就是|这|这个|个)?(?:个|一个)?(?:破|臭|笨)?机器人|(?:不要|别用|别|不想跟|不想和|不跟|跟|和|与)(?:你这?个?|个)?(?:破|臭)?机器人(?!.{0,6}(?:比|区别|哪个|对比))|机器人(?:客服|回复|回答|助手|自动回复)|机器人.{0,6}(?:太笨|真笨|好笨|笨死|听不懂|说不清|糊弄|敷衍|滚|废物|智障|没用|有什么用|有啥用|有何用|答非所问)|答非所问.{0,4}机器人|^(?:是)?机器人(?:吗|么|嘛|[?？!！。]|了吧|$)|不要机器|别用机器|\bbot\b|\bai\b/

const WORRY =
  /(?:会不会|会不|容易|怕|担心|万一|耐不耐|经不经|是否会|有没有可能)[^,，。;；]{0,8}(?:坏|漏|断|裂|碎|掉|卡|撞|烂|褪色|掉色|缩水|起球|变形|生锈|过敏|发热|发烫|吵|响|不准|不好用|没用|后悔)|会[^,，。;；]{0,6}(?:坏|漏|断|裂|碎|卡住|缩水|变形|生锈|过敏)[^,，。;；]{0,3}(?:吗|么|嘛|不)|\b(?:will|would|could|does|might) it (?:ever )?(?:break|leak|crack|fade|shrink|rust|scratch|get stuck|overheat)|\bis it (?:likely|easy) to (?:break|leak|crack|fade|shrink|rust|scratch)|\bworried (?:it|about)\b/

const GROUPS: [string, RegExp][] = [
  ['@return', /退货|退回|退换|寄回|想退|能退|还能退|tui ?huo|\breturn/],
  ['@refund', /退款|退钱|退差价|到账|tui ?(?:kuan|qian)|refund|money back|chargeback/],
  // "多久换一次" asks how long a part lasts (@lifespan), not for an exchange.
  ['@exchange', /换货|换个|换一(?!次|回)|换大|换小|换新|(?<!多久|几个月|几年|多长时间|要|该|需要|得)换了|huan ?huo|\bexchange|\bswap|(?<!how often[a-z ]{0,30})replacement(?! (?:part|filter|head|brush|blade|pad|cartridge)s?\b)/],
  ['@warranty', /保修|质保|过保|保内|bao ?xiu|warranty|guarantee/],
  ['@repair', /维修|修理|能修|寄修|返修|wei ?xiu|repair|\bfix/],
  ['@broken', /坏|碎|裂|不亮|没声|没反应|开不了|充不进|充不了|不充电|连不上|登不上|打不开|打不了|关机|死机|黑屏|花屏|卡顿|失灵|闪|模糊|信号差|信号很差|耗电快|没电|杂音|故障|漏|断了|断成|划痕|破损|鼓包|进水|不走|不准|过敏|起疹|刺痛|烂脸|掉色|褪色|脱落|开胶|变形|生锈|异味|激活不|huai|\bbroke|damaged|crack|not working|stopped working|not charging|won'?t|doesn'?t work|\bdead\b|faulty|defect|crash|broke out|rash/],
  ['@delivery', /物流|快递|包裹|单号|到哪|签收|派送|驿站|发货|发了没|没收到|还没到|没到|寄出|取件|催|wu ?liu|kuai ?di|fa ?huo|tracking|track (?:my|the|an|it|order|package|parcel)|package|parcel|delivered|delivery|arriv|shipped|where'?s my|where is my/],
  ['@order', /订单|单子|下单了|我买的|买的|收到的|收到货|收到了|已拍|拍的|拍了|拍错|取消|改地址|地址写错|收货地址|\border\b|purchase|bought|cancel|change (?:the |my )?(?:shipping |delivery )?address/],
  ['@wrongitem', /发错|错发|少发|漏发|和图片不|跟图片不|不一样|不符|旧的|二手|wrong (?:item|colou?r|size|one)|missing|sent (?:me )?the wrong|used one/],
  ['@invoice', /发票|invoice|receipt/],
  ['@howto', /怎么(?:设置|连接|绑定|开机|配对|激活|用|恢复|充电|装|安装|拆|重置|同步)|不会用|说明书|how (?:do i|to) (?:pair|reset|set|connect|use|turn|sync|install)|\bsetup\b|manual/],
  ['@discount', /优惠|折|券|劵|卷|yhq|满减|便宜|降价|特价|划算|砍价|少点|最低|补贴|半价|差价|价保|抹零|抹个零|零头|you ?hui|da ?zhe|pian ?yi|discount|coupon|voucher|promo|\bsale\b|\bdeals?\b|cheaper|clearance|bargain|better price|price drop|price match|special price|% off|\boff\b/],
  ['@campaign', /活动|双十一|双11|双12|618|黑五|秒杀|抢购|团购|拼团|拼单|直播间|年货节|节日|会员日|预售|定金|清仓|huodong|black friday|cyber monday|holiday|promotion/],
  ['@gift', /赠品|赠送|(?:再|多|能不能|可以|会)送|送(?:个|点|啥|什么|不送|东西|表带)|买一送|小样|试用装|小礼物|礼品|福利|红包|积分|抽奖|会员|新人|新用户|首单|老顾客|老用户|学生|包邮|奖励|返现|返利|gift with|free gift|\bfree\b|bonus|points|reward|referral|loyalty|student|members?\b|first order|new customer/],
  ['@human', /人工|真人|活人|客服|工作人员|店员|专员|经理|主管|领导|负责人|管事|店长|坐席|懂行|ren ?gong|ke ?fu|zhen ?ren|\bhuman|\bagent|\bperson\b|representative|operator|\bstaff|manager|supervisor|someone|real (?:person|human)/],
  ['@contact', /电话(?:多少|号码|是多少)|打电话给我|回电|回个电话|联系我|回我|加我|打给我|call me|callback|call back|phone number|contact (?:me|you)/],
  // The assistant as a bot, not a product that is one (扫地机器人, "机器人的拖布能机洗吗").
  ['@botrefusal', BOT],
  ['@complain', /投诉|差评|举报|曝光|12315|消协|报警|律师|告你|微博|tou ?su|cha ?ping|complain|report|review|consumer protection|chargeback/],
  ['@insult', /垃圾|质量(?:不好|不行|很差|好差|真差|太一般|有问题)|bad quality|poor quality|quality is (?:\w+ )?(?:bad|poor)|骗|被.{0,4}坑|坑(?:人|爹|钱|我|死|惨)|[太真好很]坑|破(?!损)|烂|差劲|太差|假货|黑店|奸商|恶心|滚|无语|失望|不满|后悔|心塞|真不行|太不行|摆设|糊弄|敷衍|不负责|不靠谱|不专业|推来推去|踢皮球|不算数|废话|听不懂|答不上|什么鬼|玩意|没用|笨|有病|欺诈|欺骗|气死|生气|火大|忍无可忍|受不了|\bsb\b|傻|tmd|la ?ji|pian ?zi|cha ?jin|scam|fraud|fake|liar|thie|cheat|worst|terrible|awful|useless|garbage|sucks|ridiculous|stupid|dumb|shocking|disgrace|very bad|poor quality|not worth|advertising|disappoint|rip ?off|ripped|unacceptable|joke|not happy|doesn'?t understand/],
  ['@slow', /太慢|好慢|慢得|半天|没人理|没人回|没人管|不回消息|不理人|没解决|拖了|nobody|no one|for a week|for days|ignored/],
  ['@aftersvc', /售后|after-?sales/],
  ['@grumble', /离谱|不清不楚|老是|总是|怎么又|又没|太高|太小|太贵|过期|倒霉|唉|烦|meh|pricey|barely|tiny|expired|too (?:expensive|high|small|slow)|keeps|still no/],
  // How long a part lasts or how often it is replaced: a question before buying.
  ['@lifespan', /多久换|换一次|多长时间换|几个月换|几年换|多久更换|更换周期|更换频率|寿命|能用多久|用多久|耐用|how often .{0,30}(?:replace|change)|lifespan/],
  // A worry before buying ("会不会坏", "容易漏吗", "will it break"): not a fault report (@broken is dropped).
  ['@worry', WORRY],
  // Sizes and capabilities asked of a product: 多高, 越障, "能过门槛吗".
  ['@dimension', /多高|多重|多厚|多宽|多长|多深|多远|多大|多少(?:cm|厘米|毫米|米|寸|斤|公斤|克|升|毫升|瓦|分贝)|越障|[过跨爬越翻上]门槛|门槛.{0,4}(?:多高|过得去|过不去|能过|爬|跨)|how (?:tall|high|wide|deep|heavy|big|loud|bright)/],
  ['@price', /多少钱|多钱|价格|价钱|售价|卖多少|贵|值不值|值这|性价比|duo ?shao|jia ?ge|price|cost|how much|hw much|expensive|worth/],
  ['@spec', /颜色|色号|什么色|粉色|黑色|白色|紫色|蓝色|尺寸|尺码|大码|大小|型号|参数|续航|电池|防水|屏幕|内存|材质|重量|多重|功能|芯片|像素|摄像|拍照|降噪|定位|心率|血氧|睡眠|容量|成分|香味|保质期|效果|辐射|模式|上弦|app|单独买|另外买|配件|新款|最新|销量|口碑|评价|会不会|适合|能用|能戴|能打|支持|哪个好|哪款|挑一|怎么选|选哪|区别|对比|差在哪|不同|推荐|现货|有货|没货|库存|到货|缺货|正品|fang ?shui|hei ?se|colou?r|size|battery|waterproof|stock|recommend|difference|compare|which|support|material|specs|gps|heavy|weight|camera|work with|good for|fit|sleep|swim|adjustable|come in|latest|in the box|included|just the|skin|acne|matte/],
  ['@budget', /以内|以下|之内|左右|预算|价位|\d+ ?(?:块|元|刀)|[百千]元|under \$?\d|below \$?\d|less than \$?\d|within \$?\d|around \$\d|budget|price range|\$\d/],
  ['@buying', /能发|几天能到|多久能到|分期|花呗|货到付款|信用卡|试戴|实体店|礼盒|包装吗|国行|ship to|ship internationally|pay with|shipping take/],
  ['@greeting', /^(?:你好|您好|嗨|哈喽|早|早安|早上好|中午好|下午好|晚上好|在吗|在么|在不在|有人吗|zai ?ma|ni ?hao|nin ?hao|hello|hi|hey|yo|good (?:morning|evening|afternoon)|what'?s up)|有人吗|在吗|anyone there|快乐|merry|happy new/],
  ['@thanks', /谢|感谢|辛苦|麻烦你了|xie ?xie|gan ?xie|thank|\bthx\b|cheers|appreciate|kind/],
  ['@goodbye', /拜拜|再见|晚安|下次再聊|zai ?jian|\bbye\b|see you|have a nice|good night/],
  ['@identity', /你是谁|你是机器|你是人|你是真|你是ai|你是客服机器人|是人工吗|是真人吗|(?:^|请问|这)是机器人吗|ai还是人|人还是机器|你叫|你几岁|你多大|你会|你能干|你用的什么|who are you|are you (?:a |an )?(?:bot|human|real|ai)|is this a (?:chat)?bot|your name|who made you|what can you do|talking to a (?:real|bot|human)|what model are you/],
  ['@ack', /^(?:好的?|好吧|行吧?|嗯+|哦+|ok|okay|sure|收到|明白了?|知道了?啦?|了解|没事了?|没问题了?|不用了|算了|got it|never mind|nothing|cool|fine|alright|hmm+|meh)[呀啊了!.~ ]*$|嗯嗯|哦哦|考虑一下|再看看|随便看看|先这样|没别的|think about it|that'?s (?:it|all)|for now|just (?:browsing|looking)/],
  ['@praise', /不错|满意|给力|棒|真好|太好|好看|好美|喜欢|赞|可爱|厉害|牛|666|哈哈|开心|太香|爱你|好哒|😂|😊|😍|👍|😀|❤|cute|love|great|nice|awesome|amazing|perfect|handy|helpful|excellent|haha|lol|lmao|yay/],
  ['@mood', /心累|好累|烦死|无聊|郁闷|难过|伤心|倒霉|失眠|睡不着|被.{0,4}骂|不开心|心情不|tired|sad|bored|upset|long day|worst day/],
  ['@smalltalk', /天气|下雪|下雨|笑话|故事|唱|诗|几点|几号|星期几|股票|电影|音乐|作业|数学|历史|翻译|聊天|朋友|吃饭|吃什么|老板|公司|地址|品牌|官网|公众号|英语|开了几年|合作|招人|招聘|加盟|weather|joke|poem|music|what time|what day|how are you|your day|speak chinese|company|located|partner/],
]

/** The concept tokens found in a text (normalised, lower-case). */
export function concepts(normalized: string): string[] {
  const found = GROUPS.filter(([, re]) => re.test(normalized)).map(([name]) => name)
  // "会不会坏" worries about a fault; it does not report one.
  return found.includes('@worry') ? found.filter((c) => c !== '@broken') : found
}
