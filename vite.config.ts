// Builds into dist/public (served as static files by the edge, next to the API):
//   `vite build`               → the widget's two ES modules: assets/huike-app-[hash].js, the lazily loaded app,
//                                and assets/huike-bubble-[hash].js, the small proactive-opener module (asks
//                                /v1/greet after every page's load without the app), which also carries the
//                                page/consent/session/request helpers the app imports from it (downloaded once).
//                                Plus dist/widget-manifest.json (outside the served folder); the demo shop
//                                (demo/site, and pages generated from the demo catalog) alongside.
//   `vite build --mode lazy`   → /huike-en.js, the English strings as an ES module the app imports only on
//                                data-lang="en" pages, and /huike-mask.js, the PII masker the app imports
//                                when it starts (apart, so Vite adds no preload helper to the app chunk), and
//                                /huike-live.js, the live-handoff channel, imported only while a person can join.
//   `vite build --mode loader` → /huike.js, a small classic script (IIFE) that renders the launcher and
//                                import()s the app and bubble chunks, whose hashed names it gets from the manifest.
//   `vite build --mode agent`  → agent/index.html, the agent console for the shop's people (CONTRACT §6), with
//                                its hashed assets under agent/assets/: a page of its own, outside the widget's budget.
import { readFileSync, renameSync, rmSync } from 'node:fs'
import { defineConfig, type Plugin } from 'vite'
import { demoPages } from './demo/pages.ts'

const OUT = 'dist/public'
const APP_ENTRY = 'widget/src/app/main.tsx'
/** Outside OUT, so the manifest is not served to the world. */
const MANIFEST = 'dist/widget-manifest.json'
const BUBBLE_ENTRY = 'widget/src/bubble.ts'
/** Not hashed (the app chunk names it before it is built); served uncached like /huike.js. */
const EN_FILE = 'huike-en.js'
/** The PII masker (shared/mask.ts, the same code the edge runs), also unhashed and uncached. */
const MASK_FILE = 'huike-mask.js'
/** The live-handoff channel (transport, resume, tab leadership), loaded only while a person can join. */
const LIVE_FILE = 'huike-live.js'

/** Vite writes the manifest inside outDir; move it out once the build is written. */
const moveManifest = (): Plugin => ({
  name: 'huike-move-manifest',
  closeBundle() {
    renameSync(`${OUT}/.vite/manifest.json`, MANIFEST)
    rmSync(`${OUT}/.vite`, { recursive: true, force: true })
  },
})

/** Names the classic JSX calls use, imported from preact into every .tsx module (none of ours spells them). */
const JSX_H = '__huike_h'
const JSX_FRAGMENT = '__huike_Fragment'
const classicJsx = (): Plugin => ({
  name: 'huike-classic-jsx',
  enforce: 'pre',
  transform(code, id) {
    if (/\.tsx(\?|$)/.test(id)) return { code: `import { h as ${JSX_H}, Fragment as ${JSX_FRAGMENT} } from 'preact';${code}`, map: null }
  },
})

export default defineConfig(({ mode }) => {
  const common = {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  } as const

  // The bubble was a build of its own until it began carrying the app's shared helpers: an old build
  // script would fall through to the default build below, which empties dist/public.
  if (mode === 'bubble') throw new Error('`vite build --mode bubble` is gone: `vite build` builds the bubble chunk with the app')

  if (mode === 'agent') {
    // Runs after the default build, which empties OUT; served by the edge at /agent/.
    return {
      ...common,
      publicDir: false,
      build: {
        outDir: OUT,
        emptyOutDir: false,
        assetsDir: 'agent/assets',
        modulePreload: false,
        rolldownOptions: { input: 'agent/index.html' },
      },
    }
  }

  if (mode === 'loader') {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, { file: string }>
    const app = manifest[APP_ENTRY]?.file
    if (!app) throw new Error(`no ${APP_ENTRY} in ${MANIFEST}: run \`vite build\` first`)
    const bubble = manifest[BUBBLE_ENTRY]?.file
    if (!bubble) throw new Error(`no ${BUBBLE_ENTRY} in ${MANIFEST}: run \`vite build\` first`)
    return {
      ...common,
      publicDir: false,
      define: { __HUIKE_APP__: JSON.stringify(app), __HUIKE_BUBBLE__: JSON.stringify(bubble) },
      build: {
        outDir: OUT,
        emptyOutDir: false,
        minify: true,
        lib: { entry: 'widget/src/loader.ts', formats: ['iife'], name: 'huikeLoader', fileName: () => 'huike.js' },
      },
    }
  }

  if (mode === 'lazy') {
    // Not lib mode: that leaves ES modules' whitespace unminified. The three share no code (a shared
    // module would become a chunk of its own).
    const input = {
      [EN_FILE.slice(0, -3)]: 'widget/src/app/i18n-en.ts',
      [MASK_FILE.slice(0, -3)]: 'shared/mask.ts',
      [LIVE_FILE.slice(0, -3)]: 'widget/src/app/live/index.ts',
    }
    return {
      ...common,
      publicDir: false,
      build: {
        outDir: OUT,
        emptyOutDir: false,
        modulePreload: false,
        rolldownOptions: { input, preserveEntrySignatures: 'strict', output: { format: 'es', entryFileNames: '[name].js' } },
      },
    }
  }

  return {
    ...common,
    publicDir: 'demo/site',
    // The app chunk lives in /assets/: the English strings and the masker are one level up.
    define: {
      __HUIKE_EN__: JSON.stringify(`../${EN_FILE}`),
      __HUIKE_MASK__: JSON.stringify(`../${MASK_FILE}`),
      __HUIKE_LIVE__: JSON.stringify(`../${LIVE_FILE}`),
    },
    // The widget's JSX in the classic form, h(type, props, ...children): shorter than the automatic runtime's
    // jsx(type, {...props, children: [...]}) at each of its ~130 elements, and no jsx-runtime module
    // (Preact's createElement is the same vnode). Unit tests keep the automatic runtime (vitest.config.ts).
    oxc: { jsx: { runtime: 'classic', pragma: JSX_H, pragmaFrag: JSX_FRAGMENT } },
    plugins: [classicJsx(), demoPages(), moveManifest()],
    build: {
      outDir: OUT,
      emptyOutDir: true,
      manifest: true,
      modulePreload: false,
      rolldownOptions: {
        input: { app: APP_ENTRY, bubble: BUBBLE_ENTRY },
        // The bubble chunk also carries what the app shares with it (page context, consent, session,
        // small requests): the app imports those from it, so a visitor downloads them once, and a page
        // view before any interaction is still one chunk. ('allow-extension' lets the bubble export them.)
        preserveEntrySignatures: 'allow-extension',
        output: {
          format: 'es',
          entryFileNames: 'assets/huike-[name]-[hash].js',
          codeSplitting: { groups: [{ name: 'bubble', test: /widget[\\/]src[\\/]bubble\.ts$/ }, { name: 'bubble', minShareCount: 2 }] },
        },
      },
    },
  }
})
