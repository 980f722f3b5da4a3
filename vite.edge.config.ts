// The Node edge as plain JavaScript, so a server runs it with production dependencies only (no tsx,
// no vite): `vite build --config vite.edge.config.ts` bundles edge/src/node.ts, and everything it
// imports from this repository (JSON such as understanding/train.json included), into ONE file,
// dist/edge/node.js. The production dependencies stay imports, resolved from node_modules at run time;
// anything else (a dev dependency imported by mistake) is bundled, so `npm prune --omit=dev` cannot
// break the edge. One file two folders below the root, like edge/src/node.ts: the paths the edge
// derives from its own location (demo/catalog.json, dist/public) are the same from source and build.
import { readFileSync } from 'node:fs'
import { defineConfig } from 'vite'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> }

export default defineConfig({
  // Not dist/public's demo site: nothing of the widget build belongs here.
  publicDir: false,
  ssr: { target: 'node', noExternal: true, external: Object.keys(pkg.dependencies) },
  build: {
    ssr: 'edge/src/node.ts',
    outDir: 'dist/edge',
    emptyOutDir: true,
    target: 'node20',
    // Readable stack traces on a server matter more than a few kilobytes.
    minify: false,
    rolldownOptions: { output: { format: 'es', entryFileNames: 'node.js', codeSplitting: false } },
  },
})
