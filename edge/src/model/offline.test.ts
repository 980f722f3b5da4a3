import { describe, expect, it } from 'vitest'
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'
import { demoCatalog } from '../testing.ts'
import { OfflineResponder } from './offline.ts'
import { splitIntoPieces } from './pieces.ts'
import type { ModelInput } from './types.ts'

function input(question: string, subjectIds: string[], lang: Lang = 'zh-CN'): ModelInput {
  const subjects = subjectIds.map((id) => demoCatalog.get(id)!) as Product[]
  return { system: '', messages: [{ role: 'user', content: question }], lang, question, snippets: subjects, subjects, intent: 'presales', sentiment: 'neutral' }
}

async function collect(responder: OfflineResponder, modelInput: ModelInput, signal = new AbortController().signal): Promise<string[]> {
  const pieces: string[] = []
  for await (const piece of responder.stream(modelInput, signal)) pieces.push(piece)
  return pieces
}

const instant = new OfflineResponder(demoCatalog, { pieceDelayMs: 0 })

describe('OfflineResponder', () => {
  it('answers the price with its currency', async () => {
    expect((await collect(instant, input('X5 儿童手表多少钱？', ['x5']))).join('')).toBe('X5 儿童智能手表售价 ¥899。')
  })

  it('answers an attribute through its synonyms', async () => {
    expect((await collect(instant, input('电池能用多久', ['x5']))).join('')).toContain('3天')
    expect((await collect(instant, input('有多重', ['z7']))).join('')).toContain('198g')
  })

  it('answers from the FAQ', async () => {
    expect((await collect(instant, input('这个能打电话吗', ['x5']))).join('')).toContain('视频通话')
  })

  it("says when the facts don't hold the answer instead of guessing", async () => {
    const text = (await collect(instant, input('支持无线充电吗', ['z7']))).join('')
    expect(text).toContain('没有直接提到')
    expect(text).not.toMatch(/支持无线充电/)
  })

  it('answers in English', async () => {
    expect((await collect(instant, input('Does it come in purple?', ['x5'], 'en'))).join('')).toMatch(/^Sorry, X5 .* doesn't come in purple; it is available in 粉色, 蓝色\.$/)
  })

  it('streams in small pieces with a visible delay', async () => {
    const paced = new OfflineResponder(demoCatalog, { pieceDelayMs: 15 })
    const started = Date.now()
    const pieces = await collect(paced, input('介绍一下 Z7', ['z7']))
    expect(pieces.length).toBeGreaterThan(10)
    expect(Date.now() - started).toBeGreaterThanOrEqual(15 * (pieces.length - 2))
  })

  it('paces many answers at once on one shared clock, each in its own time', async () => {
    const paced = new OfflineResponder(demoCatalog, { pieceDelayMs: 15 })
    const started = Date.now()
    const answers = await Promise.all(Array.from({ length: 20 }, () => collect(paced, input('介绍一下 Z7', ['z7']))))
    const whole = (await collect(instant, input('介绍一下 Z7', ['z7']))).join('')
    for (const pieces of answers) expect(pieces.join('')).toBe(whole)
    const count = splitIntoPieces(whole).length
    expect(Date.now() - started).toBeGreaterThanOrEqual(15 * (count - 2))
    expect(Date.now() - started).toBeLessThan(15 * count + 1_000)
  })

  it('stops promptly when the signal aborts', async () => {
    const paced = new OfflineResponder(demoCatalog, { pieceDelayMs: 1_000 })
    const controller = new AbortController()
    const pieces: string[] = []
    const started = Date.now()
    setTimeout(() => controller.abort(), 20)
    for await (const piece of paced.stream(input('介绍一下 Z7', ['z7']), controller.signal)) pieces.push(piece)
    expect(pieces).toHaveLength(1)
    expect(Date.now() - started).toBeLessThan(500)
  })
})

describe('splitIntoPieces', () => {
  it('cuts Chinese into 2–4 characters and English into words, losing nothing', () => {
    const zh = 'X5 儿童智能手表售价 ¥899。'
    expect(splitIntoPieces(zh).join('')).toBe(zh)
    expect(splitIntoPieces('儿童智能手表').every((p) => p.length >= 2 && p.length <= 4)).toBe(true)
    expect(splitIntoPieces('It costs ¥899 today.')).toEqual(['It ', 'costs ', '¥899 ', 'today.'])
  })
})
