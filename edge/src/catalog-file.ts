// Loads the catalog and site config files on Node (HUIKE_CATALOG, HUIKE_CONFIG). A missing or
// unparseable file stops startup with a message naming the path; bad catalog records are reported
// and skipped. Files are read as bytes and decoded by catalog/decode-text.ts (UTF-8, GB18030/GBK
// or UTF-16 with a BOM: what Excel and Windows editors save). Decoding and parsing have no Node
// imports, so the Workers entry can share them; this file only adds the file system.
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { SiteConfig } from '../../shared/config.ts'
import { decodeText } from './catalog/decode-text.ts'
import { parseCatalogBytes, type DecodedCatalog } from './catalog/load-catalog-bytes.ts'
import { CatalogFormatError } from './catalog/load-catalog.ts'
import { parseSiteConfig } from './site-config.ts'

export class StartupError extends Error {
  override name = 'StartupError'
}

async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return await readFile(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message
    throw new StartupError(`cannot read the ${what} ${path}: ${reason}`)
  }
}

/** `.json` (array), `.jsonl` or `.csv`, by extension (CONTRACT §2), with the encoding it was read in. */
export async function readCatalogFile(path: string): Promise<DecodedCatalog> {
  const bytes = await readBytes(path, 'catalog')
  return stopOnFormatError(() => parseCatalogBytes(bytes, path))
}

/**
 * @param log told the encoding when it is not UTF-8, the one everybody expects: node.ts has a line
 *   for the catalog but reads the config quietly (and config-watch.ts reloads it on every save).
 */
export async function readConfigFile(path: string, log: (message: string) => void = console.log): Promise<SiteConfig> {
  const bytes = await readBytes(path, 'site config')
  const { text, encoding } = stopOnFormatError(() => decodeText(bytes, path))
  if (encoding !== 'utf-8' && encoding !== 'utf-8-bom') log(`huike: site config ${path} read as ${encoding.toUpperCase()}`)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new StartupError(`the site config ${path} is not valid JSON: ${(err as Error).message}`)
  }
  return parseSiteConfig(json, basename(path))
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
