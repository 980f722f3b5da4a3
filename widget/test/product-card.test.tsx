import { render } from '@testing-library/preact'
import { describe, expect, it } from 'vitest'
import { fireEvent } from '@testing-library/preact'
import { Cards } from '../src/app/components/Cards.tsx'
import { ProductCard } from '../src/app/components/ProductCard.tsx'
import type { Card, CardProduct as Product, CompareCard } from '../src/app/types.ts'
import { t } from './helpers.ts'

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
    expect(a.getAttribute('target')).toBeNull() // the shop's own page opens in place
    expect(card.querySelector('img')?.getAttribute('src')).toBe('/img/x5.svg')
    // Another site's page opens in a new tab, without access to this one.
    const away = render(<ProductCard card={{ ...x5, url: 'https://other.example/x5' }} s={t('zh-CN')} lang="zh-CN" />).container.querySelector('a')!
    expect(away.getAttribute('target')).toBe('_blank')
    expect(away.getAttribute('rel')).toBe('noopener noreferrer')
  })

  it('says out of stock in the visitor language', () => {
    const zh = render(<ProductCard card={{ ...x5, stock: 0 }} s={t('zh-CN')} lang="zh-CN" />).container
    expect(zh.textContent).toContain('暂时缺货')
    const en = render(<ProductCard card={{ ...x5, stock: 0 }} s={t('en')} lang="en" />).container
    expect(en.textContent).toContain('Out of stock')
    expect(en.textContent).toContain('View')
    expect(en.textContent).toMatch(/¥899/)
    expect(en.textContent).not.toContain('CN¥')
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

const compare: CompareCard = {
  type: 'compare',
  products: [
    { id: 'x5', name: 'X5 儿童智能手表', price: 899, currency: 'CNY', url: '/p/x5.html' },
    { id: 'rival-k9', name: 'K9 儿童手表（竞品）', price: 999, currency: 'CNY', url: '/should-not-link', competitor: true },
  ],
  rows: [
    { attribute: '定位', values: ['九重定位，误差小于5米', '三重定位，误差约15米'] },
    { attribute: '颜色', values: ['粉色 / 蓝色', null] },
  ],
}

describe('compare card', () => {
  it('is a table with column and row headers, prices from the card, and a dash where a value is missing', () => {
    const c = render(<Cards cards={[compare]} s={t('zh-CN')} lang="zh-CN" />).container
    const card = c.querySelector('[part="card"][data-type="compare"]')!
    expect(card.getAttribute('role')).toBe('region')
    expect(card.getAttribute('tabindex')).toBe('0') // keyboard users can scroll it sideways
    expect([...card.querySelectorAll('thead th[scope="col"]')].map((th) => th.textContent)).toEqual(['X5 儿童智能手表', 'K9 儿童手表（竞品）'])
    expect([...card.querySelectorAll('tbody th[scope="row"]')].map((th) => th.textContent)).toEqual(['价格', '定位', '颜色'])
    const cells = [...card.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))
    expect(cells).toEqual([['¥899', '¥999'], ['九重定位，误差小于5米', '三重定位，误差约15米'], ['粉色 / 蓝色', '—']])
  })

  it('links our product and never the competitor, and reports the click', () => {
    const opened: string[] = []
    const c = render(<Cards cards={[compare]} s={t('en')} lang="en" onOpen={(p) => opened.push(p.id)} />).container
    const links = c.querySelectorAll('a')
    expect(links).toHaveLength(1)
    expect(links[0]!.getAttribute('href')).toBe('/p/x5.html')
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer')
    expect(c.textContent).toContain('Comparison')
    links[0]!.addEventListener('click', (e) => e.preventDefault()) // happy-dom would really navigate
    fireEvent.click(links[0]!)
    expect(opened).toEqual(['x5'])
  })

  it('drops a compare card with fewer than two well-formed products', () => {
    const broken = { ...compare, products: [compare.products[0]] } as unknown as Card
    const c = render(<Cards cards={[broken]} s={t('zh-CN')} lang="zh-CN" />).container
    expect(c.querySelector('[part="card"]')).toBeNull()
  })
})

describe('clicking a product card', () => {
  it('anywhere on the card follows its link once and reports the click', () => {
    const opened: string[] = []
    const c = render(<ProductCard card={x5} s={t('zh-CN')} lang="zh-CN" onOpen={(p) => opened.push(p.id)} />).container
    const followed: string[] = []
    c.querySelector('a')!.addEventListener('click', (e) => {
      e.preventDefault() // happy-dom would really navigate
      followed.push((e.currentTarget as HTMLAnchorElement).getAttribute('href')!)
    })
    fireEvent.click(c.querySelector('.name')!)
    fireEvent.click(c.querySelector('a')!)
    expect(followed).toEqual(['/p/x5.html', '/p/x5.html'])
    expect(opened).toEqual(['x5', 'x5'])
  })
})
