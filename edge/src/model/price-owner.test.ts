// A price belongs to the product its sentence names: a true price of one product never lands on
// another, and a product the shop doesn't sell gets no price of ours, streamed in any pieces.
import { describe, expect, it } from 'vitest'
import { answerText, askChat, eventData, scriptedModel, testApp } from '../testing.ts'

/** The model's text in pieces of 1–3 characters, as a slow stream would bring it. */
function pieces(text: string): string[] {
  const out: string[] = []
  for (let i = 0, n = 1; i < text.length; i += n, n = (n % 3) + 1) out.push(text.slice(i, i + n))
  return out
}

async function guarded(question: string, modelText: string, split: boolean): Promise<{ text: string; corrected: number }> {
  const app = testApp({ model: scriptedModel(split ? pieces(modelText) : [modelText]) })
  const events = await askChat(app, question)
  return { text: answerText(events), corrected: eventData(events, 'done')[0]?.corrected ?? 0 }
}

describe.each([false, true])('the price guard, streamed in small pieces: %s', (split) => {
  it('never writes the focus product’s price onto a product the shop does not sell', async () => {
    const { text, corrected } = await guarded('X5 多少钱？', '好的，云顶2帐篷售价1299元。X5 售价 ¥899。', split)
    expect(text).not.toMatch(/云顶2帐篷售价\s*(899|¥899)/)
    expect(text).not.toContain('1299')
    expect(text).toContain('X5 售价 ¥899')
    expect(corrected).toBeGreaterThan(0)
    const exact = await guarded('X5 多少钱？', '云顶2帐篷售价899元。X5 售价 ¥899。', split)
    expect(exact.text).not.toMatch(/云顶2帐篷售价899/)
  })

  it("puts a product's own price into its sentence: A's true price on B becomes B's", async () => {
    expect((await guarded('Z7 Lite 多少钱？', 'Z7 Lite 售价 ¥3299。', split)).text).toBe('Z7 Lite 售价 ¥1999。')
    expect((await guarded('X5 多少钱？', 'X5 售价 ¥899。Y1 售价 ¥1234。', split)).text).toBe('X5 售价 ¥899。Y1 售价 ¥499。')
    // Two products in one sentence: an amount that is neither's cannot be given an owner, so it goes.
    const both = (await guarded('X5 多少钱？', 'X5 售价 ¥899，Y1 售价 ¥1234。', split)).text
    expect(both).not.toContain('1234')
    expect(both).not.toMatch(/Y1 售价 ¥899/)
  })

  it('lets true prices through where each sentence names its own product', async () => {
    const text = 'Z7 售价 ¥3299，Z7 Lite 售价 ¥1999。'
    expect((await guarded('Z7 和 Z7 Lite 哪个好', text, split)).text).toBe(text)
  })
})
