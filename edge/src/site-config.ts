// Validates the site config (HUIKE_CONFIG). Unlike a bad catalog record, a bad config stops the
// edge at startup: it decides what the assistant says about the brand, so guessing is worse than
// refusing. The error names the file and the path of every problem (`persona.style: …`).
import { SiteConfigSchema, type SiteConfig } from '../../shared/config.ts'
import { describeIssues } from './validate.ts'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** `["flows", 0, "slots", 1, "type"]` → `flows[0].slots[1].type`, as the path reads in the JSON file. */
export function configPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || '(root)'
}

export function parseSiteConfig(json: unknown, source: string): SiteConfig {
  const result = SiteConfigSchema.safeParse(json)
  if (!result.success) throw new ConfigError(`${source}: ${describeIssues(result.error.issues, configPath)}`)
  return result.data
}
