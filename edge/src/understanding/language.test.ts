import { describe, expect, it } from 'vitest'
import { answerText, askChat, testApp } from '../testing.ts'
import { replyLanguage } from './language.ts'

describe('replyLanguage', () => {
  it('follows a visitor who plainly writes in the other language, and keeps the page\'s otherwise', () => {
    expect(replyLanguage('zh-CN', 'How much is the X5?')).toBe('en')
    expect(replyLanguage('en', 'X5 多少钱？')).toBe('zh-CN')
    expect(replyLanguage('zh-CN', 'X5 多少钱')).toBe('zh-CN')
    expect(replyLanguage('zh-CN', 'ok')).toBe('zh-CN')
    expect(replyLanguage('en', 'Is the X5 防水?')).toBe('en')
  })

  it('an English question on the Chinese page is answered in English from the same catalog', async () => {
    const text = answerText(await askChat(testApp(), 'How much is the X5 kids watch?', { lang: 'zh-CN' }))
    expect(text).toMatch(/¥899/)
    expect(text).toMatch(/[A-Za-z]{3,}/)
    expect(text).not.toMatch(/售价/)
  })
})
