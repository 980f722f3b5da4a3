import { describe, expect, it } from 'vitest'
import { chitChat } from './chit-chat.ts'

describe('chitChat: acknowledgements', () => {
  it.each(['好的', '好', '嗯', '嗯嗯', '收到', 'OK', 'ok!', 'Okay.', '谢谢', '好的，谢谢', 'thanks', 'Thank you so much!', '好吧'])('"%s" is an acknowledgement', (q) => {
    expect(chitChat(q)).toBe('ack')
  })

  it.each(['好的，X5 多少钱？', 'ok how much is it', 'thanks, is it waterproof?', '不好', '好贵'])('"%s" is not', (q) => {
    expect(chitChat(q)).not.toBe('ack')
  })
})
