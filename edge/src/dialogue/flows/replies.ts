// What a flow says next: a question with quick replies, a confirmation of unsure answers, or up to
// three recommended products that meet every answer; and what it remembers in the profile.
import type { Product } from '../../../../shared/catalog.ts'
import type { FlowConfig, FlowSlotConfig } from '../../../../shared/config.ts'
import { localized } from '../../../../shared/config.ts'
import type { VisitorProfile } from '../../../../shared/protocol.ts'
import { productCard } from '../../cards.ts'
import { type Constraints } from '../../knowledge/constraints.ts'
import { formatPrice } from '../../knowledge/facts.ts'
import { recommend, type Pick } from '../../knowledge/recommend.ts'
import type { DialogueReply } from '../types.ts'
import { candidates, constraintsOf, describeValue, viableOptions, worthAsking } from './match.ts'
import { fingerprint, isSlotValue, type FlowState, type SlotValue } from './state.ts'
import { MAX_REPLIES, currencyOf, item, join, leadIn, slotById, type Said, type Turn } from './reading.ts'


export function rememberPatch(flow: FlowConfig, state: FlowState): VisitorProfile {
  const patch: Record<string, unknown> = {}
  for (const slot of flow.slots) {
    const value = state.slots[slot.id]
    if (!slot.remember || value === undefined) continue
    if (slot.type === 'money' && typeof value === 'object' && !Array.isArray(value)) {
      const amount = value.around ?? value.max ?? value.min
      if (amount !== undefined) patch[slot.remember] = amount
      patch[`${slot.remember}Range`] = value
    } else patch[slot.remember] = value
  }
  return patch
}

/** A remembered answer from an earlier visit, if the profile holds one this slot can use. */
export function recalledValue(slot: FlowSlotConfig, profile: VisitorProfile): SlotValue | undefined {
  if (!slot.remember) return undefined
  const value = profile[slot.remember]
  if (slot.type === 'money') {
    const range = profile[`${slot.remember}Range`]
    if (range !== undefined && isSlotValue(range) && typeof range === 'object' && !Array.isArray(range)) return range
    return typeof value === 'number' && value > 0 ? { max: value } : undefined
  }
  if (slot.type === 'enum') {
    const ok = (v: unknown) => typeof v === 'string' && (slot.options ?? []).some((o) => o.value === v)
    if (slot.multiple) return Array.isArray(value) && value.length && value.every(ok) ? (value as string[]) : undefined
    return ok(value) ? (value as string) : undefined
  }
  if (slot.type === 'number') return typeof value === 'number' ? value : undefined
  return typeof value === 'string' && value ? value : undefined
}

export function known(turn: Turn, flow: FlowConfig, state: FlowState): string[] {
  const items = flow.slots.flatMap((s) => (state.slots[s.id] === undefined ? [] : [item(turn, flow, s, state.slots[s.id]!)]))
  return [...items, ...(state.extra ?? [])]
}

export function brief(turn: Turn, flow: FlowConfig, state: FlowState, now: string): string {
  const skipped = (state.skipped ?? []).map((id) => localized(slotById(flow, id)?.label ?? id, 'en'))
  return [
    `Guided-selling flow "${flow.id}" (${localized(flow.name, turn.lang)}); the shop's process decides each step, follow it.`,
    `Known: ${known(turn, flow, state).join('; ') || 'nothing yet'}.`,
    ...(skipped.length ? [`Skipped (any is fine): ${skipped.join(', ')}.`] : []),
    `Now: ${now}`,
  ].join('\n')
}

export function reply(turn: Turn, flow: FlowConfig, state: FlowState, parts: { text: string; brief: string; products?: Product[]; cards?: DialogueReply['cards']; suggestions: string[] }): DialogueReply {
  state.q = fingerprint(turn.text)
  state.sessionId = turn.ctx.request.sessionId
  return {
    topic: `flow:${flow.id}`,
    text: parts.text,
    brief: brief(turn, flow, state, parts.brief),
    products: parts.products ?? [],
    cards: parts.cards ?? [],
    suggestions: [...new Set(parts.suggestions)].slice(0, MAX_REPLIES),
    profile: { flow: state, ...rememberPatch(flow, state) },
  }
}

export function question(turn: Turn, slot: FlowSlotConfig): string {
  return localized(slot.question, turn.lang)
}

/** Quick replies for a slot: the site's own, or the options some remaining product has first; then "skip". */
export function repliesFor(turn: Turn, slot: FlowSlotConfig, remaining: readonly Product[]): string[] {
  const own = slot.replies?.map((r) => localized(r, turn.lang))
  const options = viableOptions(slot, remaining).map((o) => (o.label !== undefined ? localized(o.label, turn.lang) : o.value))
  return [...(own ?? options.slice(0, 4)), turn.t.skip]
}

export function askReply(turn: Turn, flow: FlowConfig, state: FlowState, slot: FlowSlotConfig, remaining: readonly Product[], s: Said): DialogueReply {
  state.step = slot.id
  const ask = question(turn, slot)
  return reply(turn, flow, state, {
    text: join(turn.lang, [...leadIn(turn, s), ask]),
    brief: `ask exactly this one question and recommend nothing yet: "${ask}"`,
    suggestions: repliesFor(turn, slot, remaining),
  })
}

export function confirmReply(turn: Turn, flow: FlowConfig, state: FlowState, s: Said): DialogueReply {
  state.step = 'confirm'
  const { t, lang } = turn
  const items = Object.entries(state.pending ?? {}).flatMap(([id, value]) => {
    const slot = slotById(flow, id)
    return slot ? [t.is(localized(slot.label, lang), describeValue(slot, value, lang, currencyOf(flow, turn.ctx)))] : []
  })
  const ask = (state.recalled ? t.recalled : t.confirm)(items)
  return reply(turn, flow, state, {
    text: join(turn.lang, [...leadIn(turn, s), ask]),
    brief: `confirm these unsure answers before relying on them (offer yes / change): ${items.join('; ')}`,
    suggestions: [t.yes, t.no],
  })
}

export function picksText(turn: Turn, picks: readonly Pick[]): string {
  return picks.map(({ product: p, reason }) => turn.t.pick(p.name, formatPrice(p.price, p.currency), reason, p.stock === 0)).join('')
}

export function recommendReply(turn: Turn, flow: FlowConfig, state: FlowState, c: Constraints, query: string, refine: FlowSlotConfig | undefined, remaining: readonly Product[], s: Said, exclude?: ReadonlySet<string>): DialogueReply {
  const { t, lang, ctx } = turn
  const rec = recommend(ctx.catalog, query, c, { lang, vocabulary: ctx.vocabulary, ...(exclude && { exclude }) })
  const shown = rec.picks.length ? rec.picks : rec.nearest
  const wanted = t.items(known(turn, flow, state))
  let body: string
  let now: string
  if (rec.picks.length) {
    body = t.recommend(wanted, rec.picks.length) + picksText(turn, rec.picks) + (rec.more ? t.more : '')
    now = `recommend exactly these products, which meet every answer, with their reasons: ${rec.picks.map((p) => p.product.id).join(', ')}.`
  } else if (exclude) {
    body = t.noMore
    now = 'no further products meet the answers: say so.'
  } else {
    body = join(lang, [t.noMatch(wanted), rec.nearest.length ? t.nearest + picksText(turn, rec.nearest) : t.nothingNear])
    now = `NO product meets every answer: say so honestly.${rec.nearest.length ? ` The closest, which do not meet everything: ${rec.nearest.map((p) => p.product.id).join(', ')}.` : ''}`
  }
  state.shown = [...new Set([...(exclude ? (state.shown ?? []) : []), ...shown.map((p) => p.product.id)])]
  state.step = refine?.id ?? 'done'
  const refineText = refine ? t.refine + question(turn, refine) : ''
  if (refine) now += ` Then ask, to narrow it down: "${question(turn, refine)}"`
  const money = flow.slots.find((slot) => slot.type === 'money' && (slot.required || state.slots[slot.id] !== undefined))
  const after = [...(rec.more ? [t.anyOthers] : []), ...(money ? [t.change(localized(money.label, lang))] : []), t.startOver]
  return reply(turn, flow, state, {
    text: join(lang, [...s.lead, body]) + refineText,
    brief: now,
    products: shown.map((p) => p.product),
    cards: shown.map((p) => productCard(p.product, p.reason)),
    suggestions: refine ? repliesFor(turn, refine, remaining) : after,
  })
}

/** What comes next: confirm what is unsure, ask what is missing, or recommend. */
export function next(turn: Turn, flow: FlowConfig, state: FlowState, s: Said, options: { now?: boolean; exclude?: ReadonlySet<string> } = {}): DialogueReply {
  if (state.pending) return confirmReply(turn, flow, state, s)
  const { ctx, lang } = turn
  const { constraints, query } = constraintsOf(flow, state, ctx.catalog, ctx.vocabulary, lang)
  const remaining = candidates(ctx.catalog, constraints)
  const missing = flow.slots.filter((s) => s.required && state.slots[s.id] === undefined && !state.skipped?.includes(s.id) && worthAsking(s, remaining))
  if (missing[0] && !state.shown?.length && !options.now) return askReply(turn, flow, state, missing[0], remaining, s)
  return recommendReply(turn, flow, state, constraints, query, missing[0], remaining, s, options.exclude)
}
