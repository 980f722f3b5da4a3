// Kinds of fact, as data: how visitors ask for a kind ("多重", "how heavy") and how a catalog entry
// shows it is of that kind, by its key ("净重", "weight") or by the shape of its value ("2.1kg").
// This is what lets a shop's own attribute keys answer with no vocabulary: "它多重？" finds "净重"
// or "整机重量: 2.1kg" on any catalog. The vocabulary (default-vocabulary.ts, the site config) only
// adds synonyms on top.

export interface FactKind {
  id: string
  /** Question words that ask for this kind, zh and en. */
  asks: RegExp
  /** An attribute key of this kind. */
  key: RegExp
  /** A value of this kind (a number with its unit). */
  value?: RegExp
  /** When no entry of this kind exists, a wider kind may answer ("多高" → the dimensions). */
  wider?: string
  /** Asked, only an entry of this kind answers: "how long is the warranty" is not the battery life. */
  exclusive?: boolean
}

const NUM = String.raw`\d+(?:\.\d+)?`

export const FACT_KINDS: readonly FactKind[] = [
  { id: 'weight', asks: /多重|多沉|多少斤|几斤|多少克|几克|多少公斤|几公斤|多少千克|重量|重不重|沉不沉|重吗|沉吗|轻不轻|轻吗|how heavy|\bweigh(s|t)?\b|\bheavy\b|\blightweight\b|how light/i,
    key: /重|weight|mass/i, value: new RegExp(`${NUM}\\s*(kg|g|克|千克|公斤|斤|lbs?|oz)(?![a-z])`, 'i') },
  { id: 'height', asks: /多高|高度|多矮|门槛|越障|台阶|过坎|how tall|\bheight\b|threshold|climb/i, key: /高|height/i, wider: 'size' },
  { id: 'area', asks: /面积|多少平|几平|几个平方|多大(的)?(房间|屋|空间)|\bsq(uare)?\b|room size|how big a room|area|cover/i,
    key: /面积|平米|平方|area|room/i, value: /㎡|m²|m2|平方|平米|sq/i, wider: 'size' },
  { id: 'size', asks: /多大|尺寸|大小|多长|多宽|多厚|多深|深度|长宽|规格|how big|how large|\bsize\b|dimensions?|how long is|how wide|measure/i,
    key: /尺寸|尺码|大小|规格|长|宽|厚|深|直径|size|dimension|length|width|depth/i, value: new RegExp(`${NUM}\\s*(cm|mm|m|米|厘米|毫米|寸|inch|in)\\b|[×x*]\\s*${NUM}`, 'i') },
  { id: 'duration', asks: /多久|多长时间|多少时间|几个?小时|几天|几个月|几年|能用多|续航|寿命|周期|保质期|待机|how long|last|lifespan|life\b|shelf/i,
    key: /续航|寿命|周期|时长|时间|保质期|待机|有效期|life|hours|duration|runtime|battery/i,
    value: /\d\s*(小时|h\b|hrs?|天|日|周|个月|月|年|分钟|min|hours?|days?|weeks?|months?|years?)/i },
  { id: 'rate', asks: /一天|每天|一小时|每小时|一分钟|每分钟|per (day|hour|minute)|a day|an hour|a minute/i, key: /流量|速度|速率|rate|flow|output/i,
    value: /\/\s*(天|日|h|小时|分钟|min|day|hr|hour)|每(天|日|小时|分钟)|per (day|hour|minute)/i },
  { id: 'waterproof', asks: /防水|漏水|进水|渗水|淋雨|下雨|暴雨|防雨|waterproof|water[- ]?resistant|\brain\b|\bwet\b/i,
    key: /防水|静水压|防雨|防泼|waterproof|water|hydrostatic|\bipx?\d?/i, value: /\bipx?\d|\d+\s*mm\b|\d+\s*m\b.{0,4}防水/i },
  { id: 'season', asks: /冬天|冬季|夏天|夏季|春秋|几季|四季|三季|季节|winter|summer|season|all[- ]year/i, key: /季|season/i, value: /季|season/i },
  { id: 'temperature', asks: /多少度|几度|-?\d+\s*度|温度|温标|多冷|冷不冷|保暖|零下|temperature|how (cold|warm)|degrees?|rated to/i,
    key: /温|temp|comfort/i, value: /℃|°c|°f|度/i },
  { id: 'capacity', asks: /容量|容积|多少升|几升|多少毫升|能装|装多少|多少水|多少(l|ml)\b|capacity|how much (water|does it hold)|\bholds?\b|how much .{0,30}\bfit\b|litres?|liters?|volume/i,
    key: /容量|容积|净含量|capacity|volume/i, value: new RegExp(`${NUM}\\s*(l|ml|升|毫升)(?![a-z])`, 'i') },
  { id: 'power', asks: /功率|多少瓦|几瓦|耗电|费电|电费|power|watts?|wattage/i, key: /功率|power|watt/i, value: new RegExp(`${NUM}\\s*(w|kw|瓦|千瓦)(?![a-z])`, 'i') },
  { id: 'noise', asks: /噪音|噪声|吵|声音|静音|分贝|安静|loud|noise|noisy|quiet|\bdb\b|decibel/i, key: /噪|音量|静音|noise|db|decibel/i, value: /db|分贝/i },
  { id: 'people', asks: /几个?人|多少人|适合几|容纳|how many (people|persons)|sleeps|for how many/i, key: /人数|适用人|容纳|persons|people|sleeps/i, value: /\d\s*(人|persons?|people)/i },
  { id: 'brightness', asks: /多亮|亮度|流明|亮不亮|how bright|brightness|lumens?/i, key: /亮度|流明|brightness|lumen/i, value: /lm\b|流明/i },
  { id: 'material', asks: /材质|材料|面料|什么做的|什么料|什么木|哪种木|木头|木料|made of|what wood|made from|material|fabric/i, key: /材质|材料|面料|用料|material|fabric/i },
  { id: 'count', asks: /几个|多少个|几只|几片|几件|几块|几根|几条|数量|how many|number of/i, key: /数量|个数|件数|片数|只数|count|number|pcs|pieces|qty/i },
  { id: 'speed', asks: /多快|速度|转速|how fast|speed|rpm/i, key: /速|speed|rpm/i },
  { id: 'range', asks: /多远|距离|范围|how far|range|distance/i, key: /距离|范围|射程|range|distance/i },
  { id: 'load', asks: /承重|能承受|能坐|载重|最大负重|weight limit|max(imum)? load|hold up to|how much weight/i, key: /承重|载重|负重|load/i },
  { id: 'suits', asks: /适合|适用|suitable|suit|for (kids|children|cats|dogs|beginners)/i, key: /适用|适合|suitable|\bfor\b/i },
  { id: 'origin', asks: /产地|哪里产|哪产|哪里生产|哪国|made in|origin|where.*made/i, key: /产地|原产|origin|made in/i },
  { id: 'warranty', asks: /保修|质保|包修|warranty|guarantee/i, key: /保修|质保|warranty|guarantee/i, exclusive: true },
]

const BY_ID = new Map(FACT_KINDS.map((k) => [k.id, k]))

/** The kinds a question asks for, in order of appearance. */
export function askedKinds(question: string): FactKind[] {
  const found = FACT_KINDS.map((kind) => ({ kind, at: question.search(kind.asks) })).filter((k) => k.at >= 0)
  return found.sort((a, b) => a.at - b.at).map((k) => k.kind)
}

export function widerKind(kind: FactKind): FactKind | undefined {
  return kind.wider ? BY_ID.get(kind.wider) : undefined
}

/** How strongly an attribute (key and value) is of this kind: the key's word 2, the value's shape 1. */
export function kindFit(kind: FactKind, key: string, value: string): number {
  return (kind.key.test(key) ? 2 : 0) + (kind.value?.test(value) ? 1 : 0)
}
