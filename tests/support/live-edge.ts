// An edge with live handoff on (HUIKE_AGENT_TOKEN) and one Chromium, for the live-handoff tests: the
// demo config without business hours, so a person can always join whatever the time of the run, and
// a database of its own.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NODE_EDGE, useEdgeAndBrowser, type EdgeAndBrowser } from './edge-and-browser.ts'

export function useLiveEdgeAndBrowser(agentToken: string): EdgeAndBrowser {
  const dir = mkdtempSync(join(tmpdir(), 'huike-live-'))
  const config = JSON.parse(readFileSync('demo/config.json', 'utf8')) as { handoff?: { hours?: unknown }; $schema?: string }
  delete config.handoff?.hours
  delete config.$schema
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config))
  return useEdgeAndBrowser({
    command: NODE_EDGE,
    env: { HUIKE_AGENT_TOKEN: agentToken, HUIKE_CONFIG: join(dir, 'config.json'), HUIKE_DB: join(dir, 'huike.db') },
  })
}
