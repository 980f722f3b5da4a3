import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

it('takes only types from shared/live.ts, so zod stays out of the console page', () => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../src')
  const sources = readdirSync(dir).filter((f) => /\.tsx?$/.test(f))
  expect(sources.length).toBeGreaterThan(5)
  for (const file of sources) {
    const text = readFileSync(join(dir, file), 'utf8')
    for (const line of text.split('\n').filter((l) => /from '.*shared\/(live|protocol|config)\.ts'/.test(l))) {
      expect(line, file).toMatch(/^import type /)
    }
  }
})
