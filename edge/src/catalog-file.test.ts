import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCatalogFile, readConfigFile, StartupError } from './catalog-file.ts'

const FIXTURES = 'edge/test-fixtures/catalog'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'huike-catalog-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('readCatalogFile', () => {
  it('reads the demo catalog without errors', async () => {
    const { products, errors } = await readCatalogFile('demo/catalog.json')
    expect(products).toHaveLength(17)
    expect(errors).toEqual([])
  })

  it.each(['valid.json', 'valid.jsonl', 'valid.csv'])('reads %s by its extension', async (name) => {
    const { products, errors } = await readCatalogFile(join(FIXTURES, name))
    expect(errors).toEqual([])
    expect(products.map((p) => p.id)).toEqual(['x5', 'x5-strap', 'rival-k1'])
  })

  it('reports bad records by file name and index or line, keeping the good ones', async () => {
    const path = join(dir, 'shop.json')
    await writeFile(path, JSON.stringify([{ id: 'a', name: 'A', price: 1 }, { id: 'b', name: 'B', price: 'abc' }]))
    const { products, errors } = await readCatalogFile(path)
    expect(products.map((p) => p.id)).toEqual(['a'])
    expect(errors).toEqual(['shop.json[1]: price must be a number, got "abc"'])
    expect((await readCatalogFile(join(FIXTURES, 'invalid.csv'))).errors[0]).toBe('invalid.csv:3: price must be a number, got "abc"')
  })

  it('stops with a clear error naming a missing file', async () => {
    const path = join(dir, 'missing.csv')
    await expect(readCatalogFile(path)).rejects.toThrow(StartupError)
    await expect(readCatalogFile(path)).rejects.toThrow(`cannot read the catalog ${path}: file not found`)
    await expect(readCatalogFile(dir)).rejects.toThrow(`cannot read the catalog ${dir}: it is a directory`)
  })

  it('stops on a file that is not JSON, not an array, of an unknown kind, or with a bad CSV header', async () => {
    const broken = join(dir, 'broken.json')
    await writeFile(broken, '[{"id": ')
    await expect(readCatalogFile(broken)).rejects.toThrow(StartupError)
    await expect(readCatalogFile(broken)).rejects.toThrow(`the catalog ${broken} is not valid JSON: `)
    const object = join(FIXTURES, 'not-an-array.json')
    await expect(readCatalogFile(object)).rejects.toThrow(`the catalog ${object} must hold a JSON array of products`)
    const sheet = join(dir, 'shop.xlsx')
    await writeFile(sheet, 'PK')
    await expect(readCatalogFile(sheet)).rejects.toThrow(`the catalog ${sheet} must be a .json (array of products), .jsonl (one product per line) or .csv (header row) file; got ".xlsx"`)
    const header = join(FIXTURES, 'bad-header.csv')
    await expect(readCatalogFile(header)).rejects.toThrow(`the catalog ${header} has a bad header row: unknown column "prise"`)
  })
})

describe('readConfigFile', () => {
  it('names the file and path of a config problem', async () => {
    const path = join(dir, 'config.json')
    await writeFile(path, JSON.stringify({ brand: { name: '店' }, persona: { name: '小慧' }, greeting: { text: '你好' } }))
    await expect(readConfigFile(path)).rejects.toThrow(/^config\.json: persona\.style: /)
  })

  it('stops on a missing or broken config file, naming the path', async () => {
    const missing = join(dir, 'none.json')
    await expect(readConfigFile(missing)).rejects.toThrow(`cannot read the site config ${missing}: file not found`)
    const broken = join(dir, 'broken-config.json')
    await writeFile(broken, '{')
    await expect(readConfigFile(broken)).rejects.toThrow(`the site config ${broken} is not valid JSON: `)
  })
})
