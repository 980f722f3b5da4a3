// The visitor's region, for per-region consent defaults: what the page said (`page.region`), else
// the country Cloudflare (or a proxy copying its header) put on the request. "XX"/"T1" mean unknown.
import type { PageContext } from '../../shared/protocol.ts'

export function withRegion(page: PageContext, countryHeader: string | undefined): PageContext {
  if (page.region || !countryHeader || !/^[A-Z]{2}$/i.test(countryHeader) || /^(XX|T1)$/i.test(countryHeader)) return page
  return { ...page, region: countryHeader.toUpperCase() }
}
