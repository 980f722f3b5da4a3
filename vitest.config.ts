import { defineConfig } from 'vitest/config'

// Three suites, one command: `edge` (shared + edge through app.request(), local OpenAI stub),
// `widget` (components in happy-dom), `e2e` (built widget in Debian's Chromium against `npm start`,
// and the same edge inside workerd). `npm test` builds first (pretest), so e2e drives the real bundle.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // The widget's English strings and masker, as the sources the app would import (the build points at
  // /huike-en.js and /huike-mask.js).
  define: {
    __HUIKE_EN__: JSON.stringify(new URL('./widget/src/app/i18n-en.ts', import.meta.url).href),
    __HUIKE_MASK__: JSON.stringify(new URL('./shared/mask.ts', import.meta.url).href),
    __HUIKE_LIVE__: JSON.stringify(new URL('./widget/src/app/live/index.ts', import.meta.url).href),
  },
  test: {
    // CI machines are slower and busier than a laptop: waits are generous, and only cost time on a failure.
    testTimeout: 20_000,
    expect: { poll: { timeout: 10_000 } },
    projects: [
      { extends: true, test: { name: 'edge', environment: 'node', include: ['shared/**/*.test.ts', 'edge/**/*.test.ts'] } },
      { extends: true, test: { name: 'widget', environment: 'happy-dom', include: ['widget/**/*.test.{ts,tsx}', 'agent/**/*.test.{ts,tsx}'] } },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
