// The inputs the masker's speed is judged on (shared/mask.test.ts checks that time grows linearly;
// bench/mask.ts holds it to its budgets): adversarial shapes of any size, each a pattern that made a
// backtracking masker slow, and 2,000-character messages as visitors write them.

/** `size` characters of one shape, optionally ending in something that completes a match. */
const filler = (size: number) => (unit: string, tail = '') => unit.repeat(Math.ceil(size / unit.length)).slice(0, size - tail.length) + tail

/** Each adversarial shape, `size` characters long. */
export function adversarialShapes(size: number): Record<string, string> {
  const fill = filler(size)
  return {
    'a run of 汉字 numerals, then 号': fill('一', '号'),
    '汉字 numerals and units': fill('一二三号'),
    'units after a street': fill('路1号'),
    'a run of digits': fill('1'),
    'digits and spaces': fill('1 '),
    'digits and dashes': fill('1-'),
    'digits and dots': fill('1.'),
    'four digits and a space': fill('1234 '),
    'phone numbers': fill('13812345678 '),
    'full-width digits and spaces': fill('１３８　'),
    'digits between zero-width characters': fill('1\u200b'),
    'separators': fill(' -.'),
    '@': fill('@'),
    '@ and dots': fill('@.'),
    'letters and @': fill('a@'),
    'dots': fill('.'),
    'letters and dots, one @': fill('a.', '@b.com'),
    'an e-mail domain': '@' + fill('a.'),
    'e-mail addresses': fill('a@b.cn '),
    'a keyword and numbers': fill('QQ 12345 '),
    'keywords': fill('微信 abcdef '),
    'an order keyword and numbers': fill('订单号 13812345678 '),
    'house numbers with an English street word': 'Street ' + fill('1 A '),
    '+ and digits': fill('+1 '),
    '( and 0': fill('(0'),
    'ellipses': fill('…'),
    'circled digits': fill('①'),
  }
}

/** A long message: a story with an order number, a phone, an e-mail, an address. */
const STORY = [
  '你好，我上个月在你们店买了一块X5儿童智能手表，订单号 202311150123，当时是 ¥1299 买的，蓝色，屏幕 1.85 英寸。',
  '用了大概三周，孩子戴着去游泳，回来以后屏幕就一直闪，充电的时候也特别烫，续航从三天变成了半天都不到。',
  '我看说明书上写的是 IP68 防水，按理说游泳应该没问题吧？我也按照说明书重启过好几次，恢复出厂设置也试了，还是不行。',
  'I also wrote to your support e-mail last week but nobody answered, so I am asking here again. ',
  '麻烦帮我看看是换新还是维修，如果要寄回去的话，地址是北京市朝阳区建国路88号，收件人张先生，电话 138 1234 5678。',
  '另外我想问一下，维修期间能不能借一台备用机给孩子用？他每天上学都要用手表跟我们联系，没有的话很不方便。',
  '如果需要发票或者照片，我可以发到你们邮箱，我的邮箱是 zhang.san@example.com，谢谢！',
].join('')

/** The worst case: personal data every few words (about 140 numbers, addresses, e-mails in 2,000 characters). */
const DENSE = ('订单号 202311150123，电话 138 1234 5678，邮箱 zhang.san@example.com，地址北京市朝阳区建国路88号。' +
  'Hi, my phone is +86 139-1234-5678, bought 2025-03-02 for ¥1299. 屏幕 6.7英寸，256GB，型号 AP-300。')

/** Two 2,000-character messages: a long story, and personal data every few words. */
export const MESSAGES = {
  story: STORY.repeat(Math.ceil(2000 / STORY.length)).slice(0, 2000),
  dense: DENSE.repeat(Math.ceil(2000 / DENSE.length)).slice(0, 2000),
}
