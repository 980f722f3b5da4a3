import { describe, expect, it } from 'vitest'
import { readStockClaims, StockGuard } from './stock-guard.ts'

const x5 = { id: 'x5', stock: 120 }
const lite = { id: 'z7-lite', stock: 0 }
const productsOf = (s: string) => (s.includes('Lite') ? [lite] : s.includes('Z9') ? [] : [x5])

function run(guard: StockGuard, pieces: string[]): string {
  return pieces.map((p) => guard.push(p)).join('') + guard.end()
}

describe('StockGuard', () => {
  it.each([
    [['X5 目前缺', '货。']],
    [['X5 库存还剩 ', '3 件。']],
    [['Hurry, only ', '2 left! ']],
    [['Z9 有', '货。']],
  ])('drops an invented stock claim %j', (pieces) => {
    const guard = new StockGuard({ productsOf })
    const text = run(guard, ['你好。', ...pieces, '还需要什么？'])
    expect(text).toMatch(/^你好。.{0,12}还需要什么？$/u)
    expect(text).not.toMatch(/缺货|3 件|2 left|有货/)
    expect(guard.corrected).toBe(1)
  })

  it('keeps claims the catalog supports, and ordinary text', () => {
    const guard = new StockGuard({ productsOf })
    const text = 'X5 有货，库存 120 件。Z7 Lite 目前缺货。只有 2 种颜色，续航 3 天。需要我帮您查询库存吗？'
    expect(run(guard, [text.slice(0, 7), text.slice(7, 30), text.slice(30)])).toBe(text)
    expect(guard.corrected).toBe(0)
  })

  it('unknown stock supports no claim', () => {
    const guard = new StockGuard({ productsOf: () => [{ id: 'a', stock: undefined }] })
    expect(run(guard, ['这款有现货。欢迎选购。'])).toBe('欢迎选购。')
    expect(guard.corrected).toBe(1)
  })

  it('reads claims', () => {
    expect(readStockClaims('库存还剩三件')).toEqual([{ count: 3 }])
    expect(readStockClaims('only 2 left')).toEqual([{ count: 2 }])
    expect(readStockClaims('out of stock')).toEqual([{ out: true }])
    expect(readStockClaims('续航 3 天，只有 2 种颜色')).toEqual([])
  })
})
