// The knowledge-gap loop: questions the assistant could not answer (`unanswered {q}`, or `feedback
// {value: -1, q}`) grouped by similarity into a review list, and topics whose satisfaction stayed
// under 80 % for 3 consecutive days flagged "needs review". Without transcript retention the edge
// keeps no question text: those events are listed per topic instead, still counted.
import { maskPII } from '../../../shared/mask.ts'
import type { StoredEvent } from '../store/types.ts'

export const SIMILARITY = 0.5
/** Rephrasings ("X5能连iPad吗" / "x5 可以连接ipad吗"): most of the shorter one's bigrams in the longer. */
export const OVERLAP = 0.6
const MIN_OVERLAP_BIGRAMS = 4
export const REVIEW_THRESHOLD = 0.8
export const REVIEW_DAYS = 3
const DAY_MS = 86_400_000

function normalize(text: string): string {
  return text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')
}

/** The set of character bigrams (a single character stands for itself). */
export function bigrams(text: string): Set<string> {
  const chars = Array.from(normalize(text))
  if (chars.length < 2) return new Set(chars)
  const set = new Set<string>()
  for (let i = 0; i < chars.length - 1; i++) set.add(chars[i]! + chars[i + 1]!)
  return set
}

/** The same question: alike overall (Jaccard), or one mostly inside the other when neither is tiny. */
export function similar(a: Set<string>, b: Set<string>): boolean {
  if (jaccard(a, b) >= SIMILARITY) return true
  const small = Math.min(a.size, b.size)
  if (small < MIN_OVERLAP_BIGRAMS) return false
  let both = 0
  for (const x of a) if (b.has(x)) both++
  return both / small >= OVERLAP
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1
  let both = 0
  for (const x of a) if (b.has(x)) both++
  return both / (a.size + b.size - both)
}

export interface GapGroup {
  /** The group's first question (masked): what the reviewer reads. */
  question: string
  count: number
  /** Up to 5 distinct other phrasings (masked). */
  examples: string[]
  lastTs: number
  /** The topic the questions' events carry (`props.topic`, else `props.intent`), if any. */
  topic?: string
  needsReview: boolean
}

export interface TopicReview {
  topic: string
  /** Days (YYYY-MM-DD, UTC) with feedback and their satisfied share, oldest first. */
  days: { day: string; share: number; n: number }[]
  needsReview: boolean
}

function topicOf(e: StoredEvent): string | undefined {
  const t = e.props.topic ?? e.props.intent
  return typeof t === 'string' && t.trim() ? t.trim().slice(0, 80) : undefined
}

/** Whether a feedback event is positive (true), negative (false) or carries no rating (undefined). */
export function feedbackPositive(e: StoredEvent): boolean | undefined {
  const csat = Number(e.props.csat)
  if (Number.isFinite(csat) && csat >= 1 && csat <= 5) return csat >= 4
  const value = Number(e.props.value)
  if (value === 1) return true
  if (value === -1) return false
  return undefined
}

export function isGapEvent(e: StoredEvent): boolean {
  if (!questionOf(e) && !topicOf(e)) return false
  return e.type === 'unanswered' || (e.type === 'feedback' && Number(e.props.value) === -1)
}

const questionOf = (e: StoredEvent): string | undefined => (typeof e.props.q === 'string' && e.props.q.trim() ? e.props.q : undefined)

/** What the list shows for a gap whose question was not kept (retention off). */
export const textNotKept = (topic: string): string => `[${topic}] (question not kept: turn on privacy.transcripts to see it)`

export function utcDay(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10)
}

/** Per-topic daily satisfaction; flagged when 3 consecutive calendar days each stay under 80 %. */
export function topicReviews(events: readonly StoredEvent[]): TopicReview[] {
  const byTopic = new Map<string, Map<string, { pos: number; n: number }>>()
  const dayNames = new Map<number, string>() // utcDay once per day, not once per event
  for (const e of events) {
    if (e.type !== 'feedback') continue
    const topic = topicOf(e)
    const positive = feedbackPositive(e)
    if (!topic || positive === undefined) continue
    const days = byTopic.get(topic) ?? new Map<string, { pos: number; n: number }>()
    byTopic.set(topic, days)
    const index = Math.floor(e.ts / DAY_MS)
    let day = dayNames.get(index)
    if (day === undefined) dayNames.set(index, (day = utcDay(e.ts)))
    const cell = days.get(day) ?? { pos: 0, n: 0 }
    cell.n++
    if (positive) cell.pos++
    days.set(day, cell)
  }
  const reviews: TopicReview[] = []
  for (const [topic, cells] of byTopic) {
    const days = [...cells].sort(([a], [b]) => a.localeCompare(b)).map(([day, c]) => ({ day, share: c.pos / c.n, n: c.n }))
    let streak = 0
    let previous: number | undefined
    let needsReview = false
    for (const d of days) {
      const t = Date.parse(`${d.day}T00:00:00Z`)
      const consecutive = previous !== undefined && t - previous === DAY_MS
      streak = d.share < REVIEW_THRESHOLD ? (consecutive ? streak + 1 : 1) : 0
      if (streak >= REVIEW_DAYS) needsReview = true
      previous = t
    }
    reviews.push({ topic, days, needsReview })
  }
  return reviews.sort((a, b) => Number(b.needsReview) - Number(a.needsReview) || a.topic.localeCompare(b.topic))
}

/** Groups unanswered questions (greedy, in time order: a question joins the first group whose first question is ≥ 0.5 similar). */
export function gapGroups(events: readonly StoredEvent[], reviews: readonly TopicReview[] = topicReviews(events)): GapGroup[] {
  const flagged = new Set(reviews.filter((r) => r.needsReview).map((r) => r.topic))
  // `kept`: grouped by the question's words; otherwise by topic alone.
  const groups: (GapGroup & { grams: Set<string>; topics: Map<string, number>; kept: boolean })[] = []
  // The same text always joins the same group (groups are only added, and keep their first
  // question's bigrams): mask and match each distinct text once, not once per event.
  const seen = new Map<string, { q: string; group: (typeof groups)[number] }>()
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (!isGapEvent(e)) continue
    const asked = questionOf(e)
    const key = asked !== undefined ? `q${asked}` : `t${topicOf(e)}`
    let hit = seen.get(key)
    if (!hit) {
      // Masked by the one masker the widget, the edge and webhooks use.
      const q = asked ? maskPII(asked.trim().slice(0, 300)) : textNotKept(topicOf(e)!)
      const grams = bigrams(q)
      const kept = asked !== undefined
      let group = groups.find((g) => (kept ? g.kept && similar(g.grams, grams) : g.question === q))
      if (!group) groups.push((group = { question: q, count: 0, examples: [], lastTs: e.ts, needsReview: false, grams, topics: new Map(), kept }))
      seen.set(key, (hit = { q, group }))
    }
    const { q, group } = hit
    if (q !== group.question && !group.examples.includes(q) && group.examples.length < 5) group.examples.push(q)
    group.count++
    group.lastTs = Math.max(group.lastTs, e.ts)
    const topic = topicOf(e)
    if (topic) group.topics.set(topic, (group.topics.get(topic) ?? 0) + 1)
  }
  return groups
    .map(({ grams: _g, topics, kept: _k, ...g }) => {
      const topic = [...topics].sort((a, b) => b[1] - a[1])[0]?.[0]
      return { ...g, ...(topic ? { topic } : {}), needsReview: topic !== undefined && flagged.has(topic) }
    })
    .sort((a, b) => Number(b.needsReview) - Number(a.needsReview) || b.count - a.count || b.lastTs - a.lastTs)
}

function csvCell(value: string | number | boolean): string {
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}` // no formulas when opened in a spreadsheet
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * A UTF-8 byte order mark first: Excel on Chinese Windows reads a CSV without one as GBK, so the
 * questions would open as mojibake; with it Excel (and every CSV reader worth using) reads UTF-8.
 */
export const CSV_BOM = '\uFEFF'

/** The review list as CSV: question, count, topic, needs_review, last_seen, examples; BOM first. */
export function gapsCsv(groups: readonly GapGroup[]): string {
  const lines = [['question', 'count', 'topic', 'needs_review', 'last_seen', 'examples'].join(',')]
  for (const g of groups) {
    lines.push([g.question, g.count, g.topic ?? '', g.needsReview, new Date(g.lastTs).toISOString(), g.examples.join(' | ')].map(csvCell).join(','))
  }
  return `${CSV_BOM}${lines.join('\n')}\n`
}
