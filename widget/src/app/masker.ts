// The widget masks what leaves the device with the edge's own masker (shared/mask.ts), which is a
// file of its own (/huike-mask.js, built apart: vite.config.ts mode `lazy`) so the app chunk stays
// within its size budget. It starts loading when the app starts, long before the first send. If it
// cannot load, a blunt fallback hides every long digit run and e-mail address rather than sending
// them as typed (the edge masks again before the model, the store and webhooks).

type Mask = (text: string) => string

/** Any 6+ digits with separators between them, and anything with an @ between word characters. */
const blunt: Mask = (text) =>
  text
    .normalize('NFKC')
    .replace(/\d(?:[\s().\-\u200b-\u200d]*\d){5,}/g, '***')
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '***@***')

let loading: Promise<Mask> | undefined

/** The masker, loading it on first use; the blunt one if the file cannot be fetched (tried again next time). */
export function masker(): Promise<Mask> {
  return (loading ??= import(/* @vite-ignore */ new URL(__HUIKE_MASK__, import.meta.url).href).then(
    (m: { maskPII: Mask }) => m.maskPII,
    () => {
      loading = undefined
      return blunt
    },
  ))
}
