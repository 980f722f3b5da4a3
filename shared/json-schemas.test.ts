import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { jsonSchemas, render } from './json-schemas.ts'

test('the committed JSON Schemas match the zod schemas (run `npm run schemas` after changing them)', () => {
  for (const [file, schema] of Object.entries(jsonSchemas())) {
    expect(readFileSync(new URL(`../schema/${file}`, import.meta.url), 'utf8'), file).toBe(render(schema))
  }
})
