// The report page's Content-Security-Policy, sent as a header by GET /v1/report. The page is one
// HTML document with its styles in one inline <style> (render.ts CSS) and inline SVG charts: no
// scripts, no images, no fetches, no forms. The style is allowed by its SHA-256 hash rather than
// 'unsafe-inline', so nothing but that exact stylesheet applies even if text ever escaped esc().
// (The page's own <meta> CSP stays for copies opened offline; both apply, so the stricter wins.)
import { CSS } from './render.ts'

/** `'sha256-<base64>'` of a text, as CSP source lists name an inline element's content. */
export async function cspHash(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`
}

let policy: Promise<string> | undefined

export function reportCsp(): Promise<string> {
  policy ??= cspHash(CSS).then((style) => `default-src 'none'; style-src ${style}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`)
  return policy
}
