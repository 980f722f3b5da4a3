import { render } from '@testing-library/preact'
import { describe, expect, it } from 'vitest'
import { Markdown, safeUrl } from '../src/app/markdown.tsx'

const md = (text: string) => render(<Markdown text={text} />).container

describe('markdown subset', () => {
  it('renders paragraphs, bold, bullet and numbered lists', () => {
    const c = md('推荐 **X5 儿童手表**：\n\n- 九重定位\n- IP68 防水\n\n1. 下单\n2. 收货\n\n好的')
    expect(c.querySelector('strong')?.textContent).toBe('X5 儿童手表')
    expect([...c.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['九重定位', 'IP68 防水'])
    expect([...c.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual(['下单', '收货'])
    expect(c.querySelectorAll('p')).toHaveLength(2)
  })

  it('keeps single line breaks inside a paragraph', () => {
    const c = md('第一行\n第二行')
    expect(c.querySelectorAll('p')).toHaveLength(1)
    expect(c.querySelectorAll('br')).toHaveLength(1)
  })

  it('renders http(s) and site-relative links opening in a new tab, safely', () => {
    const c = md('看 [详情](https://shop.example/p/x5) 或 [本站](/p/x5.html)')
    const links = [...c.querySelectorAll('a')]
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://shop.example/p/x5', '/p/x5.html'])
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank')
      expect(a.getAttribute('rel')).toBe('noopener noreferrer')
    }
  })

  it('shows javascript:, data:, vbscript: and protocol-relative links as plain text', () => {
    const c = md('[点我](javascript:alert(1)) [图](data:text/html,<b>x</b>) [v](vbscript:msgbox) [j](JaVaScRiPt:alert(1)) [p](//evil.example)')
    expect(c.querySelector('a')).toBeNull()
    expect(c.textContent).toContain('点我')
    expect(c.textContent).toContain('图')
  })

  it('leaves HTML in model text inert', () => {
    const c = md('<img src=x onerror="alert(1)"> <script>alert(2)</script> ![pic](https://x.example/a.png)')
    expect(c.querySelector('img')).toBeNull()
    expect(c.querySelector('script')).toBeNull()
    expect(c.textContent).toContain('<img src=x onerror="alert(1)">')
    expect(c.textContent).toContain('<script>alert(2)</script>')
  })

  it('safeUrl accepts only http(s) and paths', () => {
    expect(safeUrl('https://a.example/x')).toBe('https://a.example/x')
    expect(safeUrl('/img/x5.svg')).toBe('/img/x5.svg')
    for (const bad of ['javascript:alert(1)', ' javascript:x', 'data:image/png;base64,AA', '//evil.example', '/\\evil.example', 'ftp://x', '', 42, null]) {
      expect(safeUrl(bad)).toBeNull()
    }
  })
})
