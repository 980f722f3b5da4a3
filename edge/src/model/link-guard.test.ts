import { describe, expect, it } from 'vitest'
import { LinkGuard, linkKey } from './link-guard.ts'

const allowed = ['/p/x5.html', 'https://shop.example/help', 'https://shop.example/lp?ref=v_1']

function run(guard: LinkGuard, pieces: string[]): { shown: string[]; text: string } {
  const shown = pieces.map((p) => guard.push(p))
  shown.push(guard.end())
  return { shown, text: shown.join('') }
}

describe('LinkGuard', () => {
  it('keeps the text of a markdown link to anywhere else, split over pieces', () => {
    const guard = new LinkGuard(allowed)
    const { shown, text } = run(guard, ['请到[官方', '旗舰店](htt', 'ps://evil.exa', 'mple/x5)购买。'])
    expect(text).toBe('请到官方旗舰店购买。')
    expect(shown.join('|')).not.toContain('evil')
    expect(guard.corrected).toBe(1)
  })

  it('removes bare URLs to anywhere else: scheme or www', () => {
    const guard = new LinkGuard(allowed)
    const { shown, text } = run(guard, ['购买链接：ht', 'tps://evil.example/buy 。', '或者 ww', 'w.evil.example/coupon ，谢谢。'])
    expect(text).toBe('购买链接： 。或者  ，谢谢。')
    expect(shown.join('|')).not.toContain('evil')
    expect(guard.corrected).toBe(2)
  })

  it('keeps the links the edge gave: product pages, config links, the share link', () => {
    const guard = new LinkGuard(allowed)
    const text = '详情见[X5](/p/x5.html)，帮助 https://shop.example/help/ 。分享：https://shop.example/lp?ref=v_1. See [help](https://SHOP.example/help).'
    expect(run(guard, [text.slice(0, 10), text.slice(10, 40), text.slice(40)]).text).toBe(text)
    expect(guard.corrected).toBe(0)
  })

  it('drops an invented shop path and a link whose text is itself a bad URL', () => {
    const guard = new LinkGuard(allowed)
    expect(run(guard, ['[X9](/p/x9.html) and [https://evil.example](https://evil.example).']).text).toBe('X9 and .')
    expect(guard.corrected).toBe(3)
  })

  it('streams plain text and brackets that are no links', () => {
    const guard = new LinkGuard(allowed)
    expect(guard.push('X5 支持 [定位] 功能，')).toBe('X5 支持 [定位] 功能，')
    expect(guard.push('what about h')).toBe('what about ')
    expect(guard.push('ealth?')).toBe('health?')
    expect(linkKey('https://Shop.Example/a/')).toBe('shop.example/a')
  })
})
