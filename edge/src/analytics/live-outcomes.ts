// How live handoffs to a person went (CONTRACT §6), from the events the live desk records: how many
// conversations a person took, how long the visitor waited for the first human answer (p50/p90),
// how many ended closed by a person (resolved), released back to the assistant or unanswered, and
// the satisfaction visitors gave after a person closed the chat (`feedback {csat, topic: 'live'}`).
import type { StoredEvent } from '../store/types.ts'
import { percentiles } from './stats.ts'

export interface LiveOutcomesReport {
  /** Conversations a person took. */
  taken: number
  /** From entering the queue to a person's first message (ms). */
  firstResponse: { count: number; p50?: number; p90?: number }
  closed: number
  released: number
  unanswered: number
  /** Closed by a person, of those that ended after a person took them (closed + released). */
  resolvedShare?: number
  csat?: number
  csatN: number
}

/** Anything a live conversation's first answer could take; longer values are not timings. */
const MAX_MS = 7 * 86_400_000

export class LiveOutcomes {
  private taken = 0
  private readonly firstResponses: number[] = []
  private closed = 0
  private released = 0
  private unanswered = 0
  private csatSum = 0
  private csatN = 0

  add({ type, props }: StoredEvent): void {
    if (type === 'handoff_taken') this.taken++
    else if (type === 'handoff_closed') this.closed++
    else if (type === 'handoff_released') this.released++
    else if (type === 'handoff_unanswered') this.unanswered++
    else if (type === 'agent_message') {
      const ms = Number(props.responseMs)
      if (props.responseMs !== undefined && Number.isFinite(ms) && ms >= 0 && ms < MAX_MS) this.firstResponses.push(ms)
    } else if (type === 'feedback' && props.topic === 'live') {
      const csat = Number(props.csat)
      if (Number.isInteger(csat) && csat >= 1 && csat <= 5) {
        this.csatSum += csat
        this.csatN++
      }
    }
  }

  finish(): LiveOutcomesReport {
    const [p50, p90] = percentiles(this.firstResponses, [50, 90])
    const ended = this.closed + this.released
    return {
      taken: this.taken,
      firstResponse: { count: this.firstResponses.length, ...(p50 !== undefined && { p50 }), ...(p90 !== undefined && { p90 }) },
      closed: this.closed,
      released: this.released,
      unanswered: this.unanswered,
      ...(ended && { resolvedShare: this.closed / ended }),
      ...(this.csatN && { csat: this.csatSum / this.csatN }),
      csatN: this.csatN,
    }
  }
}
