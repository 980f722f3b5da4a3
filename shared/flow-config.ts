// Guided selling as data (config `flows`): a flow's start words, the products it draws from, and the
// slots it asks for (money, enum options, number, text), validated with path-named messages. Kept
// apart from config.ts so each file stays readable; config.ts puts `flows` into SiteConfigSchema.
import { z } from 'zod'
import { LocalizedTextSchema } from './localized.ts'
import { INTENTS } from './protocol.ts'

const FLOW_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/
const FLOW_ID_MESSAGE = 'must be letters, digits, - or _'
/** Profile keys the edge and widget already use for something else, so a flow may not remember into them. */
const RESERVED_PROFILE_KEYS = ['interests', 'askedProducts', 'lastVisit', 'source', 'consent', 'flow', 'marketing', 'askedTags', 'views', 'purchases']

/** Which products an answer stands for: every test given must hold. */
export const FlowMatchSchema = z
  .strictObject({
    /** The product's category or one of its tags is one of these. */
    tags: z.array(z.string().min(1)).min(1).optional(),
    /** The product has this attribute and, with `values`, its value contains one of them. */
    attribute: z.strictObject({ key: z.string().min(1), values: z.array(z.string().min(1)).min(1).optional() }).optional(),
    /** Who it is for, as the catalog says (适用人群, 适用年龄, tags); unisex suits women and men. */
    audience: z.enum(['女士', '男士', '儿童']).optional(),
    /** One of these words is in the product's name, description, tags or attribute values. */
    words: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((m) => Object.values(m).some((v) => v !== undefined), 'give at least one of tags, attribute, audience, words')

/** One answer of an enum slot: "女朋友", "老婆", "girlfriend" → 女士 → products for women. */
export const FlowOptionSchema = z.strictObject({
  /** What the slot (and the profile) stores: "女士", "油性". */
  value: z.string().min(1),
  /** How replies name it; default: the value. */
  label: LocalizedTextSchema.optional(),
  /** Words that choose it, in any language; the value and label count too. */
  synonyms: z.array(z.string().min(1)).default([]),
  match: FlowMatchSchema,
})

export const FLOW_SLOT_TYPES = ['money', 'enum', 'number', 'text'] as const

/**
 * One thing a flow asks. money: a budget ("500以内", "两千左右", "1k-2k"); enum: one of `options`
 * (several with `multiple`); number: e.g. an age, matched against a range attribute ("4-12岁");
 * text: free words, read with the knowledge vocabulary (categories, tags, colours).
 */
export const FlowSlotSchema = z
  .strictObject({
    id: z.string().regex(FLOW_ID, FLOW_ID_MESSAGE),
    type: z.enum(FLOW_SLOT_TYPES),
    /** What confirmations and summaries call it: "预算", "budget". */
    label: LocalizedTextSchema,
    question: LocalizedTextSchema,
    /** Quick replies offered with the question; default for enum slots: the options' labels. */
    replies: z.array(LocalizedTextSchema).max(6).optional(),
    options: z.array(FlowOptionSchema).min(2).optional(),
    multiple: z.boolean().default(false),
    /** false: never asked, only taken when the visitor volunteers it. */
    required: z.boolean().default(true),
    /** A profile key that keeps the answer for the next visit ("budget", "skinType"), where it is confirmed rather than asked again. */
    remember: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a simple name such as skinType').optional(),
    /** number: the attribute holding the range a product suits ("适用年龄": "4-12岁"). */
    attribute: z.string().min(1).optional(),
    /** number: words after the number ("岁", "years old"). */
    units: z.array(z.string().min(1)).default([]),
    /** number: the plausible range; a bare number outside it is not taken. */
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .superRefine((slot, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (slot.type === 'enum' && !slot.options) issue('options', 'an enum slot needs options')
    if (slot.type !== 'enum' && slot.options) issue('options', `only enum slots have options, not ${slot.type} slots`)
    if (slot.multiple && slot.type !== 'enum') issue('multiple', 'only enum slots take several values')
    if (slot.type === 'number' && !slot.attribute) issue('attribute', 'a number slot needs the attribute it is matched against')
    const values = (slot.options ?? []).map((o) => o.value)
    const twice = values.find((v, i) => values.indexOf(v) !== i)
    if (twice) issue('options', `the value "${twice}" appears twice`)
    if (slot.remember) {
      if (RESERVED_PROFILE_KEYS.includes(slot.remember)) issue('remember', `"${slot.remember}" is a profile key the widget uses for something else`)
      if (slot.remember === 'budget' && slot.type !== 'money') issue('remember', 'only a money slot can remember into "budget"')
      if (slot.remember === 'skinType' && (slot.type === 'money' || slot.type === 'number' || slot.multiple)) issue('remember', '"skinType" holds one word: an enum or text slot')
    }
  })

/** A guided-selling conversation: the slots it asks, one at a time, before recommending. */
export const FlowSchema = z
  .strictObject({
    id: z.string().regex(FLOW_ID, FLOW_ID_MESSAGE),
    name: LocalizedTextSchema,
    start: z
      .strictObject({
        /** Words that start it ("礼物", "gift"); "儿童手表+推荐" needs both. Case-insensitive. */
        keywords: z.array(z.string().min(1)).default([]),
        /** The visitor's intents it may start under. */
        intents: z.array(z.enum(INTENTS)).min(1).default(['presales', 'promotion', 'other']),
        /** A quick reply (greeting suggestion, campaign) that starts it. */
        entry: LocalizedTextSchema.optional(),
      })
      .prefault({}),
    /** Said before the first question: "好的，我来帮您挑一份礼物". */
    intro: LocalizedTextSchema.optional(),
    /** Where its recommendations come from: products of these categories or with these tags. */
    products: z
      .strictObject({ categories: z.array(z.string().min(1)).default([]), tags: z.array(z.string().min(1)).default([]) })
      .refine((p) => p.categories.length + p.tags.length > 0, 'give at least one category or tag'),
    slots: z.array(FlowSlotSchema).min(1),
    /** How many things an opening message must already say to be answered at once; default: all required slots. */
    enough: z.int().min(1).optional(),
  })
  .superRefine((flow, ctx) => {
    const ids = flow.slots.map((s) => s.id)
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['slots', i, 'id'], message: `the slot id "${id}" appears twice` })
    })
    if (flow.slots.filter((s) => s.type === 'money').length > 1) ctx.addIssue({ code: 'custom', path: ['slots'], message: 'a flow has at most one money slot' })
    if (flow.enough !== undefined && flow.enough > flow.slots.length) ctx.addIssue({ code: 'custom', path: ['enough'], message: `must be at most the number of slots (${flow.slots.length})` })
  })
export type FlowConfig = z.infer<typeof FlowSchema>
export type FlowSlotConfig = z.infer<typeof FlowSlotSchema>
export type FlowOptionConfig = z.infer<typeof FlowOptionSchema>
export type FlowMatch = z.infer<typeof FlowMatchSchema>

export const FlowsSchema = z.array(FlowSchema).superRefine((flows, ctx) => {
  const ids = flows.map((f) => f.id)
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `the flow id "${id}" appears twice` })
  })
})
