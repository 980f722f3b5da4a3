// The built-in vocabulary, as data in the site config's own shape (shared/config.ts `knowledge`):
// how visitors ask for attributes, and their words for categories and tags. A site's config adds
// to it or replaces an entry by key/term, so nothing here needs code to extend.
import type { AttributeSynonyms, TermSynonyms } from '../../../shared/config.ts'

type Entry = Omit<AttributeSynonyms, 'also'> & { also?: string[] }

/** `price` and `stock` are the record's own fields; every other key is a catalog attribute key. */
export const DEFAULT_ATTRIBUTES: Entry[] = [
  { key: 'price', synonyms: ['多少钱', '价格', '价钱', '售价', '几块钱', '多钱', '贵不贵', '贵吗', '报价', 'how much', 'price', 'cost'],
    label: { 'zh-CN': '价格', en: 'Price' }, ask: { 'zh-CN': '{name} 多少钱？', en: 'How much is {name}?' } },
  { key: 'stock', synonyms: ['有货', '库存', '现货', '缺货', '断货', '卖完', '卖光', '到货', 'in stock', 'out of stock', 'sold out', 'availability'],
    label: { 'zh-CN': '库存', en: 'Stock' }, ask: { 'zh-CN': '{name} 有现货吗？', en: 'Is {name} in stock?' } },
  { key: '颜色', also: ['色号', '色系', 'colour', 'color'], synonyms: ['颜色', '什么色', '几种色', '哪些色', '配色', 'colour', 'color'],
    label: { 'zh-CN': '颜色', en: 'colours' }, ask: { 'zh-CN': '{name} 有哪些颜色？', en: 'What colours does {name} come in?' } },
  { key: '内存', also: ['存储'], synonyms: ['内存', '存储', '运存', '储存', 'memory', 'storage', 'ram'],
    label: { 'zh-CN': '内存', en: 'memory' }, ask: { 'zh-CN': '{name} 内存多大？', en: 'How much memory does {name} have?' } },
  { key: '续航', also: ['电池'], synonyms: ['续航', '电池', '待机', '电量', '能用多久', '充一次', 'battery', 'battery life', 'charge last', 'last on a charge'],
    label: { 'zh-CN': '续航', en: 'battery life' }, ask: { 'zh-CN': '{name} 续航多久？', en: 'How long does the {name} battery last?' } },
  { key: '防水指数', also: ['防水'], synonyms: ['防水', '进水', '下雨', '淋雨', '沾水', '游泳', '洗澡', 'waterproof', 'water resistant', 'water-resistant', 'water resistance', 'water proof', 'ip rating', 'splash', 'splashproof', 'shower', 'rain', 'swim', 'swimming'],
    label: { 'zh-CN': '防水', en: 'water resistance' }, ask: { 'zh-CN': '{name} 防水吗？', en: 'Is {name} waterproof?' } },
  { key: '定位', synonyms: ['定位', '位置', '找得到', 'gps', 'locate', 'location', 'positioning', 'tracking', 'tracker', 'geolocation', 'track my kid', 'track my child', 'track my son', 'track my daughter', 'track where', 'find my kid', 'find my child', 'where my kid is', 'where my child is'],
    label: { 'zh-CN': '定位', en: 'positioning' }, ask: { 'zh-CN': '{name} 定位准吗？', en: 'How accurate is the {name} positioning?' } },
  { key: '重量', synonyms: ['重量', '多重', '多少克', '重不重', '重吗', '沉不沉', '沉吗', '轻不轻', '轻吗', '更轻', '更重', '哪个轻', '哪个重', 'weight', 'weigh', 'weighs', 'heavy', 'heavier', 'lighter', 'how light'],
    label: { 'zh-CN': '重量', en: 'weight' }, ask: { 'zh-CN': '{name} 有多重？', en: 'How heavy is {name}?' } },
  { key: '屏幕', synonyms: ['屏幕', '显示屏', '屏', 'screen', 'display', 'screen size', 'how big'],
    label: { 'zh-CN': '屏幕', en: 'screen' }, ask: { 'zh-CN': '{name} 屏幕多大？', en: 'How big is the {name} screen?' } },
  { key: '摄像头', synonyms: ['摄像', '拍照', '像素', '相机', '镜头', 'camera', 'photo', 'photos', 'pictures', 'megapixel', 'megapixels', 'lens'],
    label: { 'zh-CN': '摄像头', en: 'camera' }, ask: { 'zh-CN': '{name} 拍照怎么样？', en: 'How good is the {name} camera?' } },
  { key: '通话', synonyms: ['通话', '打电话', '电话', 'call', 'calls', 'calling', 'phone call', 'video call', 'make calls'],
    label: { 'zh-CN': '通话', en: 'calls' }, ask: { 'zh-CN': '{name} 能打电话吗？', en: 'Can {name} make calls?' } },
  { key: '适用年龄', also: ['适用人群'], synonyms: ['年龄', '几岁', '多大的孩子', '多大孩子', 'age', 'ages', 'how old', 'age range', 'years old'],
    label: { 'zh-CN': '适用年龄', en: 'ages' }, ask: { 'zh-CN': '{name} 适合几岁？', en: 'What ages is {name} for?' } },
  { key: '适用人群', also: ['适用年龄'], synonyms: ['适合谁', '适合什么人', '适用人群', '男款', '女款', 'who is it for', 'unisex'],
    label: { 'zh-CN': '适用人群', en: 'who it suits' }, ask: { 'zh-CN': '{name} 适合什么人？', en: 'Who is {name} for?' } },
  { key: '肤质', synonyms: ['肤质', '什么皮肤', '皮肤类型', 'skin type', 'what skin', 'which skin'],
    label: { 'zh-CN': '适用肤质', en: 'skin types' }, ask: { 'zh-CN': '{name} 适合什么肤质？', en: 'Which skin types is {name} for?' } },
  { key: '容量', also: ['净含量'], synonyms: ['容量', '净含量', '多少毫升', '多少ml', '多少克', '多大瓶', 'volume', 'ml', 'size', 'bottle size', 'how big', 'how many ml', 'how much product'],
    label: { 'zh-CN': '容量', en: 'size' }, ask: { 'zh-CN': '{name} 容量多少？', en: 'What size is {name}?' } },
  { key: '材质', synonyms: ['材质', '材料', '什么做的', 'material', 'made of', 'made from', 'what is it made'],
    label: { 'zh-CN': '材质', en: 'material' }, ask: { 'zh-CN': '{name} 是什么材质？', en: 'What is {name} made of?' } },
  { key: '表带', synonyms: ['表带', '腕带', 'strap', 'band', 'bracelet', 'wristband'],
    label: { 'zh-CN': '表带', en: 'strap' }, ask: { 'zh-CN': '{name} 是什么表带？', en: 'What strap does {name} have?' } },
  { key: '降噪', synonyms: ['降噪', '噪音', '隔音', 'noise', 'anc'],
    label: { 'zh-CN': '降噪', en: 'noise cancelling' }, ask: { 'zh-CN': '{name} 降噪效果怎么样？', en: 'How good is the {name} noise cancelling?' } },
  { key: '功效', synonyms: ['功效', '作用', '有什么用', 'benefit', 'what does it do', 'what is it for', 'what it does', 'effect', 'effects'],
    label: { 'zh-CN': '功效', en: 'benefits' }, ask: { 'zh-CN': '{name} 有什么功效？', en: 'What does {name} do?' } },
  { key: '使用周期', synonyms: ['使用周期', '能用多久', '用多久', '用几个月', 'how long does it last', 'how long will it last', 'how long does a bottle last', 'how long does one bottle last', 'how long does a tube last'],
    label: { 'zh-CN': '使用周期', en: 'how long it lasts' } },
  { key: '风格', synonyms: ['风格', '款式', '样式', 'style', 'look'],
    label: { 'zh-CN': '风格', en: 'style' } },
  { key: '质地', synonyms: ['质地', 'texture', 'finish'], label: { 'zh-CN': '质地', en: 'texture' } },
]

/**
 * Visitors' words for categories and tags of the catalog (which are matched as they are, too), so a
 * recommendation filter understands "洗面奶" and "oily skin". A product satisfies a term when its
 * category or a tag equals one of these words, or an attribute key or value contains one.
 */
export const DEFAULT_TERMS: TermSynonyms[] = [
  { term: '儿童手表', synonyms: ['电话手表', '儿童表', '小孩手表', 'kids watch', "kids' watch", "kid's watch", "children's watch"] },
  { term: '手表', synonyms: ['腕表', 'watch', 'watches', 'wristwatch'] },
  { term: '腕表', synonyms: ['机械表', '石英表', 'wristwatch'] },
  { term: '手机', synonyms: ['phone', 'phones', 'smartphone', 'mobile'] },
  { term: '耳机', synonyms: ['蓝牙耳机', 'earbuds', 'earphones', 'headphones', 'headset'] },
  { term: '护肤', synonyms: ['护肤品', '保养品', 'skincare', 'skin care'] },
  { term: '彩妆', synonyms: ['化妆品', 'makeup', 'cosmetics'] },
  { term: '洁面', synonyms: ['洗面奶', '洁面乳', '洗脸', 'cleanser', 'face wash'] },
  { term: '爽肤水', synonyms: ['化妆水', 'toner'] },
  { term: '保湿', synonyms: ['补水', 'moisturiser', 'moisturizer', 'moisturising', 'moisturizing', 'hydrating'] },
  { term: '面霜', synonyms: ['cream', 'face cream'] },
  { term: '口红', synonyms: ['唇膏', 'lipstick'] },
  { term: '腮红', synonyms: ['blush'] },
  { term: '配件', synonyms: ['accessory', 'accessories'] },
  { term: '手机壳', synonyms: ['保护壳', 'phone case'] },
  { term: '油皮', synonyms: ['油性皮肤', '油性肌肤', '油性肤质', '油性', '出油', 'oily skin', 'oily'] },
  { term: '干皮', synonyms: ['干性皮肤', '干性肌肤', '干性', 'dry skin'] },
  { term: '敏感', synonyms: ['敏感肌', 'sensitive skin', 'sensitive'] },
  { term: '防水', synonyms: ['waterproof'] },
  { term: '轻量', synonyms: ['轻便', '轻薄', '轻巧', '轻一点', 'lightweight', 'light'] },
  { term: '降噪', synonyms: ['noise cancelling', 'noise-cancelling', 'anc'] },
  { term: '礼物', synonyms: ['送礼', '礼品', 'gift', 'present'] },
  { term: '运动', synonyms: ['sport', 'sports', 'fitness', 'running'] },
  { term: '拍照', synonyms: ['camera'] },
  { term: '商务', synonyms: ['business'] },
]
