// Build-time names for the widget sources (vite.config.ts defines __HUIKE_APP__ for the loader build).
declare const __HUIKE_APP__: string
/** The bubble chunk's hashed file name, also defined for the loader build. */
declare const __HUIKE_BUBBLE__: string
/** Where the English strings are, relative to the app chunk (app build) or the source (tests). */
declare const __HUIKE_EN__: string
/** Where the PII masker (shared/mask.ts) is, relative to the app chunk (app build) or the source (tests). */
declare const __HUIKE_MASK__: string
/** Where the live-handoff channel (app/live/index.ts) is, relative to the app chunk (app build) or the source (tests). */
declare const __HUIKE_LIVE__: string

declare module '*.css?inline' {
  const css: string
  export default css
}
