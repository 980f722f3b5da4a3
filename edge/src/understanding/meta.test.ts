// The brief asks for intent and sentiment "both in meta with a confidence": the `meta` event carries
// the classifier's two confidences, 0–1 with two decimals.
import { describe, expect, it } from 'vitest'
import { askChat, eventData, testApp } from '../testing.ts'
import { MetaSchema } from '../../../shared/protocol.ts'
import { classifyTurn } from '../understanding.ts'

describe('meta confidence', () => {
  const app = testApp()

  it.each(['x5多少钱', '怎么退货', '转人工', 'hello', '不喜欢，想退货'])('%s: meta carries both confidences in 0–1', async (text) => {
    const [meta] = eventData(await askChat(app, text), 'meta')
    expect(MetaSchema.parse(meta)).toEqual(meta)
    const { confidence } = meta!
    expect(confidence).toBeDefined()
    for (const c of [confidence!.intent, confidence!.sentiment]) {
      expect(c).toBeGreaterThanOrEqual(0)
      expect(c).toBeLessThanOrEqual(1)
      expect(Math.round(c * 100) / 100).toBe(c)
    }
  })

  it('reports the classifier\'s own confidence for the labels it sent', async () => {
    const [meta] = eventData(await askChat(app, '转人工'), 'meta')
    const direct = classifyTurn([{ role: 'user', content: '转人工' }], 'zh-CN')
    expect(meta).toMatchObject({ intent: direct.intent, confidence: { intent: Math.round(direct.confidence.intent * 100) / 100 } })
  })
})
