import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCatalogFile, readConfigFile, StartupError } from './catalog-file.ts'

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

  it('reports bad records by file name and index, keeping the good ones', async () => {
    const path = join(dir, 'shop.json')
    await writeFile(path, JSON.stringify([{ id: 'a', name: 'A', price: 1 }, { id: 'b', name: 'B', price: 'abc' }]))
    const { products, errors } = await readCatalogFile(path)
    expect(products.map((p) => p.id)).toEqual(['a'])
    expect(errors).toEqual(['shop.json[1]: price must be a number, got "abc"'])
  })

  it('stops with a clear error naming a missing file', async () => {
    const path = join(dir, 'missing.json')
    await expect(readCatalogFile(path)).rejects.toThrow(StartupError)
    await expect(readCatalogFile(path)).rejects.toThrow(`cannot read the catalog ${path}: file not found`)
  })

  it('stops on a file that is not JSON, or not an array', async () => {
    const broken = join(dir, 'broken.json')
    await writeFile(broken, '[{"id": ')
    await expect(readCatalogFile(broken)).rejects.toThrow(/broken\.json is not valid JSON/)
    const object = join(dir, 'object.json')
    await writeFile(object, '{"products": []}')
    await expect(readCatalogFile(object)).rejects.toThrow(/must hold a JSON array/)
  })
})

describe('readConfigFile', () => {
  it('names the file and path of a config problem', async () => {
    const path = join(dir, 'config.json')
    await writeFile(path, JSON.stringify({ brand: { name: '店' }, persona: { name: '小慧' }, greeting: { text: '你好' } }))
    await expect(readConfigFile(path)).rejects.toThrow(/^config\.json: persona\.style: /)
  })
})
