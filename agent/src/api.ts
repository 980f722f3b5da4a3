// The agent API (CONTRACT §6) as the console calls it: every request carries the bearer token, and
// a failure becomes an AgentApiError with the status, the edge's error code and whatever it said.
import type { Agent, ConversationDetail, ConversationSummary } from '../../shared/live.ts'

export interface ConsoleConfig {
  quickReplies: string[]
}

export class AgentApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole error body: a 409 may say who holds the conversation. */
    readonly body: unknown,
  ) {
    super(message)
  }
}

export type Action = 'take' | 'release' | 'close'

export interface AgentApi {
  conversations(): Promise<ConversationSummary[]>
  conversation(id: string): Promise<ConversationDetail>
  send(id: string, text: string): Promise<unknown>
  act(id: string, action: Action): Promise<unknown>
  typing(id: string, typing: boolean): Promise<unknown>
  config(lang: string): Promise<ConsoleConfig>
}

export interface ApiOptions {
  /** Where the edge is; the console is served by it, so its own origin. */
  base: string
  token: string
  agent: Agent
  fetch?: typeof fetch
}

export function agentApi({ base, token, agent, fetch: f = fetch.bind(globalThis) }: ApiOptions): AgentApi {
  const call = async (path: string, body?: unknown): Promise<any> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await f(`${base}/v1/agent${path}`, { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const data: any = await res.json().catch(() => null)
    if (!res.ok) throw new AgentApiError(res.status, data?.error?.code ?? 'http', data?.error?.message ?? `HTTP ${res.status}`, data)
    return data
  }
  const path = (id: string, tail = '') => `/conversations/${encodeURIComponent(id)}${tail}`
  return {
    conversations: async () => ((await call('/conversations')) as { conversations: ConversationSummary[] }).conversations,
    conversation: (id) => call(path(id)),
    send: (id, text) => call(path(id, '/messages'), { text, agent }),
    act: (id, action) => call(path(id, `/${action}`), { agent }),
    typing: (id, typing) => call(path(id, '/typing'), { agent, typing }),
    config: (lang) => call(`/config?lang=${encodeURIComponent(lang)}`),
  }
}
