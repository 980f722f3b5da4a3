// JSON Schemas for editors, generated from the zod schemas that validate the files at run time.
// `npm run schemas` writes them to schema/; a test fails when the committed copies fall behind.
import { z } from 'zod'
import { ProductSchema } from './catalog.ts'
import { SiteConfigSchema } from './config.ts'

export function jsonSchemas(): Record<string, unknown> {
  const of = (schema: z.ZodType, title: string) => ({ title, ...z.toJSONSchema(schema, { io: 'input' }) })
  return {
    'catalog-record.schema.json': of(ProductSchema, 'huike catalog record'),
    'catalog.schema.json': of(z.array(ProductSchema), 'huike catalog (.json array)'),
    'config.schema.json': of(SiteConfigSchema, 'huike site config'),
  }
}

export const render = (schema: unknown) => JSON.stringify(schema, null, 2) + '\n'
