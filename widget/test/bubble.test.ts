import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SHOWN, start } from '../src/bubble.ts'
import { jsonResponse, memoryKV, until, type Call } from './helpers.ts'

const greet = { greeting: '您好，我是小慧', suggestions: [], cards: [], campaign: null, variant: null, proactive: null }

let root: ShadowRoot
let launcher: HTMLButtonElement
beforeEach(() => {
  sessionStorage.clear()
  const host = document.createElement('div')
  document.body.append(host)
  root = host.attachShadow({ mode: 'open' })
  launcher = document.createElement('button')
  launcher.setAttribute('aria-expanded', 'false')
  root.append(launcher)
})
afterEach(() => {
  document.body.innerHTML = ''
  vi.useRealTimers()
})

/** A fake page `huike` (queue only) and a fetch answering /v1/greet with `answer`. */
function page(answer: object = greet, queue: unknown[][] = []) {
  const calls: Call[] = []
  const huike = Object.assign(vi.fn(), { q: queue })
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url: String(url), body: JSON.parse(String(init?.body)) })
    return String(url).endsWith('/v1/greet') ? jsonResponse(answer) : new Response(null, { status: 202 })
  }) as typeof globalThis.fetch
  const events = () => calls.filter((c) => c.url.endsWith('/v1/events')).flatMap((c) => c.body.events)
  const run = (kv = memoryKV()) => start(root, { lang: 'zh-CN', endpoint: 'https://edge.example', huike, launcher, kv, fetch })
  return { calls, huike, events, run }
}

const bubble = () => root.querySelector<HTMLElement>('[part="bubble"]')

describe('proactive bubble', () => {
  it('asks /v1/greet once, shows the greeting without taking focus, and reports greet_shown', async () => {
    const p = page(greet, [['page', { productId: 'x5' }]])
    const r = await p.run()
    expect(r).toMatchObject({ greeting: '您好，我是小慧' })
    await until(() => expect(bubble()?.textContent).toContain('您好，我是小慧'))
    const greets = p.calls.filter((c) => c.url.endsWith('/v1/greet'))
    expect(greets).toHaveLength(1)
    expect(greets[0]!.body.page).toMatchObject({ productId: 'x5' }) // the queued huike('page') call
    expect(greets[0]!.body.profile).toMatchObject({ visits: 1 })
    expect(bubble()!.getAttribute('role')).toBe('status')
    expect(root.activeElement).toBeNull()
    await until(() => expect(p.events()).toContainEqual(expect.objectContaining({ type: 'greet_shown', props: expect.objectContaining({ trigger: 'greeting' }) })))
  })

  it('greet_shown carries the campaign, keyword and source, so a purchase can be attributed to the ad', async () => {
    const landed = { ...greet, campaign: 'kids-watch', profile: { source: 'kids-watch', landing: { keyword: '儿童智能手表定位', campaign: 'kids-watch', at: 1 } } }
    const p = page(landed)
    await p.run()
    await until(() => expect(p.events()).toContainEqual(expect.objectContaining({
      type: 'greet_shown', props: expect.objectContaining({ campaign: 'kids-watch', keyword: '儿童智能手表定位', source: 'kids-watch' }),
    })))
  })

  it('greets once per visit: the next page view asks again but shows no second greeting', async () => {
    await page().run()
    await until(() => expect(bubble()).toBeTruthy())
    expect(sessionStorage.getItem(SHOWN)).toBe('1')
    bubble()!.remove()
    const next = page()
    expect(await next.run()).toMatchObject({ greeting: '您好，我是小慧' }) // the app still gets it
    await new Promise((r) => setTimeout(r, 30))
    expect(bubble()).toBeNull()
  })

  it('a proactive trigger still shows after the greeting, once per visit: the cart left on the last page', async () => {
    await page().run()
    await until(() => expect(bubble()).toBeTruthy())
    bubble()!.remove()
    const cart = { ...greet, proactive: { trigger: 'cart', text: '购物车里的宝贝还在等您' } }
    const next = page(cart)
    await next.run()
    await until(() => expect(bubble()?.textContent).toContain('购物车里的宝贝还在等您'))
    await until(() => expect(next.events()).toContainEqual(expect.objectContaining({ type: 'greet_shown', props: expect.objectContaining({ trigger: 'cart' }) })))
    bubble()!.remove()
    await page(cart).run()
    await new Promise((r) => setTimeout(r, 30))
    expect(bubble()).toBeNull()
  })

  it('clicking it opens the panel with that opener; × just closes it', async () => {
    const p = page({ ...greet, proactive: { trigger: 'landing', text: '在找儿童定位手表？' } })
    await p.run()
    await until(() => expect(bubble()).toBeTruthy())
    expect(bubble()!.textContent).toContain('在找儿童定位手表？') // the proactive text wins over the greeting
    bubble()!.querySelector<HTMLButtonElement>('.t')!.click()
    expect(bubble()).toBeNull()
    expect(p.huike).toHaveBeenCalledWith('opener', '在找儿童定位手表？')
    expect(p.huike).toHaveBeenCalledWith('open')

    sessionStorage.clear()
    const q = page()
    await q.run()
    await until(() => expect(bubble()).toBeTruthy())
    bubble()!.querySelector<HTMLButtonElement>('.c')!.click()
    expect(bubble()).toBeNull()
    expect(q.huike).not.toHaveBeenCalledWith('open')
  })

  it('waits for proactive.delayMs, and exit intent shows it at once', async () => {
    const p = page({ ...greet, proactive: { trigger: 'hesitation', text: '还在犹豫？', delayMs: 60_000 } })
    vi.spyOn(window, 'matchMedia').mockReturnValue({ matches: true } as MediaQueryList)
    await p.run()
    await new Promise((r) => setTimeout(r, 30))
    expect(bubble()).toBeNull()
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: -1, bubbles: true }))
    await until(() => expect(bubble()?.textContent).toContain('还在犹豫？'))
  })

  it('shows no bubble when the visitor refused marketing (queued consent), and says so to the edge', async () => {
    const p = page({ ...greet, proactive: { trigger: 'landing', text: '新客立减50元' } }, [['consent', { marketing: false }]])
    await p.run()
    await new Promise((r) => setTimeout(r, 30))
    expect(bubble()).toBeNull()
    expect(p.calls[0]!.body.profile.consent).toEqual({ marketing: false })
    expect(sessionStorage.getItem(SHOWN)).toBeNull()
  })

  it('reports experiment_exposure once per visit and stores the profile the edge sends', async () => {
    const answer = { ...greet, variant: { experiment: 'opener-test', id: 'b' }, profile: { marketing: { shown: { r1: [1] } } } }
    const kv = memoryKV()
    const p = page(answer)
    await p.run(kv)
    await until(() => expect(bubble()).toBeTruthy())
    sessionStorage.removeItem(SHOWN) // a second page view that shows the greeting again
    await p.run(kv)
    await until(() => expect(p.events().filter((e) => e.type === 'greet_shown')).toHaveLength(2))
    const exposures = p.events().filter((e) => e.type === 'experiment_exposure')
    expect(exposures).toHaveLength(1)
    expect(exposures[0].props).toEqual({ experiment: 'opener-test', variant: 'b' })
    // The exposure and the first bubble shown went out together: one request, not one each.
    expect(p.calls.filter((c) => c.url.endsWith('/v1/events'))[0]!.body.events.map((e: { type: string }) => e.type)).toEqual(['experiment_exposure', 'greet_shown'])
    expect(kv.map.get('profile')).toMatchObject({ marketing: { shown: { r1: [1] } } })
  })
})
