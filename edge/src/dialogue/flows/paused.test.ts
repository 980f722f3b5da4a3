// A side question halfway through a product finder: the model hears where the finder stands.
import { describe, expect, it } from 'vitest'
import type { ModelInput } from '../../model/types.ts'
import { converse, scriptedModel, testApp } from '../../testing.ts'

describe('a product finder the visitor stepped out of', () => {
  it('is in the prompt of the side question, with what is known so far, and not once the finder answers', async () => {
    const seen: ModelInput[] = []
    const app = testApp({ model: scriptedModel(['好的。'], (input) => seen.push(input)) })
    await converse(app, ['想买块手表送礼', '两千以内', 'X5 防水吗？'])
    const [start, budget, side] = seen.map((input) => input.system)
    expect(start).not.toContain('product finder')
    expect(budget).not.toContain('stepped aside')
    expect(side).toMatch(/They are halfway through the ".+" product finder \(known so far: budget: [^)]*2000[^)]*\) and stepped aside/)
    expect(side).toContain('[x5] X5 儿童智能手表')
  })
})
