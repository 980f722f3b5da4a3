import { describe, expect, it } from 'vitest'
import { WechatXmlError, buildWechatXml, parseWechatXml, type WechatXmlReason } from './xml.ts'

function reasonOf(text: string, maxBytes?: number): WechatXmlReason {
  try {
    parseWechatXml(text, maxBytes)
  } catch (error) {
    expect(error).toBeInstanceOf(WechatXmlError)
    return (error as WechatXmlError).reason
  }
  throw new Error('parsed, but should have been refused')
}

describe('parseWechatXml', () => {
  it("reads an Official Account text message (the format of WeChat's message docs)", () => {
    const text = `<xml>
  <ToUserName><![CDATA[toUser]]></ToUserName>
  <FromUserName><![CDATA[fromUser]]></FromUserName>
  <CreateTime>1348831860</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[this is a test]]></Content>
  <MsgId>1234567890123456</MsgId>
</xml>`
    expect(parseWechatXml(text)).toEqual({
      ToUserName: 'toUser',
      FromUserName: 'fromUser',
      CreateTime: '1348831860',
      MsgType: 'text',
      Content: 'this is a test',
      MsgId: '1234567890123456',
    })
  })

  it('takes a leading <?xml ?> declaration and a BOM', () => {
    expect(parseWechatXml('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<xml><A>1</A></xml>\n')).toEqual({ A: '1' })
  })

  it('keeps CDATA verbatim (markup, entities, spaces, newlines) and unescapes plain text', () => {
    const parsed = parseWechatXml(
      '<xml><C><![CDATA[ <b>&amp;</b>\n 你好 ]]></C><P>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#20320;&#x597D; &#x1F600;</P><M>  <![CDATA[video]]></M><E></E><S/></xml>',
    )
    expect(parsed).toEqual({ C: ' <b>&amp;</b>\n 你好 ', P: 'a <b> & "c" \'d\' 你好 😀', M: 'video', E: '', S: '' })
  })

  it('flattens nested elements into dotted keys, indexing repeated siblings', () => {
    const text = `<xml><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[scancode_waitmsg]]></Event>
<ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo>
<SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[aaa]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[bbb]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>`
    expect(parseWechatXml(text)).toEqual({
      MsgType: 'event',
      Event: 'scancode_waitmsg',
      'ScanCodeInfo.ScanType': 'qrcode',
      'ScanCodeInfo.ScanResult': '1',
      'SendPicsInfo.Count': '2',
      'SendPicsInfo.PicList.item.PicMd5Sum': 'aaa',
      'SendPicsInfo.PicList.item[1].PicMd5Sum': 'bbb',
    })
  })

  it('keeps the first of repeated top-level fields (a later one cannot override it)', () => {
    expect(parseWechatXml('<xml><Content>first</Content><Content>second</Content></xml>')).toEqual({ Content: 'first', 'Content[1]': 'second' })
  })

  it('makes an element named __proto__ a plain key', () => {
    const parsed = parseWechatXml('<xml><__proto__>x</__proto__></xml>')
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
    expect(Object.keys(parsed)).toEqual(['__proto__'])
  })

  it('refuses XXE payloads', () => {
    const xxe = [
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>',
      '<!DOCTYPE xml [<!ENTITY x SYSTEM "http://169.254.169.254/latest/meta-data/">]><xml><Content>&x;</Content></xml>',
      '<!doctype xml SYSTEM "http://evil.example/x.dtd"><xml></xml>',
      '<!DOCTYPE xml [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]><xml></xml>',
    ]
    for (const text of xxe) expect(reasonOf(text)).toBe('doctype')
    expect(reasonOf('<xml><!DOCTYPE xml><A>1</A></xml>')).toBe('doctype')
    expect(reasonOf('<xml><!ENTITY x "y"><A>1</A></xml>')).toBe('entity')
    // An undeclared entity reference is refused too, not passed through.
    expect(reasonOf('<xml><Content>&x;</Content></xml>')).toBe('entity')
    expect(reasonOf('<xml><Content>&nbsp;</Content></xml>')).toBe('entity')
  })

  it('refuses billion laughs', () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xml><Content>&lol3;</Content></xml>`
    expect(reasonOf(lol)).toBe('doctype')
  })

  it('refuses comments, other declarations and processing instructions', () => {
    expect(reasonOf('<xml><!-- hi --><A>1</A></xml>')).toBe('comment')
    expect(reasonOf('<!-- hi --><xml></xml>')).toBe('comment')
    expect(reasonOf('<xml><!ELEMENT a ANY></xml>')).toBe('declaration')
    expect(reasonOf('<xml><![INCLUDE[ x ]]></xml>')).toBe('declaration')
    expect(reasonOf('<?xml-stylesheet href="x"?><xml></xml>')).toBe('processing_instruction')
    expect(reasonOf('<xml><?php echo 1 ?></xml>')).toBe('processing_instruction')
    expect(reasonOf('<xml></xml><?pi?>')).toBe('malformed')
    expect(reasonOf('<?xml version="1.0"?><?xml version="1.0"?><xml></xml>')).toBe('processing_instruction')
  })

  it('refuses oversize input, by UTF-8 bytes', () => {
    expect(reasonOf(`<xml><A>${'x'.repeat(70_000)}</A></xml>`)).toBe('too_large')
    const chinese = `<xml><A>${'中'.repeat(30)}</A></xml>` // 18 + 90 = 108 bytes in 48 UTF-16 units
    expect(reasonOf(chinese, 107)).toBe('too_large')
    expect(parseWechatXml(chinese, 108)).toEqual({ A: '中'.repeat(30) })
  })

  it('refuses a root other than <xml>', () => {
    expect(reasonOf('<root><A>1</A></root>')).toBe('not_wechat_root')
    expect(reasonOf('<XML></XML>')).toBe('not_wechat_root')
  })

  it('refuses malformed documents', () => {
    const bad = [
      '',
      'hello',
      '<xml>',
      '<xml><A>1</A>',
      '<xml><A>1</B></xml>',
      '<xml><A>1</xml>',
      '<xml><A x="1">1</A></xml>',
      '<xml a="1"></xml>',
      '<xml><A>1<B>2</B></A></xml>',
      '<xml>text</xml>',
      '<xml><A><![CDATA[never closed</A></xml>',
      '<xml><A>a & b</A></xml>',
      '<xml><A>&#0;</A></xml>',
      '<xml><A>&#xD800;</A></xml>',
      '<xml><A.B>1</A.B></xml>',
      '<xml><1A>1</1A></xml>',
      '<xml></xml><xml></xml>',
      '<xml></xml>trailing',
    ]
    for (const text of bad) expect(reasonOf(text), text).toBe('malformed')
  })

  it('refuses nesting deeper than WeChat ever sends', () => {
    const deep = '<xml>' + '<a>'.repeat(9) + '1' + '</a>'.repeat(9) + '</xml>'
    expect(reasonOf(deep)).toBe('too_deep')
    const ok = '<xml>' + '<a>'.repeat(8) + '1' + '</a>'.repeat(8) + '</xml>'
    expect(parseWechatXml(ok)).toEqual({ ['a.'.repeat(7) + 'a']: '1' })
  })

  it('does not put the document into its error messages', () => {
    try {
      parseWechatXml('<xml><Content>secret-plaintext &bogus;</Content></xml>')
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-plaintext')
    }
  })
})

describe('buildWechatXml', () => {
  it('renders a text reply: strings in CDATA, numbers plain', () => {
    expect(buildWechatXml({ ToUserName: 'oUser', FromUserName: 'gh_1', CreateTime: 1348831860, MsgType: 'text', Content: '你好' })).toBe(
      '<xml><ToUserName><![CDATA[oUser]]></ToUserName><FromUserName><![CDATA[gh_1]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>',
    )
  })

  it('renders a news reply: an array becomes <item>s inside its key, an object nests', () => {
    const xml = buildWechatXml({
      MsgType: 'news',
      ArticleCount: 2,
      Articles: [
        { Title: 'X5', Url: 'https://shop.example/p/x5?a=1&b=2' },
        { Title: 'Y7', Url: 'https://shop.example/p/y7' },
      ],
      Image: { MediaId: 'm1' },
    })
    expect(xml).toBe(
      '<xml><MsgType><![CDATA[news]]></MsgType><ArticleCount>2</ArticleCount><Articles><item><Title><![CDATA[X5]]></Title><Url><![CDATA[https://shop.example/p/x5?a=1&b=2]]></Url></item><item><Title><![CDATA[Y7]]></Title><Url><![CDATA[https://shop.example/p/y7]]></Url></item></Articles><Image><MediaId><![CDATA[m1]]></MediaId></Image></xml>',
    )
    expect(parseWechatXml(xml)).toMatchObject({ 'Articles.item.Title': 'X5', 'Articles.item[1].Url': 'https://shop.example/p/y7', 'Image.MediaId': 'm1' })
  })

  it('round-trips text holding ]]>, markup and entities through CDATA', () => {
    for (const content of [']]>', 'a]]>b]]>c', ']]]]>', '<![CDATA[x]]>', '<xml>&amp;</xml>', ']', ']]', '价格：¥199 😀\n第二行']) {
      const xml = buildWechatXml({ Content: content })
      expect(parseWechatXml(xml)).toEqual({ Content: content })
    }
    expect(buildWechatXml({ Content: 'a]]>b' })).toBe('<xml><Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>')
  })

  it('drops characters XML cannot carry, keeping the rest', () => {
    expect(parseWechatXml(buildWechatXml({ Content: 'a\u0000b\u0007c\tok\n\uFFFF\uD800d😀' }))).toEqual({ Content: 'abc\tok\nd😀' })
  })

  it('refuses bad element names and non-finite numbers', () => {
    expect(() => buildWechatXml({ 'a b': 'x' })).toThrow(WechatXmlError)
    expect(() => buildWechatXml({ '<x>': 'x' })).toThrow(WechatXmlError)
    expect(() => buildWechatXml({ N: Number.NaN })).toThrow(WechatXmlError)
  })
})
