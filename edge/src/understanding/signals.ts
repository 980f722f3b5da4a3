// The emotion signals the customer's brief names: exclamation runs, ALL-CAPS English, angry and
// negative words, a question sent again, and a burst of short pings. They are read deterministically
// (so a test can say "!!! → angry") and also fed to the sentiment model as tokens.
import type { ChatMessage } from '../../../shared/protocol.ts'
import { compact, normalize, similarity } from './text.ts'

/**
 * 坑 as "ripped off" only in complaint phrasing (被坑, 坑人, 坑爹, 坑钱, 太坑): "有没有坑" (any
 * catch?) is a presales question. The @insult cue in concepts.ts reads 坑 the same way.
 */
const RIPPED_OFF = /被.{0,4}坑|坑(?:人|爹|钱|我|死|惨)|[太真好很]坑/

/**
 * 妈的 swears; 妈妈的 / 我妈的 / 她妈的生日 is someone's mother (a gift flow says "送妈妈的"). 他妈的
 * on its own (between punctuation, or 真他妈的) is still the swear.
 */
const SWEAR_MA = /(?<![妈我你他她咱俺娘])妈的|(?:^|[\s,.!?;:~，。！？；：、]|真|去|操)他妈的(?=$|[\s,.!?;:~，。！？；：、]|怎么|又|还|到底|什么)/

/** Insults, accusations, threats and demands: on their own they make a turn angry. */
const ANGRY_WORDS =
  /垃圾|骗子|骗人|骗钱|退钱|黑店|奸商|气死|滚(?![动筒轮])|傻[逼b]|\bsb\b|卧槽|去死|破(?:服务|东西|玩意|质量|店|产品)|什么玩意|啥玩意|恶心|曝光|12315|消协|报警|律师|欺诈|欺骗|refund now|money back now|\bscam|fraud|rip ?off|\bliars?\b|thie(?:f|ves)|\bcheats?\b|\bwtf\b|fuck|shit|\bsucks?\b|ridiculous|pathetic|garbage|trash|stupid/i

/** Dissatisfaction without rage: at least negative, never neutral. */
const NEGATIVE_WORDS =
  /差评|投诉|失望|太差|差劲|质量(?:不好|不行|很差|好差|真差|太一般|有问题)|bad quality|poor quality|(?<![不满])不满|(?<!满)不满意|没用|(?<!好)不好用|难用|后悔|无语|太烂|真烂|心塞|郁闷|烦死|useless|disappoint|terrible|awful|\bworst\b|not happy|unhappy|annoying|frustrat|horrible|unacceptable|waste of/i

/**
 * A praise word negated ("不喜欢", "不太满意", "not happy", "don't like"): dissatisfaction, and not
 * praise. Removed before POSITIVE_WORDS is read, so "不喜欢，想退货" is not positive. A choice
 * question ("好不好看", "喜不喜欢", "满不满意") is not a negation.
 */
const NEGATED_POSITIVE =
  /(?<![好喜满划漂给])(?:不|没|没有)(?:太|怎么|是很|那么|很|大)?(?:喜欢|满意|好用|好看|划算|漂亮|给力)|(?:\bnot|n't|\bnever|\bno longer)\s+(?:(?:really|very|so|too|that|quite|at all|feeling|even)\s+)?(?:happy|satisfied|like|love|great|good|nice|helpful|perfect|awesome|amazing|impressed|pleased|worth)\b/i
const NEGATED_POSITIVES = new RegExp(NEGATED_POSITIVE.source, 'gi')
/** "好不好看", "喜不喜欢": an A-not-A question asks, it does not praise. */
const CHOICE_QUESTION = /(\p{Script=Han})[不没]\1/gu

/** Thanks and praise. Only used to keep "太好了!!!" or "THANK YOU" from reading as anger. */
const POSITIVE_WORDS =
  /谢|感谢|太好了|真好|不错|喜欢|(?<!不)满意|好评|棒|赞|给力|划算|漂亮|好看|厉害|哈哈|辛苦|👍|😊|😍|❤|🙏|😄|😀|\bthanks?\b|thank you|\bthx\b|great|awesome|perfect|\blove\b|amazing|\bnice\b|helpful|excellent|\bhaha|\blol\b/i

/**
 * Upper-case words that are terms, not shouting: units, standards and feature names a shop lists
 * ("HEPA", "CADR", "LED", "IPX", "USB"). The products a turn is about add their own (product-terms.ts).
 */
const TERMS = new Set(
  ('HEPA CADR CCM PM VOC TVOC UV UVC UVA UVB LED LCD OLED AMOLED IPS HDR HDMI USB NFC GPS LBS WIFI WLAN BT BLE LTE SIM ESIM ' +
    'SOS APP AI IOT IR RF CPU GPU RAM ROM SSD HDD SD TF MAH KWH WH DB DC AC PD QC ANC ENC TWS ECG BPM SPO IP IPX ATM ' +
    'SPF PA ML KG CM MM GB TB MB HZ KHZ MHZ GHZ MP FPS RGB ABS PVC PU PP PE TPU TPE EVA BPA PET LDS SLAM TOF DTOF ' +
    'CE FCC CCC ISO FDA EU UK US USA CN TV PC VR AR DIY OEM VIP FAQ PDF XS XL XXL XXXL').split(' '),
)

/** A model code or measurement ("AP-300", "X5", "IPX4", "USB-C", "Wi-Fi"): never shouting. */
const isCode = (token: string) => /\d/.test(token) || (/-/.test(token) && token.split('-').every((part) => part.length <= 4))

/**
 * "THIS IS USELESS" shouts; "X5", "GPS", "IP68", "IS IT HEPA?" or "AP-500用的是HEPA滤网吗？CADR多少"
 * does not: three or more real words in capitals (model codes, units, terms and the shop's own
 * catalog words left out), nearly all of the letters, in a message that is mostly Latin text.
 * `isTerm`: the shop's own words (upper-case): a product name, term or attribute value.
 */
export function isShouting(text: string, isTerm?: (word: string) => boolean): boolean {
  const tokens = text.match(/[A-Za-z0-9][A-Za-z0-9'-]*/g) ?? []
  const words = tokens.filter((t) => /[A-Za-z]/.test(t)).map((t) => t.replace(/-+$/, ''))
  const lettersOf = (list: readonly string[]) => list.join('').replace(/[^A-Za-z]/g, '').length
  if (lettersOf(words) < 6) return false
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0
  if (han > lettersOf(words) / 2) return false
  const capital = (w: string) => lettersOf([w]) >= 2 && w === w.toUpperCase()
  let real = words.filter((w) => !isCode(w) && !TERMS.has(w.toUpperCase()))
  // The catalog's words are looked up only for a message that could be shouting at all.
  if (real.filter(capital).length < 3) return false
  if (isTerm) real = real.filter((w) => !capital(w) || !isTerm(w.toUpperCase()))
  const letters = lettersOf(real)
  const capitals = real.filter(capital)
  return letters >= 6 && capitals.length >= 3 && lettersOf(capitals) / letters >= 0.8
}

/** "!!", "！！！" or three separate exclamation marks. */
export function hasExclamationRun(text: string): boolean {
  const t = normalize(text)
  return /!{2,}/.test(t) || (t.match(/!/g)?.length ?? 0) >= 3
}

/** Han characters, Latin words and numbers: "在吗" is 2, "hello??" is 1, "有粉色吗" is 4. */
function units(text: string): number {
  return normalize(text).match(/\p{Script=Han}|[a-z0-9]+/gu)?.length ?? 0
}

/**
 * What stays of a question when it is typed again: without filler words ("到底", "请问", "please")
 * and sentence-final particles (吗, 啊, 呢…), which visitors add when they ask a second time.
 */
function core(text: string): string {
  const words = normalize(text).replace(/\b(?:please|pls|again|so|the|just|hello|hey)\b/g, '')
  return compact(words).replace(/到底|请问|究竟|那个/g, '').replace(/[啊呀呢吗吧哦嘛么了]+$/u, '')
}

/** Similar enough to be the same question; 0.4 tolerates one wrong character in a six-character question. */
export const SAME_QUESTION = 0.4

export interface EmotionSignals {
  exclamation: boolean
  shouting: boolean
  angryWord: boolean
  negativeWord: boolean
  positiveWord: boolean
  /** How many earlier user turns ask the same thing as this one. */
  repeats: number
  /** This and the two turns before it are all pings of three units or fewer. */
  shortTurns: boolean
}

export function readSignals(text: string, earlier: readonly string[], isTerm?: (word: string) => boolean): EmotionSignals {
  const mine = earlier.length ? core(text) : ''
  const repeats = earlier.filter((before) => similarity(core(before), mine) >= SAME_QUESTION).length
  const lastThree = [...earlier.slice(-2), text]
  const t = normalize(text)
  return {
    exclamation: hasExclamationRun(text),
    shouting: isShouting(text, isTerm),
    angryWord: ANGRY_WORDS.test(t) || RIPPED_OFF.test(t) || SWEAR_MA.test(t),
    negativeWord: NEGATIVE_WORDS.test(t) || NEGATED_POSITIVE.test(t),
    positiveWord: POSITIVE_WORDS.test(t.replace(NEGATED_POSITIVES, ' ').replace(CHOICE_QUESTION, ' ')),
    repeats,
    shortTurns: lastThree.length === 3 && lastThree.every((turn) => units(turn) <= 3),
  }
}

/** Signal names for `signals` in the result (and as extra tokens for the sentiment model). */
export function signalNames(s: EmotionSignals): string[] {
  const names: string[] = []
  if (s.exclamation) names.push('exclamation')
  if (s.shouting) names.push('all-caps')
  if (s.angryWord) names.push('angry-word')
  if (s.negativeWord) names.push('negative-word')
  if (s.positiveWord) names.push('positive-word')
  if (s.repeats) names.push(s.repeats > 1 ? 'repeated-question-3x' : 'repeated-question')
  if (s.shortTurns) names.push('short-turns')
  return names
}

/** The user's earlier turns, oldest first, without the newest one. */
export function earlierUserTurns(messages: readonly ChatMessage[]): string[] {
  const users = messages.filter((m) => m.role === 'user').map((m) => m.content)
  return users.slice(0, -1)
}

/** Helper for tests and the runner: whether a text has any words at all (not only "?!。" or spaces). */
export const hasWords = (text: string) => compact(text).length > 0
