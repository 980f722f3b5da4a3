// Multinomial naive Bayes over token presence ("binarized" NB). Chosen over logistic regression
// because training is one counting pass (a few ms at module load, in Node and workerd alike, so no
// generated weights file to keep in sync), it is exactly deterministic, and on short texts with a few
// hundred examples it is as accurate as anything heavier.

export interface NaiveBayesOptions {
  /** Additive smoothing: how much an unseen token counts against a label. */
  alpha?: number
  /** Softmax temperature for confidences: NB's raw posteriors are overconfident (tokens are not independent). */
  temperature?: number
}

export class NaiveBayes<L extends string> {
  private constructor(
    readonly labels: readonly L[],
    /** token → its row in `logLikelihood`. */
    private readonly index: Map<string, number>,
    /** log P(token | label), one row of `labels.length` per token: flat, so training allocates once. */
    private readonly logLikelihood: Float64Array,
    private readonly temperature: number,
  ) {}

  /**
   * Priors are uniform on purpose: the labelled set's label mix is how it was written, not how
   * visitors talk, so it must not tip close calls.
   */
  static train<L extends string>(labels: readonly L[], docs: readonly { tokens: readonly string[]; label: L }[], options: NaiveBayesOptions = {}): NaiveBayes<L> {
    const alpha = options.alpha ?? 1
    const K = labels.length
    const index = new Map<string, number>()
    const counts: number[] = []
    const totals = new Float64Array(K)
    for (const doc of docs) {
      const k = labels.indexOf(doc.label)
      if (k < 0) throw new Error(`unknown label ${doc.label}`)
      for (const token of doc.tokens) {
        let row = index.get(token)
        if (row === undefined) {
          index.set(token, (row = index.size))
          for (let j = 0; j < K; j++) counts.push(0)
        }
        counts[row * K + k]!++
        totals[k]!++
      }
    }
    const denominators = totals.map((t) => Math.log(t + alpha * index.size))
    const logLikelihood = new Float64Array(counts.length)
    for (let i = 0; i < counts.length; i++) logLikelihood[i] = Math.log(counts[i]! + alpha) - denominators[i % K]!
    return new NaiveBayes(labels, index, logLikelihood, options.temperature ?? 1)
  }

  /** Summed log-likelihoods per label; tokens never seen in training say nothing. */
  scores(tokens: readonly string[]): Float64Array {
    const K = this.labels.length
    const sum = new Float64Array(K)
    for (const token of tokens) {
      const row = this.index.get(token)
      if (row !== undefined) for (let k = 0; k < K; k++) sum[k]! += this.logLikelihood[row * K + k]!
    }
    return sum
  }

  /** Probability per label (tempered softmax of the scores), in `labels` order. */
  probabilities(tokens: readonly string[]): number[] {
    const s = this.scores(tokens)
    const max = Math.max(...s)
    const e = [...s].map((v) => Math.exp((v - max) / this.temperature))
    const z = e.reduce((a, b) => a + b, 0)
    return e.map((v) => v / z)
  }
}

/**
 * The most probable label and its probability. A tie (typically: no known token at all) goes to
 * `fallback`, then to the earlier label, so results never depend on chance or on label order.
 */
export function best<L extends string>(labels: readonly L[], p: readonly number[], fallback: L): { label: L; p: number } {
  let k = labels.indexOf(fallback)
  for (let i = 0; i < p.length; i++) if (p[i]! > p[k]! + 1e-9) k = i
  return { label: labels[k]!, p: p[k]! }
}
