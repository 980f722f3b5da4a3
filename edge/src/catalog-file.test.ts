import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCatalogFile, readConfigFile, StartupError } from './catalog-file.ts'
import { parseCatalogText } from './catalog/load-catalog.ts'

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
    await expect(readCatalogFile(sheet)).rejects.toThrow(`the catalog ${sheet} must be a .json (array of products), .jsonl (one product per line), .csv (header row) or .txt (Excel's tab-separated Unicode text) file; got ".xlsx"`)
    const header = join(FIXTURES, 'bad-header.csv')
    await expect(readCatalogFile(header)).rejects.toThrow(`the catalog ${header} has a bad header row: unknown column "prise"`)
  })
})

describe('readCatalogFile: encodings', () => {
  // Binary fixtures, converted once with iconv (see catalog/decode-text.test.ts).
  const ENCODED = 'edge/src/catalog/fixtures'

  it('reads a GBK CSV from Excel on Chinese Windows, Chinese attribute columns and all', async () => {
    const path = join(ENCODED, 'gbk.csv')
    // Read as UTF-8, 重量 and 材质 both became "attributes.����": the bug this fixes.
    expect(() => parseCatalogText(readFileSync(path, 'utf8'), path)).toThrow('appears twice')
    const { products, errors, encoding } = await readCatalogFile(path)
    expect(encoding).toBe('gb18030')
    expect(products).toEqual([
      expect.objectContaining({
        id: 'x5', name: 'X5 儿童智能手表', category: '儿童手表', tags: ['儿童', '定位'],
        attributes: { 颜色: ['粉色', '蓝色'], 重量: '35g', 材质: '硅胶' }, description: '九重定位，误差小于5米。\r\n支持"上课禁用"。',
      }),
      expect.objectContaining({ id: 's3', name: 'S3 运动手表', attributes: { 颜色: '黑色', 重量: '48g', 材质: '不锈钢' }, description: '适合游泳、跑步' }),
    ])
    expect(errors).toEqual(['gbk.csv:5: price must be a number, got "八十九"'])
  })

  it('reads UTF-8 with and without a BOM, and says which', async () => {
    expect((await readCatalogFile(join(FIXTURES, 'valid.csv'))).encoding).toBe('utf-8')
    const withBom = await readCatalogFile(join(FIXTURES, 'attributes-json.csv'))
    expect(withBom).toMatchObject({ encoding: 'utf-8-bom', products: [{ id: 'm1' }, { id: 'm4' }] })
  })

  it('reads Excel\'s "Unicode text": UTF-16LE with a BOM, tab-separated', async () => {
    const { products, errors, encoding } = await readCatalogFile(join(ENCODED, 'unicode-text.csv'))
    expect(encoding).toBe('utf-16le')
    expect(products).toEqual([
      expect.objectContaining({ id: 'x5', price: 899, attributes: { 颜色: ['粉色', '蓝色'], 重量: '35g' }, description: '九重定位，误差小于5米。\r\n支持4G视频通话, 学习模式' }),
      // Commas are text in a tab-separated file; a quoted tab too.
      expect.objectContaining({ id: 's3', name: 'S3 运动手表, 黑色款', description: '表盘\t"蓝宝石"' }),
    ])
    expect(errors).toEqual(['unicode-text.csv:5: price must be a number, got "abc"'])
  })

  it('reads UTF-16BE with a BOM', async () => {
    const { products, encoding } = await readCatalogFile(join(ENCODED, 'utf16be.csv'))
    expect(encoding).toBe('utf-16be')
    expect(products).toEqual([expect.objectContaining({ id: 'x5', name: 'X5 儿童智能手表', attributes: { 颜色: ['粉色', '蓝色'] } })])
  })

  it('reads a GBK .jsonl', async () => {
    const { products, errors, encoding } = await readCatalogFile(join(ENCODED, 'gbk.jsonl'))
    expect(encoding).toBe('gb18030')
    expect(products).toEqual([expect.objectContaining({ id: 'x5', name: 'X5 儿童智能手表', attributes: { 颜色: ['粉色', '蓝色'], 重量: '35g' } })])
    expect(errors).toEqual(['gbk.jsonl:2: price must be a number, got "一千"'])
  })

  it('stops on a binary or garbage file, naming the byte offset', async () => {
    const sheet = join(dir, 'renamed.csv')
    // The start of an .xlsx (a zip archive).
    await writeFile(sheet, Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00))
    await expect(readCatalogFile(sheet)).rejects.toThrow(StartupError)
    await expect(readCatalogFile(sheet)).rejects.toThrow(
      `${sheet}: not UTF-8, GB18030/GBK or UTF-16 with BOM text: a NUL byte at byte offset 5 (line 1), as in a binary file (a spreadsheet saved as .xlsx?); save it as "CSV UTF-8" in Excel`,
    )
    const garbage = join(dir, 'garbage.jsonl')
    await writeFile(garbage, Uint8Array.of(0x7b, 0x7d, 0x0a, 0x7b, 0xff, 0xfe, 0x7d))
    await expect(readCatalogFile(garbage)).rejects.toThrow(
      `${garbage}: not UTF-8, GB18030/GBK or UTF-16 with BOM text: invalid byte 0xFF at byte offset 4 (line 2); save it as UTF-8`,
    )
  })

  it('stops on a UTF-8 file with one damaged byte, naming its offset and line', async () => {
    const bytes = readFileSync(join(FIXTURES, 'valid.csv'))
    const offset = bytes.indexOf(Buffer.from('rival-k1,K1 儿童')) + 'rival-k1,K1 '.length // 儿, on line 5
    bytes[offset] = 0xc0
    const path = join(dir, 'damaged.csv')
    await writeFile(path, bytes)
    await expect(readCatalogFile(path)).rejects.toThrow(
      `${path}: not valid UTF-8: invalid byte 0xC0 at byte offset ${offset} (line 5), in a file that is otherwise UTF-8 (so it is not read as GB18030/GBK); retype the text there`,
    )
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

  it('reads a GBK config, logging the encoding (UTF-8 goes unmentioned)', async () => {
    const logged: string[] = []
    const path = join('edge/src/catalog/fixtures', 'gbk-config.json')
    const config = await readConfigFile(path, (line) => logged.push(line))
    expect(config).toMatchObject({ brand: { name: '慧客商城' }, persona: { name: '小慧', style: '热情、专业、简洁' }, greeting: { text: '您好，我是小慧。想了解哪款商品？' } })
    expect(logged).toEqual([`huike: site config ${path} read as GB18030`])
    await readConfigFile('demo/config.json', (line) => logged.push(line))
    expect(logged).toHaveLength(1)
  })

  it('stops on a config file that is not text, naming the byte offset', async () => {
    const path = join(dir, 'binary-config.json')
    await writeFile(path, Uint8Array.of(0x7b, 0x0a, 0x80, 0xff))
    await expect(readConfigFile(path)).rejects.toThrow(StartupError)
    await expect(readConfigFile(path)).rejects.toThrow(`${path}: not UTF-8, GB18030/GBK or UTF-16 with BOM text: invalid byte 0xFF at byte offset 3 (line 2); save it as UTF-8`)
  })
})
