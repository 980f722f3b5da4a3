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

  it('does not hear a swear in someone\'s mother, nor a complaint in "有没有坑"', () => {
    for (const text of ['送妈妈的', '给我妈的生日挑个礼物', '这是给她妈的', '这款X5有没有坑', '有坑吗']) {
      expect(readSignals(text, []).angryWord, text).toBe(false)
    }
  })

  it('still hears real swearing and being ripped off', () => {
    for (const text of ['妈的，怎么还没到', '他妈的，又没发货', '坑爹啊', '被坑了', '你们就是坑人', '太坑了', 'what a rip off']) {
      expect(readSignals(text, []).angryWord, text).toBe(true)
    }
  })

  it('reads a negated praise word as dissatisfaction, not praise', () => {
    for (const text of ['不喜欢，想退货', '不太满意', '一点都不好用', 'not happy with it', "I don't like it", 'do not really like the strap']) {
      const s = readSignals(text, [])
      expect(s.positiveWord, text).toBe(false)
      expect(s.negativeWord, text).toBe(true)
    }
  })

  it('keeps plain praise, and does not read an A-not-A question as a negation', () => {
    for (const text of ['很喜欢', '非常满意', 'I love it', 'great, thanks']) expect(readSignals(text, []).positiveWord, text).toBe(true)
    for (const text of ['这个颜色好不好看', '喜不喜欢都能退吗', '满不满意']) {
      const s = readSignals(text, [])
      expect(s.negativeWord, text).toBe(false)
      expect(s.positiveWord, text).toBe(false)
    }
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
