// The landing page's search keyword, from its URL: ad platforms and search engines put it in
// different parameters, and Baidu still sends GBK percent-encoding ("%B6%F9%CD%AF" = 儿童), which
// URLSearchParams would turn into U+FFFD. So the query is split by hand and each value decoded as
// UTF-8 first, then as GBK (TextDecoder('gbk') exists in Node and workerd), else reported.

import { maskPII } from '../../../shared/mask.ts'

/** Most specific first: a paid keyword beats a campaign name. */
export const KEYWORD_PARAMS = ['utm_term', 'keyword', 'kw', 'q', 'wd', 'utm_campaign'] as const

export interface LandingKeyword {
  keyword: string
  param: string
}

/** The raw query of a URL or path ("https://a/b?x=1#h", "/p/x5?kw=…"). */
function rawQuery(url: string): string {
  const start = url.indexOf('?')
  if (start < 0) return ''
  const end = url.indexOf('#', start)
  return url.slice(start + 1, end < 0 ? undefined : end)
}

function percentBytes(value: string): Uint8Array | undefined {
  const bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16))
      i += 2
    } else if (ch === '+') bytes.push(0x20)
    else {
      const code = ch.codePointAt(0)!
      if (code > 0x7f) return undefined // already decoded text: nothing to re-decode
      bytes.push(code)
    }
  }
  return Uint8Array.from(bytes)
}

/** One query value as text: UTF-8, else GBK; undefined (and logged) when it is neither. */
export function decodeParam(value: string, log?: (message: string) => void): string | undefined {
  const bytes = percentBytes(value)
  if (!bytes) return value.replace(/\+/g, ' ')
  for (const encoding of ['utf-8', 'gbk']) {
    try {
      const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes)
      // GBK maps almost any byte pair somewhere; private-use or control characters mean it was not GBK either.
      if (!/[\p{Co}\p{Cc}\uFFFD]/u.test(text)) return text
    } catch {
      // not this encoding (or a runtime without it): try the next one
    }
  }
  // Logged masked (decoded as well as it goes, so a phone number in it is recognised), never raw.
  log?.(`landing keyword ${JSON.stringify(maskPII(new TextDecoder().decode(bytes)).slice(0, 80))} is neither UTF-8 nor GBK; ignored`)
  return undefined
}

/** Lower case, full-width to half-width, runs of spaces and punctuation to one space. */
export function normalizeKeyword(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim()
}

export function landingKeyword(url: string | undefined, log?: (message: string) => void): LandingKeyword | undefined {
  if (!url) return undefined
  const values = new Map<string, string>()
  for (const pair of rawQuery(url).split('&')) {
    const eq = pair.indexOf('=')
    if (eq < 0) continue
    const name = pair.slice(0, eq).toLowerCase()
    if (!values.has(name)) values.set(name, pair.slice(eq + 1))
  }
  for (const param of KEYWORD_PARAMS) {
    const raw = values.get(param)
    if (!raw) continue
    const decoded = decodeParam(raw, log)
    const keyword = decoded && normalizeKeyword(decoded)
    if (keyword) return { keyword: keyword.slice(0, 100), param }
  }
  return undefined
}

/** A plain query parameter (the share link's `ref`), UTF-8 only. */
export function queryParam(url: string | undefined, name: string): string | undefined {
  if (!url) return undefined
  for (const pair of rawQuery(url).split('&')) {
    const [key, value = ''] = pair.split('=')
    if (key === name && value) return decodeParam(value)
  }
  return undefined
}
