// The shop's catalog and site config files, as bytes → products and config: the same decoding,
// parsing and messages on Node (catalog-file.ts reads the files from disk) and on Workers
// (deployed-shop.ts reads them from the deployment's static assets). No Node imports.
import type { SiteConfig } from '../../shared/config.ts'
import { decodeText } from './catalog/decode-text.ts'
import { parseCatalogBytes, type DecodedCatalog } from './catalog/load-catalog-bytes.ts'
import { CatalogFormatError } from './catalog/load-catalog.ts'
import { parseSiteConfig } from './site-config.ts'

/** A file the edge cannot start with (missing, not text, not a catalog, not JSON); the message names the path. */
export class StartupError extends Error {
  override name = 'StartupError'
}

/** `.json` (array), `.jsonl`, `.csv` or `.txt`, by the path's extension (CONTRACT §2), with the encoding it was read in. */
export function catalogFromBytes(bytes: Uint8Array, path: string): DecodedCatalog {
  return stopOnFormatError(() => parseCatalogBytes(bytes, path))
}

/**
 * @param log told the encoding when it is not UTF-8, the one everybody expects.
 * @throws StartupError (not text, not JSON) or ConfigError (not a config: every problem by its JSON path)
 */
export function configFromBytes(bytes: Uint8Array, path: string, log: (message: string) => void): SiteConfig {
  const { text, encoding } = stopOnFormatError(() => decodeText(bytes, path))
  if (encoding !== 'utf-8' && encoding !== 'utf-8-bom') log(`huike: site config ${path} read as ${encoding.toUpperCase()}`)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new StartupError(`the site config ${path} is not valid JSON: ${(err as Error).message}`)
  }
  return parseSiteConfig(json, path.split(/[\\/]/).pop() || path)
}

/** A file that is not a catalog, or not text at all, stops startup; its message names the path. */
function stopOnFormatError<T>(read: () => T): T {
  try {
    return read()
  } catch (err) {
    if (err instanceof CatalogFormatError) throw new StartupError(err.message)
    throw err
  }
}
