// What the answer evals share: a labelled question (eval/questions.jsonl, eval/shops/*/questions.jsonl
// and heldout.jsonl, one JSON object a line), reading them, and the products an answer's cards show.
import { existsSync, readFileSync } from 'node:fs'
import type { Card } from '../shared/protocol.ts'

/** One labelled question: the visitor's turns (earlier ones first) and what the last answer must do. */
export interface Item<Expect> {
  id: string
  /** Tune on `tuned`; never look into `heldout`. */
  split: 'tuned' | 'heldout'
  category: string
  lang: 'zh-CN' | 'en'
  turns: string[]
  page?: { productId?: string }
  expect: Expect
}

export type Split = Item<unknown>['split']

/** The items of the JSONL files that exist, of one split if given. */
export function readItems<T extends Item<unknown>>(files: readonly (string | URL)[], split?: string): T[] {
  return files
    .filter((f) => existsSync(f))
    .flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as T),
    )
    .filter((item) => !split || item.split === split)
}

/** The products shown on product and compare cards. */
export function cardIds(cards: readonly Card[]): string[] {
  return cards.flatMap((c) => (c.type === 'product' ? [c.product.id] : c.type === 'compare' ? c.products.map((p) => p.id) : []))
}
