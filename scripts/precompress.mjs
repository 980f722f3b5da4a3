#!/usr/bin/env node
// The last step of `npm run build`: writes a brotli (.br) and a gzip (.gz) copy next to each text file
// in dist/public, at the highest levels (once per build, so the time is spent here and not per
// request). The Node edge serves them by Accept-Encoding (edge/src/static-files.ts). On Workers,
// Cloudflare compresses static assets itself, so the copies are kept out of the upload (.assetsignore).
// A copy that would not be smaller than its file is not written (tiny files).
//   node scripts/precompress.mjs [dir]
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const DIR = process.argv[2] ?? 'dist/public'
/** What compresses: scripts, styles, pages, SVG images, data. Not _headers (Cloudflare's, never served). */
const TEXT = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.xml', '.map', '.webmanifest'])
const VARIANTS = [
  { ext: '.br', compress: (raw) => brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }) },
  { ext: '.gz', compress: (raw) => gzipSync(raw, { level: 9 }) },
]

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* files(path)
    else if (entry.isFile()) yield path
  }
}

let written = 0
for (const path of [...files(DIR)]) {
  if (!TEXT.has(extname(path))) continue
  const raw = readFileSync(path)
  for (const { ext, compress } of VARIANTS) {
    const packed = compress(raw)
    if (packed.length < raw.length) {
      writeFileSync(path + ext, packed)
      written++
    } else if (statSync(path + ext, { throwIfNoEntry: false })) {
      unlinkSync(path + ext) // left from an earlier build: it would be served for the new file
    }
  }
}
// Workers assets (wrangler.jsonc): Cloudflare compresses on its own; the copies would only be uploaded.
writeFileSync(join(DIR, '.assetsignore'), '*.br\n*.gz\n')
console.log(`precompressed ${written} files in ${DIR} (brotli and gzip)`)
