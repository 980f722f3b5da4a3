// scripts/doctor.ts as a shop owner runs it: a process, its exit code and its output.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { petJsonl, tempFiles } from './testing.ts'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const files = tempFiles({ 'shop.jsonl': petJsonl() })
afterAll(() => rmSync(files.dir, { recursive: true, force: true }))

const doctor = (...args: string[]) => spawnSync('npx', ['tsx', 'scripts/doctor.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, INIT_CWD: root } })

it('prints one JSON object and exits 0 for a catalog that loads', { timeout: 60_000 }, () => {
  const run = doctor('--catalog', files['shop.jsonl']!, '--json')
  expect(run.stderr).toBe('')
  expect(run.status).toBe(0)
  const report = JSON.parse(run.stdout)
  expect(report).toMatchObject({ catalog: files['shop.jsonl'], products: 5, badRecords: [], selfTest: { questions: expect.any(Number) } })
})

it('exits 2 with a message naming a missing file', { timeout: 60_000 }, () => {
  const missing = join(files.dir, 'missing.csv')
  const run = doctor('--catalog', missing)
  expect(run.status).toBe(2)
  expect(run.stdout).toBe('')
  expect(run.stderr).toContain(`doctor: cannot read the catalog ${missing}: file not found`)
})
