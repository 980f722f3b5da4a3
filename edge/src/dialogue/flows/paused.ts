// A flow the visitor stepped out of for a side question ("X5 防水吗？" halfway through the gift
// finder): the flow handler does not answer it, so the model is told where the finder stands, to
// answer the question and then offer to carry on.
import { localized, type SiteConfig } from '../../../../shared/config.ts'
import type { ChatRequest } from '../../../../shared/protocol.ts'
import type { Catalog } from '../../knowledge/catalog.ts'
import { catalogCurrency } from '../../knowledge/constraints.ts'
import { describeValue } from './match.ts'
import { readState } from './state.ts'

export function pausedFlowNote(request: ChatRequest, config: SiteConfig, catalog: Catalog): string | undefined {
  const state = readState(request.profile.flow, config.flows)
  if (!state || state.step === 'done' || state.sessionId !== request.sessionId) return undefined
  const flow = config.flows.find((f) => f.id === state.id)!
  const currency = catalogCurrency(catalog.all) ?? 'CNY'
  const known = flow.slots.flatMap((s) => {
    const value = state.slots[s.id]
    return value === undefined ? [] : [`${localized(s.label, 'en')}: ${describeValue(s, value, request.lang, currency)}`]
  })
  return `They are halfway through the "${localized(flow.name, request.lang)}" product finder (known so far: ${known.join('; ') || 'nothing yet'}) and stepped aside with this message. Answer it, then offer to continue the finder.`
}
