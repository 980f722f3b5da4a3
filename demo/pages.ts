// Vite plugin that writes the demo shop from the demo catalog: a home page (zh-CN and en), one page
// per product, three SEM landing pages (/lp/…), and a placeholder SVG for every product image. Pages
// embed the widget exactly as CONTRACT §5 shows, so the demo is also the reference embedding.
import { readFileSync } from 'node:fs'
import type { Plugin } from 'vite'
import { ProductSchema, type Product } from '../shared/catalog.ts'

const CATALOG = new URL('./catalog.json', import.meta.url)

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const price = (p: Product) => (p.currency === 'CNY' ? `¥${p.price}` : `${p.price} ${p.currency}`)

function embed(lang: 'zh-CN' | 'en', extra = ''): string {
  return `<script>window.huike=window.huike||function(){(huike.q=huike.q||[]).push(arguments)}</script>
<script async src="/huike.js" data-lang="${lang}" data-color="#e4393c"></script>${extra}`
}

function layout(o: { lang: 'zh-CN' | 'en'; title: string; body: string; extra?: string }): string {
  const home = o.lang === 'en' ? '/en/' : '/'
  return `<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)}</title>
<link rel="stylesheet" href="/demo.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${embed(o.lang, o.extra)}
</head>
<body>
<header class="top"><a class="logo" href="${home}">${o.lang === 'en' ? 'Huike Shop' : '慧客商城'}</a>
<nav><a href="/">中文</a> · <a href="/en/">English</a></nav></header>
<main>${o.body}</main>
<footer>huike demo shop · ${o.lang === 'en' ? 'Ask the assistant in the corner' : '有问题？点右下角问问小慧'}</footer>
</body>
</html>
`
}

function tile(p: Product): string {
  return `<a class="tile" href="${esc(p.url ?? '#')}"><img src="${esc(p.image ?? '')}" alt="" width="160" height="160">
<span class="name">${esc(p.name)}</span><span class="price">${price(p)}</span></a>`
}

function homePage(products: Product[], lang: 'zh-CN' | 'en'): string {
  const hero =
    lang === 'en'
      ? '<h1>Smart gear and skincare</h1><p>Kids’ watches, phones, skincare and gifts. Questions? Our assistant answers from the real catalog.</p>'
      : '<h1>智能好物 · 精致护肤</h1><p>儿童手表、手机、护肤彩妆与礼物腕表。有疑问？右下角的小慧按真实商品资料为您解答。</p>'
  return layout({
    lang,
    title: lang === 'en' ? 'Huike Shop' : '慧客商城 · 首页',
    body: `<section class="hero">${hero}</section><section class="grid">${products.map(tile).join('\n')}</section>`,
  })
}

function productPage(p: Product): string {
  const attrs = Object.entries(p.attributes)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(Array.isArray(v) ? v.join(' / ') : String(v))}</td></tr>`)
    .join('')
  const page = JSON.stringify({ productId: p.id, category: p.category }).replace(/</g, '\\u003c')
  return layout({
    lang: 'zh-CN',
    title: `${p.name} · 慧客商城`,
    extra: `\n<script>huike('page', ${page})</script>`,
    body: `<article class="product"><img src="${esc(p.image ?? '')}" alt="" width="320" height="320">
<div><h1>${esc(p.name)}</h1><p class="price">${price(p)}</p><p>${esc(p.description ?? '')}</p>
<table>${attrs}</table>
<p class="stock">${p.stock === 0 ? '暂时缺货' : '现货，48 小时内发货'}</p>
<button type="button" onclick="huike('track','cart_add',{productId:${esc(JSON.stringify(p.id))}})">加入购物车</button></div></article>`,
  })
}

const PALETTE = ['#e4393c', '#2d7ff9', '#20a464', '#f59e0b', '#8b5cf6', '#ec4899', '#0ea5e9']

function placeholderImage(p: Product, i: number): string {
  const label = esc(p.name.replace(/[（(].*$/, '').slice(0, 8))
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="320" viewBox="0 0 320 320">
<rect width="320" height="320" rx="24" fill="${PALETTE[i % PALETTE.length]}"/>
<circle cx="160" cy="130" r="64" fill="#fff" opacity=".9"/>
<text x="160" y="250" font-family="sans-serif" font-size="28" fill="#fff" text-anchor="middle">${label}</text></svg>
`
}

/**
 * SEM landing pages: where a search ad sends the visitor (e.g. `/lp/kids-watch.html?utm_term=儿童智能手表定位`).
 * The widget's opener is personalised by the edge from the URL's keyword; the page itself stays generic.
 */
const LANDINGS: { file: string; title: string; pitch: string; category: string }[] = [
  { file: 'lp/kids-watch.html', title: '儿童智能手表 · 精准定位', pitch: '九重定位、视频通话、IP68 防水：孩子在哪儿，一看便知。', category: '儿童手表' },
  { file: 'lp/skincare.html', title: '控油护肤 · 油皮专属', pitch: '洁面、爽肤、保湿三步控油，清爽一整天。', category: '护肤' },
  { file: 'lp/phone.html', title: '智能手机 · 新品上市', pitch: 'Z7 系列：长续航、好拍照，以旧换新更划算。', category: '手机' },
]

function landingPage(l: (typeof LANDINGS)[number], products: Product[]): string {
  const page = JSON.stringify({ category: l.category }).replace(/</g, '\\u003c')
  return layout({
    lang: 'zh-CN',
    title: `${l.title} · 慧客商城`,
    extra: `\n<script>huike('page', ${page})</script>`,
    body: `<section class="hero"><h1>${esc(l.title)}</h1><p>${esc(l.pitch)}</p></section>
<section class="grid">${products.filter((p) => p.category === l.category).map(tile).join('\n')}</section>`,
  })
}

/** The help pages the demo config's after-sales answers link to. */
const HELP: { file: string; title: string; body: string }[] = [
  { file: 'help/returns.html', title: '退换货政策', body: '<h1>退换货政策</h1><p>签收后 7 天内可无理由退货（商品完好、配件齐全）。质量问题由我们承担运费：联系在线客服提交订单号和照片，我们会寄出上门取件单。</p>' },
  { file: 'help/warranty.html', title: '保修政策', body: '<h1>保修政策</h1><p>慧童、慧科产品享受 12 个月保修，Aurora 机械腕表 24 个月。保修期内非人为损坏免费维修；请在在线客服中提供订单号和购买日期。</p>' },
]

export function demoPages(): Plugin {
  return {
    name: 'huike-demo-pages',
    apply: 'build',
    generateBundle() {
      const rows = JSON.parse(readFileSync(CATALOG, 'utf8')) as unknown[]
      const products = rows.map((r) => ProductSchema.parse(r)).filter((p) => !p.competitor)
      const emit = (fileName: string, source: string) => this.emitFile({ type: 'asset', fileName, source })
      emit('index.html', homePage(products, 'zh-CN'))
      emit('en/index.html', homePage(products, 'en'))
      for (const l of LANDINGS) emit(l.file, landingPage(l, products))
      for (const h of HELP) emit(h.file, layout({ lang: 'zh-CN', title: `${h.title} · 慧客商城`, body: `<article class="hero">${h.body}</article>` }))
      products.forEach((p, i) => {
        if (p.url?.startsWith('/p/')) emit(p.url.slice(1), productPage(p))
        if (p.image?.startsWith('/img/') && p.image.endsWith('.svg')) emit(p.image.slice(1), placeholderImage(p, i))
      })
    },
  }
}
