// What is known of the visitor: where they came from, what they looked at and said they want.
import type { VisitorContext } from '../../shared/live.ts'
import type { Strings } from './i18n.ts'

export function VisitorInfo({ visitor, s }: { visitor: VisitorContext; s: Strings }) {
  const f = s.fields
  const rows: [string, string][] = []
  const add = (label: string, value: string | undefined) => value && rows.push([label, value])
  add(f.keyword, visitor.keyword)
  add(f.campaign, visitor.campaign)
  add(f.source, visitor.source)
  add(f.intent, visitor.intent && (s.intents[visitor.intent] ?? visitor.intent))
  add(f.sentiment, visitor.sentiment && (s.sentiments[visitor.sentiment] ?? visitor.sentiment))
  add(f.page, visitor.page)
  add(f.lang, visitor.lang)
  add(f.channel, visitor.channel && (s.channels[visitor.channel] ?? visitor.channel))
  const products = visitor.products ?? []
  const answers = Object.entries(visitor.answers ?? {})
  return (
    <aside class="visitor" aria-label={s.aboutVisitor}>
      <h2>{s.aboutVisitor}</h2>
      {!rows.length && !products.length && !answers.length && <p class="muted">{s.nothingKnown}</p>}
      <dl>
        {rows.map(([label, value]) => (
          <div key={label} class="field">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        {products.length > 0 && (
          <div class="field">
            <dt>{f.products}</dt>
            <dd>
              <ul class="chips">
                {products.map((p) => <li key={p.id} title={p.id}>{p.name}</li>)}
              </ul>
            </dd>
          </div>
        )}
        {answers.length > 0 && (
          <div class="field">
            <dt>{f.answers}</dt>
            <dd>
              <ul class="answers">
                {answers.map(([k, v]) => <li key={k}><span class="muted">{k}</span> {v}</li>)}
              </ul>
            </dd>
          </div>
        )}
      </dl>
    </aside>
  )
}
