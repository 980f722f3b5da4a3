// Sticky experiment assignment without storage: a visitor's variant is a pure function of their id
// and the experiment id (FNV-1a, 32 bits), mapped onto the weights. The same visitor sees the same
// variant on every device that shares their id, and changing one experiment never reshuffles another.
import type { ExperimentConfig } from '../../../shared/config.ts'

/** FNV-1a over the UTF-16 code units; >>> 0 keeps it unsigned. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  // A final avalanche: ids differing only in the last character would otherwise land close together.
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  hash ^= hash >>> 13
  return hash >>> 0
}

export type Variant = ExperimentConfig['variants'][number]

export function assignVariant(visitorId: string, experiment: ExperimentConfig): Variant {
  const total = experiment.variants.reduce((sum, v) => sum + v.weight, 0)
  const point = (fnv1a(`${experiment.id}:${visitorId}`) / 2 ** 32) * total
  let edge = 0
  for (const variant of experiment.variants) {
    edge += variant.weight
    if (point < edge) return variant
  }
  return experiment.variants.findLast((v) => v.weight > 0)!
}
