// Writes the admin report (the page GET /v1/report serves) from HUIKE_DB to dist/report.html, or
// with --gaps prints the knowledge-gap review list as CSV to stdout. Reads the store window by
// window (never all events at once).
// Usage: tsx scripts/report.ts [--gaps] [--out FILE] [--window DAYS]
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { gapsCsv } from '../edge/src/analytics/gaps.ts'
import { DEFAULT_WINDOW_MS, reportFromStore } from '../edge/src/analytics/report.ts'
import { DEFAULT_DB_PATH } from '../edge/src/env.ts'
import { readConfigFile } from '../edge/src/catalog-file.ts'
import { renderReport } from '../edge/src/report/render.ts'
import { openFileStore } from '../edge/src/store/libsql.ts'

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? undefined : process.argv[i + 1]
}

async function main(): Promise<void> {
  const path = process.env.HUIKE_DB?.trim() || DEFAULT_DB_PATH
  const windowDays = option('window') === undefined ? undefined : Number(option('window'))
  if (windowDays !== undefined && !(windowDays > 0)) throw new Error('--window needs a positive number of days')
  // The LLM prices (cost) and the experiments (control, weights) come from the site config, when one is given.
  const configPath = process.env.HUIKE_CONFIG?.trim()
  const config = configPath ? await readConfigFile(configPath, () => {}) : undefined
  const store = await openFileStore(path)
  const report = await reportFromStore(store, {}, { windowMs: windowDays ? windowDays * 86_400_000 : DEFAULT_WINDOW_MS, now: Date.now(), prices: config?.models, experiments: config?.experiments }).finally(() => store.close())
  if (process.argv.includes('--gaps')) {
    process.stdout.write(gapsCsv(report.gaps))
    return
  }
  const out = resolve(option('out') ?? 'dist/report.html')
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, renderReport(report))
  console.log(`huike: report of ${report.events} events from ${path} written to ${out}`)
}

main().catch((err: unknown) => {
  console.error(`report: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
