import { describe, expect, it } from 'vitest'
import heldoutData from '../../../eval/intents/heldout.json'
import { overlaps } from '../../../eval/intents/overlap.ts'
import { INTENTS, SENTIMENTS } from '../../../shared/protocol.ts'
import { NaiveBayes, best } from './bayes.ts'
import { parseExamples, trainClassifier } from './classify.ts'
import { trainingExamples } from './index.ts'
import { hasExclamationRun, isShouting, readSignals } from './signals.ts'
import { compact, similarity, symbols, tokens } from './text.ts'

describe('text features', () => {
  it('reads full-width punctuation, model numbers and order numbers alike', () => {
    expect(symbols('Ｘ5防水不！！')).toEqual(['#model', '防', '水', '不', '!!'])
    expect(symbols('订单号 20240611')).toEqual(['订', '单', '号', '#number'])
  })

  it('adds character n-grams to Latin words so typos still share features', () => {
    const shared = tokens('refund').filter((t) => tokens('refnd').includes(t))
    expect(shared).toContain('~^re')
  })

  it('measures similarity on words, not punctuation or spacing', () => {
    expect(similarity('怎么退货？', '怎么 退货!!')).toBe(1)
    expect(similarity('?', '???')).toBe(1)
    expect(similarity('有优惠券吗', '手表坏了')).toBe(0)
    expect(compact('Hi, X5!')).toBe('hix5')
  })
})

describe('emotion signals', () => {
  it('finds exclamation runs in both widths', () => {
    expect(hasExclamationRun('退钱！！')).toBe(true)
    expect(hasExclamationRun('refund!!!')).toBe(true)
    expect(hasExclamationRun('好的!')).toBe(false)
  })

  it('tells shouting from acronyms', () => {
    expect(isShouting('I WANT MY MONEY BACK')).toBe(true)
    expect(isShouting('X5 有 GPS 吗')).toBe(false)
    expect(isShouting('USB-C')).toBe(false)
  })

  it('counts the earlier turns that ask the same thing', () => {
    expect(readSignals('怎么退货', ['怎么退货', '怎么退货啊', '有优惠吗']).repeats).toBe(2)
  })
})

describe('naive Bayes', () => {
  it('prefers the fallback when nothing is known', () => {
    const model = NaiveBayes.train(['a', 'b'] as const, [{ tokens: ['x'], label: 'a' }, { tokens: ['y'], label: 'b' }])
    expect(best(['a', 'b'] as const, model.probabilities(['unseen']), 'b').label).toBe('b')
    expect(best(['a', 'b'] as const, model.probabilities(['x']), 'b').label).toBe('a')
  })
})

describe('the labelled data', () => {
  const heldout = parseExamples(heldoutData, 'heldout.json')

  it('covers every intent and sentiment, in Chinese and English', () => {
    for (const set of [trainingExamples, heldout]) {
      for (const intent of INTENTS) expect(set.some((e) => e.intent === intent)).toBe(true)
      for (const sentiment of SENTIMENTS) expect(set.some((e) => e.sentiment === sentiment)).toBe(true)
      expect(set.some((e) => /\p{Script=Han}/u.test(e.text))).toBe(true)
      expect(set.some((e) => /^[\x00-\x7f]+$/.test(e.text))).toBe(true)
    }
    expect(trainingExamples.length + heldout.length).toBeGreaterThanOrEqual(400)
  })

  it('keeps the held-out part free of exact and near duplicates of the training part', () => {
    expect(overlaps(trainingExamples, heldout)).toEqual([])
  })

  it('rejects a misspelt label instead of training on it', () => {
    expect(() => parseExamples([{ text: '你好', intent: 'greeting', sentiment: 'neutral' }], 'x.json')).toThrow(/x\.json\[0\]/)
  })

  // Speed is measured by `npm run eval` (ms per turn), not asserted here.
  it('trains deterministically', () => {
    const a = trainClassifier(trainingExamples)
    const b = trainClassifier(trainingExamples)
    for (const text of ['有紫色吗', '退款', '人工', 'hello']) expect(a.classify(text)).toEqual(b.classify(text))
  })
})
