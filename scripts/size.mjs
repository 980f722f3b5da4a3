#!/usr/bin/env node
// Size budget of the built widget (run `npm run build` first; `npm run size` does both):
// gzip bytes of /huike.js (the loader every page downloads), of the bubble chunk (also every page view)
// and of the lazily loaded app chunk, English strings, PII masker and live-handoff channel.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const OUT = 'dist/public'
const BUDGETS = { loader: 1500, bubble: 3000, app: 26500, en: 1000, mask: 5000, live: 2500 }

const manifest = JSON.parse(readFileSync('dist/widget-manifest.json', 'utf8'))
const app = manifest['widget/src/app/main.tsx']?.file
if (!app) {
  console.error(`no widget/src/app/main.tsx in dist/widget-manifest.json: run npm run build`)
  process.exit(1)
}

const bubble = JSON.parse(readFileSync('dist/bubble-manifest.json', 'utf8'))['widget/src/bubble.ts']?.file
if (!bubble) {
  console.error(`no widget/src/bubble.ts in dist/bubble-manifest.json: run npm run build`)
  process.exit(1)
}

let over = false
for (const [name, file] of [['loader', 'huike.js'], ['bubble', bubble], ['app', app], ['en', 'huike-en.js'], ['mask', 'huike-mask.js'], ['live', 'huike-live.js']]) {
  const raw = readFileSync(join(OUT, file))
  const gz = gzipSync(raw, { level: 9 }).length
  const budget = BUDGETS[name]
  const ok = gz <= budget
  over ||= !ok
  console.log(`${ok ? '✔' : '✘'} ${name.padEnd(6)} ${file.padEnd(32)} ${String(raw.length).padStart(7)} B raw  ${String(gz).padStart(6)} B gzip  (budget ${budget} B)`)
}
process.exit(over ? 1 : 0)
