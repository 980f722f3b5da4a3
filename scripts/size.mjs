#!/usr/bin/env node
// Size budget of the built widget (run `npm run build` first; `npm run size` does both), in gzip bytes:
// /huike.js (the loader every page downloads), the bubble chunk (after every page's load; it also carries
// the helpers the app imports from it), the lazily loaded app chunk, and their total — the whole widget a
// visitor who opens the panel downloads. The English strings, the PII masker and the live-handoff channel
// are listed apart: most visitors never need them (English pages, a person joining) or get them only once
// the app runs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const OUT = 'dist/public'
const BUDGETS = { loader: 1500, bubble: 3500, app: 25000, total: 26500, en: 1000, mask: 5000, live: 2500 }

const manifest = JSON.parse(readFileSync('dist/widget-manifest.json', 'utf8'))
const entry = (src) => {
  const e = manifest[src]
  if (!e) {
    console.error(`no ${src} in dist/widget-manifest.json: run npm run build`)
    process.exit(1)
  }
  return e
}
/** A chunk's file and those of the chunks it imports, transitively. */
const closure = (key, seen = new Set()) => {
  if (seen.has(key)) return seen
  seen.add(key)
  for (const k of manifest[key].imports ?? []) closure(k, seen)
  return seen
}
const BUBBLE = 'widget/src/bubble.ts'
const APP = 'widget/src/app/main.tsx'
entry(BUBBLE)
entry(APP)
const bubbleFiles = [...closure(BUBBLE)].map((k) => manifest[k].file)
// What the app imports from the bubble's chunks is already counted there.
const appFiles = [...closure(APP)].map((k) => manifest[k].file).filter((f) => !bubbleFiles.includes(f))

let over = false
const line = (name, file, raw, gz) => {
  const budget = BUDGETS[name]
  const ok = gz <= budget
  over ||= !ok
  console.log(`${ok ? '✔' : '✘'} ${name.padEnd(6)} ${file.padEnd(34)} ${String(raw).padStart(7)} B raw  ${String(gz).padStart(6)} B gzip  (budget ${budget} B)`)
}
const measure = (file) => {
  const raw = readFileSync(join(OUT, file))
  return { raw: raw.length, gz: gzipSync(raw, { level: 9 }).length }
}

let total = { raw: 0, gz: 0 }
for (const [name, files] of [['loader', ['huike.js']], ['bubble', bubbleFiles], ['app', appFiles]]) {
  const m = files.map(measure).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 })
  total = { raw: total.raw + m.raw, gz: total.gz + m.gz }
  line(name, files.join(' + ') || '(none)', m.raw, m.gz)
}
line('total', 'loader + bubble + app', total.raw, total.gz)
for (const [name, file] of [['en', 'huike-en.js'], ['mask', 'huike-mask.js'], ['live', 'huike-live.js']]) {
  const m = measure(file)
  line(name, file, m.raw, m.gz)
}
process.exit(over ? 1 : 0)
