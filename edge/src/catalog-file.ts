// Loads the catalog and site config files on Node (HUIKE_CATALOG, HUIKE_CONFIG). A missing or
// unparseable file stops startup with a message naming the path; bad catalog records are reported
// and skipped. Parsing itself lives in catalog/load-catalog.ts, which has no Node imports, so the
// Workers entry can share it; this file only adds the file system.
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { SiteConfig } from '../../shared/config.ts'
import { CatalogFormatError, parseCatalogText } from './catalog/load-catalog.ts'
import type { ProductValidation } from './knowledge/validate-products.ts'
import { parseSiteConfig } from './site-config.ts'

export class StartupError extends Error {
  override name = 'StartupError'
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message
    throw new StartupError(`cannot read the ${what} ${path}: ${reason}`)
  }
}

/** `.json` (array), `.jsonl` or `.csv`, by extension (CONTRACT §2). */
export async function readCatalogFile(path: string): Promise<ProductValidation> {
  const text = await readText(path, 'catalog')
  try {
    return parseCatalogText(text, path)
  } catch (err) {
    if (err instanceof CatalogFormatError) throw new StartupError(err.message)
    throw err
  }
}

export async function readConfigFile(path: string): Promise<SiteConfig> {
  const text = await readText(path, 'site config')
  let json: unknown
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (err) {
    throw new StartupError(`the site config ${path} is not valid JSON: ${(err as Error).message}`)
  }
  return parseSiteConfig(json, basename(path))
}
