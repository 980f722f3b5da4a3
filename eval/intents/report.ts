// Accuracy per label and a confusion matrix, printed as plain text for the intent eval.

export interface Scored<L extends string> {
  gold: L
  predicted: L
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '–').padStart(6)

/** Share of correct predictions. */
export function accuracy<L extends string>(rows: readonly Scored<L>[]): number {
  return rows.length ? rows.filter((r) => r.gold === r.predicted).length / rows.length : 0
}

/**
 * Per gold label: recall (how many of that label were found) and precision (how many predictions of
 * it were right), then the matrix with gold labels as rows and predictions as columns.
 */
export function report<L extends string>(title: string, labels: readonly L[], rows: readonly Scored<L>[]): string {
  const out = [`${title}: ${pct(rows.filter((r) => r.gold === r.predicted).length, rows.length).trim()} of ${rows.length}`]
  out.push(`  ${'label'.padEnd(11)} ${'n'.padStart(4)}  recall  precision`)
  for (const label of labels) {
    const gold = rows.filter((r) => r.gold === label)
    const predicted = rows.filter((r) => r.predicted === label)
    const hit = gold.filter((r) => r.predicted === label).length
    out.push(`  ${label.padEnd(11)} ${String(gold.length).padStart(4)}  ${pct(hit, gold.length)}  ${pct(hit, predicted.length)}`)
  }
  const width = Math.max(...labels.map((l) => l.length), 5) + 1
  out.push(`  confusion (rows: labelled, columns: predicted)`)
  out.push(`  ${''.padEnd(width)}${labels.map((l) => l.slice(0, 10).padStart(11)).join('')}`)
  for (const gold of labels) {
    const cells = labels.map((p) => String(rows.filter((r) => r.gold === gold && r.predicted === p).length).padStart(11))
    out.push(`  ${gold.padEnd(width)}${cells.join('')}`)
  }
  return out.join('\n')
}
