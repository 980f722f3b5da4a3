// Node only (`npm start`): the site config is reloaded when its file changes, so a site owner edits
// campaigns, rules or flows and sees them on the next request — requests in flight keep the config
// they started with, and nothing restarts. A broken edit is reported and the last good config stays.
import { watch } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { SiteConfig } from '../../shared/config.ts'
import { readConfigFile } from './catalog-file.ts'

/** Editors write in bursts (truncate, write, rename): one reload after the dust settles. */
const SETTLE_MS = 150

export interface ConfigWatchOptions {
  log?: (message: string) => void
  warn?: (message: string) => void
}

/** Calls `onChange` with each valid new version of the config file; returns a function that stops watching. */
export function watchConfig(path: string, onChange: (config: SiteConfig) => void, options: ConfigWatchOptions = {}): () => void {
  const log = options.log ?? console.log
  const warn = options.warn ?? console.warn
  let timer: ReturnType<typeof setTimeout> | undefined
  const reload = async () => {
    try {
      onChange(await readConfigFile(path))
      log(`huike: reloaded ${path}`)
    } catch (err) {
      warn(`huike: kept the previous config; ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  // The folder, not the file: a save by rename would leave a file watcher on the old inode.
  const watcher = watch(dirname(path), (_event, name) => {
    if (name !== basename(path)) return
    clearTimeout(timer)
    timer = setTimeout(reload, SETTLE_MS)
  })
  return () => {
    clearTimeout(timer)
    watcher.close()
  }
}
