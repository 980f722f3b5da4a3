import { act, fireEvent, render } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Cards } from '../src/app/components/Cards.tsx'
import { CouponCard } from '../src/app/components/CouponCard.tsx'
import { knownCards } from '../src/app/sanitize.ts'
import type { CouponCard as Coupon } from '../src/app/types.ts'
import { t, until } from './helpers.ts'

const T0 = 1_800_000_000_000
const coupon: Coupon = { type: 'coupon', offerId: 'kids-new', code: 'KIDS50', title: '儿童手表新客券', discount: '立减50元', expiresAt: T0 + 90_061_000, terms: '满500元可用' }

afterEach(() => vi.useRealTimers())

describe('coupon card', () => {
  it('shows discount, title, code, terms and a countdown, through Cards and knownCards', () => {
    const c = render(<Cards cards={[coupon, { type: 'coupon', code: 'X' }]} s={t('zh-CN')} lang="zh-CN" />).container
    const cards = c.querySelectorAll('[part="card"][data-type="coupon"]')
    expect(cards).toHaveLength(1) // the malformed one is dropped
    const text = cards[0]!.textContent!
    for (const part of ['立减50元', '儿童手表新客券', 'KIDS50', '满500元可用', '复制']) expect(text).toContain(part)
    expect(knownCards([coupon])).toEqual([coupon])
  })

  it('counts down every second, then greys out as expired and can no longer be copied', () => {
    vi.useFakeTimers({ now: T0 })
    const c = render(<CouponCard card={{ ...coupon, expiresAt: T0 + 2_000 }} s={t('zh-CN')} />).container
    expect(c.querySelector('.countdown')!.textContent).toBe('剩余 00:00:02')
    act(() => void vi.advanceTimersByTime(1_000))
    expect(c.querySelector('.countdown')!.textContent).toBe('剩余 00:00:01')
    act(() => void vi.advanceTimersByTime(1_000))
    expect(c.querySelector('.countdown')!.textContent).toBe('已过期')
    expect(c.querySelector('[part="card"]')!.classList.contains('expired')).toBe(true)
    expect(c.querySelector<HTMLButtonElement>('.copy')!.disabled).toBe(true)
  })

  it('shows days in a long countdown, in English too', () => {
    vi.useFakeTimers({ now: T0 })
    const c = render(<CouponCard card={coupon} s={t('en')} />).container
    expect(c.querySelector('.countdown')!.textContent).toBe('Ends in 1d 01:01:01')
  })

  it('copies the code with the clipboard API, says so, and reports the copy', async () => {
    const writeText = vi.fn(async () => {})
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    const onCopy = vi.fn()
    const c = render(<CouponCard card={coupon} s={t('zh-CN')} onCopy={onCopy} />).container
    fireEvent.click(c.querySelector('.copy')!)
    await until(() => expect(c.querySelector('.copy')!.textContent).toBe('已复制'))
    expect(writeText).toHaveBeenCalledWith('KIDS50')
    expect(onCopy).toHaveBeenCalledWith(coupon)
  })

  it('where the clipboard API is refused, selects the code for the visitor to copy, adding nothing to the page', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async () => Promise.reject(new Error('denied')) }, configurable: true })
    const select = vi.fn()
    vi.spyOn(window, 'getSelection').mockReturnValue({ selectAllChildren: select } as unknown as Selection)
    const onCopy = vi.fn()
    const c = render(<CouponCard card={coupon} s={t('en')} onCopy={onCopy} />).container
    const before = document.body.childElementCount
    fireEvent.click(c.querySelector('.copy')!)
    await until(() => expect(select).toHaveBeenCalledWith(c.querySelector('code')))
    expect(c.querySelector('.copy')!.textContent).toBe('Copy') // not claimed as copied
    expect(onCopy).not.toHaveBeenCalled()
    expect(document.body.childElementCount).toBe(before)
  })
})
