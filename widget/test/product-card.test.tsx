import { render } from '@testing-library/preact'
import { describe, expect, it } from 'vitest'
import { Cards, ProductCard } from '../src/app/components/ProductCard.tsx'
import { t } from '../src/app/i18n.ts'
import type { Card, CardProduct as Product } from '../src/app/types.ts'

const x5: Product = { id: 'x5', name: 'X5 儿童智能手表', price: 899, currency: 'CNY', url: '/p/x5.html', image: '/img/x5.svg', stock: 120, note: '九重定位，误差小于5米' }

describe('product card', () => {
  it('shows the thumbnail, name, price in yuan and a safe link', () => {
    const c = render(<ProductCard card={x5} s={t('zh-CN')} lang="zh-CN" />).container
    const card = c.querySelector('[part="card"]')!
    expect(card.getAttribute('data-type')).toBe('product')
    expect(card.textContent).toContain('X5 儿童智能手表')
    expect(card.textContent).toContain('¥899')
    expect(card.textContent).toContain('九重定位')
    expect(card.textContent).not.toContain('暂时缺货')
    const a = card.querySelector('a')!
    expect(a.textContent).toBe('查看详情')
    expect(a.getAttribute('href')).toBe('/p/x5.html')
    expect(a.getAttribute('target')).toBe('_blank')
    expect(a.getAttribute('rel')).toBe('noopener noreferrer')
    expect(card.querySelector('img')?.getAttribute('src')).toBe('/img/x5.svg')
  })

  it('says out of stock in the visitor language', () => {
    const zh = render(<ProductCard card={{ ...x5, stock: 0 }} s={t('zh-CN')} lang="zh-CN" />).container
    expect(zh.textContent).toContain('暂时缺货')
    const en = render(<ProductCard card={{ ...x5, stock: 0 }} s={t('en')} lang="en" />).container
    expect(en.textContent).toContain('Out of stock')
    expect(en.textContent).toContain('View')
    expect(en.textContent).toMatch(/¥899/)
  })

  it('drops unsafe link and image URLs', () => {
    const c = render(<ProductCard card={{ ...x5, url: 'javascript:alert(1)', image: 'data:image/svg+xml,<svg onload=alert(1)>' }} s={t('zh-CN')} lang="zh-CN" />).container
    expect(c.querySelector('a')).toBeNull()
    expect(c.querySelector('img')).toBeNull()
    expect(c.textContent).toContain('X5 儿童智能手表')
  })

  it('ignores unknown and malformed card types', () => {
    const cards = [{ type: 'hologram', id: 'h' }, { type: 'product', product: { id: 'bad' } }, { type: 'product', product: x5 }] as unknown as Card[]
    const c = render(<Cards cards={cards} s={t('zh-CN')} lang="zh-CN" />).container
    expect(c.querySelectorAll('[part="card"]')).toHaveLength(1)
  })
})
