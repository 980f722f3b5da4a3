// Writes the editors' JSON Schemas (schema/*.json) from the shared zod schemas.
import { writeFileSync } from 'node:fs'
import { jsonSchemas, render } from '../shared/json-schemas.ts'

for (const [file, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(new URL(`../schema/${file}`, import.meta.url), render(schema))
  console.log(`schema/${file}`)
}
