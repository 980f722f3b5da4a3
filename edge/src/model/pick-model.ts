// The model both entries use: an OpenAI-compatible LLM when a key is configured, else the offline
// responder (which is also always the fallback).
import type { EdgeSettings } from '../env.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { OfflineResponder, type OfflineResponderOptions } from './offline.ts'
import { OpenAIModel } from './openai.ts'
import type { ChatModel } from './types.ts'

export function pickModels(
  settings: Pick<EdgeSettings, 'openai'>,
  catalog: Catalog,
  offlineOptions?: OfflineResponderOptions,
): { model: ChatModel; offline: ChatModel } {
  const offline = new OfflineResponder(catalog, offlineOptions)
  const model = settings.openai ? new OpenAIModel(settings.openai) : offline
  return { model, offline }
}
