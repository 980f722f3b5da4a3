// Loads the catalog and site config files on Node (HUIKE_CATALOG, HUIKE_CONFIG). A missing or
// unparseable file stops startup with a message naming the path; bad catalog records are reported
// and skipped (knowledge/validate-products.ts). `.jsonl` and `.csv` catalogs arrive with issue 4.
import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import type { SiteConfig } from '../../shared/config.ts'
import { validateProducts, type ProductValidation } from './knowledge/validate-products.ts'
import { parseSiteConfig } from './site-config.ts'

export class StartupError extends Error {
  override name = 'StartupError'
}

async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message
    throw new StartupError(`cannot read the ${what} ${path}: ${reason}`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new StartupError(`the ${what} ${path} is not valid JSON: ${(err as Error).message}`)
  }
}

export async function readCatalogFile(path: string): Promise<ProductValidation> {
  const extension = extname(path).toLowerCase()
  if (extension !== '.json') {
    throw new StartupError(`the catalog ${path} must be a .json file (an array of products); got "${extension || 'no extension'}"`)
  }
  const records = await readJsonFile(path, 'catalog')
  if (!Array.isArray(records)) throw new StartupError(`the catalog ${path} must hold a JSON array of products`)
  return validateProducts(records, basename(path))
}

export async function readConfigFile(path: string): Promise<SiteConfig> {
  return parseSiteConfig(await readJsonFile(path, 'site config'), basename(path))
}
