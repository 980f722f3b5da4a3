// Catalog file bytes → products, decoded first (UTF-8, GB18030/GBK or UTF-16 with a BOM, see
// decode-text.ts), with the encoding used so the Node entry can log it. Runtime-neutral, like
// parseCatalogText, which stays the entry for text that is already decoded (the Workers bundle).
import type { ProductValidation } from '../knowledge/validate-products.ts'
import { decodeText, type TextEncodingName } from './decode-text.ts'
import { parseCatalogText } from './load-catalog.ts'

export interface DecodedCatalog extends ProductValidation {
  encoding: TextEncodingName
}

/** @throws CatalogFormatError when the bytes are no text it reads, or the text is no catalog. */
export function parseCatalogBytes(bytes: Uint8Array, fileName: string): DecodedCatalog {
  const { text, encoding } = decodeText(bytes, fileName)
  return { ...parseCatalogText(text, fileName), encoding }
}
