// Reading enum slots: an option named exactly (its value, label pieces, synonyms) is sure, a near
// miss ("简洁" for 简约) a guess the flow confirms; several options of a `multiple` slot in one
// answer ("定位和通话"); an option the visitor rules out ("不要运动风") is not chosen.
import type { FlowConfig, FlowOptionConfig, FlowSlotConfig } from '../../../../shared/config.ts'
import { localized } from '../../../../shared/config.ts'
import { hitsOf, longestHits, wordsPattern, type WordHit } from '../../knowledge/synonyms.ts'
import { GUESS, SURE, type Fill, type ReadOptions } from './fill.ts'

/** "不要运动风": an option the visitor rules out is not chosen. */
const NEGATION = /(?:不要|不是|不喜欢|别|不想|不用|不需要|\bnot|\bno|\bdon'?t|\bwithout)\s*$/i
/** A part of a list that rules something out: "不要视屏". */
const NEGATED_PIECE = /^(?:不要|不是|不喜欢|别|不想|不用|不需要|not\b|no\b|don'?t\b|without\b)/i


/** An option's words: its value, its label's pieces ("女朋友/老婆") and synonyms. */
export function optionWords(option: FlowOptionConfig): string[] {
  const labels = option.label === undefined ? [] : [localized(option.label, 'zh-CN'), localized(option.label, 'en')]
  return [...new Set([option.value, ...labels.flatMap((l) => l.split('/')), ...option.synonyms].map((w) => w.trim()).filter(Boolean))]
}

const patterns = new WeakMap<FlowOptionConfig, RegExp>()
function optionPattern(option: FlowOptionConfig): RegExp {
  let p = patterns.get(option)
  if (!p) patterns.set(option, (p = wordsPattern(optionWords(option))))
  return p
}

type OptionHit = WordHit<{ slot: FlowSlotConfig; option: FlowOptionConfig }>

function exactHits(text: string, flow: FlowConfig): OptionHit[] {
  const hits = flow.slots.flatMap((slot) => (slot.options ?? []).flatMap((option) => hitsOf({ slot, option }, optionPattern(option), text)))
  return longestHits(hits).filter((h) => !negated(text, h.start))
}

/** The words just before `at` rule it out: "不要运动风". */
export function negated(text: string, at: number): boolean {
  return NEGATION.test(text.slice(Math.max(0, at - 4), at))
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]!
}

/** How near `text` comes to `word` when it does not contain it: a typo, or a Chinese word half said. */
function nearness(text: string, word: string): number {
  const w = word.toLowerCase()
  if (/^[a-z][a-z' -]*$/.test(w)) {
    if (w.length < 4) return 0
    const allowed = w.length >= 7 ? 2 : 1
    const words = text.toLowerCase().match(/[a-z']+/g) ?? []
    return words.some((t) => t.length >= 3 && editDistance(t, w) <= allowed) ? 1 : 0
  }
  const han = [...w].filter((c) => /\p{Script=Han}/u.test(c))
  if (han.length < 2) return 0
  const shared = han.filter((c) => text.includes(c)).length
  return shared / han.length
}

/** The one option the text comes near (ties between options mean no answer). */
function fuzzyOption(text: string, slot: FlowSlotConfig): FlowOptionConfig | undefined {
  let best: { option: FlowOptionConfig; score: number } | undefined
  let tie = false
  for (const option of slot.options ?? []) {
    const score = Math.max(0, ...optionWords(option).map((w) => nearness(text, w)))
    if (score < 0.5) continue
    if (!best || score > best.score) {
      best = { option, score }
      tie = false
    } else if (score === best.score && best.option !== option) tie = true
  }
  return tie ? undefined : best?.option
}

/** Short answers only: in a long message, a shared character is a coincidence. */
const MAX_FUZZY_CHARS = 12

/** Between the answers to a question of several: "定位和通话", "定位、视频通话以及防水", "GPS, video and waterproof". */
const LIST_SEPARATOR = /[、,，;；/&＋+]|以及|还有|和|与|跟|及|\b(?:and|plus|or)\b/i

interface Piece {
  text: string
  start: number
  end: number
}

/** The parts of a list answer, with where each lies in the text. */
export function listPieces(text: string): Piece[] {
  const pieces: Piece[] = []
  const separator = new RegExp(LIST_SEPARATOR.source, 'gi')
  let from = 0
  for (const m of [...text.matchAll(separator), undefined]) {
    const end = m ? m.index : text.length
    const raw = text.slice(from, end)
    const lead = raw.length - raw.trimStart().length
    const piece = raw.trim()
    if (piece) pieces.push({ text: piece, start: from + lead, end: from + lead + piece.length })
    if (m) from = m.index + m[0].length
  }
  return pieces
}

/**
 * The answer to a question of several answers, part by part: each named option counts, and a part
 * that names none but comes near one ("视屏" for 视频) adds it as a guess, which makes the answer one
 * to confirm.
 */
function readMultiple(text: string, slot: FlowSlotConfig, own: OptionHit[], o: ReadOptions): Fill | undefined {
  const values = own.map((h) => h.entry.option.value)
  const spans = own.map(({ start, end }) => ({ start, end }))
  let guessed = false
  if (o.asked === slot.id) {
    for (const piece of listPieces(text)) {
      if (piece.text.length > MAX_FUZZY_CHARS || own.some((h) => h.start < piece.end && piece.start < h.end)) continue
      if (negated(text, piece.start) || NEGATED_PIECE.test(piece.text)) continue
      const near = fuzzyOption(piece.text, slot)
      if (!near || values.includes(near.value)) continue
      values.push(near.value)
      guessed = true
    }
  }
  if (!values.length) return undefined
  return { slot, value: [...new Set(values)], confidence: guessed ? GUESS : SURE, spans }
}

export function readEnums(text: string, flow: FlowConfig, o: ReadOptions): Fill[] {
  const fills: Fill[] = []
  const hits = exactHits(text, flow)
  for (const slot of flow.slots.filter((s) => s.type === 'enum')) {
    const own = hits.filter((h) => h.entry.slot === slot)
    if (slot.multiple && (own.length || o.asked === slot.id)) {
      const fill = readMultiple(text, slot, own, o)
      if (fill) fills.push(fill)
      continue
    }
    if (own.length) {
      const values = [...new Set(own.map((h) => h.entry.option.value))]
      // Several options of a one-answer slot: the visitor's last word counts ("男朋友，哦不，老公").
      fills.push({ slot, value: values.at(-1)!, confidence: SURE, spans: own.map(({ start, end }) => ({ start, end })) })
      continue
    }
    if (o.asked !== slot.id || text.trim().length > MAX_FUZZY_CHARS) continue
    const near = fuzzyOption(text, slot)
    if (near) fills.push({ slot, value: slot.multiple ? [near.value] : near.value, confidence: GUESS, spans: [] })
  }
  return fills
}
