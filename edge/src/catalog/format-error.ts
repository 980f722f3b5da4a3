// A catalog file that cannot be read as a catalog at all (unknown extension, a `.json` that is not
// an array, a CSV header naming no price column). Unlike a bad record, which is reported and
// skipped, this stops startup: the Node entry shows the message, which names the file.
export class CatalogFormatError extends Error {
  override name = 'CatalogFormatError'
}

/** `the catalog data/shop.csv <reason>`: every such message starts by naming the file. */
export function catalogError(fileName: string, reason: string): CatalogFormatError {
  return new CatalogFormatError(`the catalog ${fileName} ${reason}`)
}
