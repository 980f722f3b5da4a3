// Loads the catalog and site config files on Node (HUIKE_CATALOG, HUIKE_CONFIG). A missing or
// unparseable file stops startup with a message naming the path; bad catalog records are reported
// and skipped. Files are read as bytes and decoded by catalog/decode-text.ts (UTF-8, GB18030/GBK
// or UTF-16 with a BOM: what Excel and Windows editors save). Decoding and parsing are in
// shop-files.ts, shared with the Workers entry; this file only adds the file system.
import { readFile } from 'node:fs/promises'
import type { SiteConfig } from '../../shared/config.ts'
import type { DecodedCatalog } from './catalog/load-catalog-bytes.ts'
import { catalogFromBytes, configFromBytes, StartupError } from './shop-files.ts'

export { StartupError } from './shop-files.ts'

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
  return catalogFromBytes(await readBytes(path, 'catalog'), path)
}

/**
 * @param log told the encoding when it is not UTF-8, the one everybody expects: node.ts has a line
 *   for the catalog but reads the config quietly (and config-watch.ts reloads it on every save).
 */
export async function readConfigFile(path: string, log: (message: string) => void = console.log): Promise<SiteConfig> {
  return configFromBytes(await readBytes(path, 'site config'), path, log)
}
