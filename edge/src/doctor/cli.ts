// The doctor's command line (scripts/doctor.ts): arguments in, report text or JSON out, and the exit
// code: 0 whenever the catalog loaded (failing questions are findings, not errors), 2 for bad usage
// or a file that can't be read, with a message saying which and why.
import { isAbsolute, resolve } from 'node:path'
import { StartupError } from '../catalog-file.ts'
import { ConfigError } from '../site-config.ts'
import { DEFAULT_LIMIT, diagnose, formatReport, loadFiles } from './doctor.ts'

export const USAGE = `usage: npm run doctor -- --catalog FILE [--config FILE] [--json] [--limit N]
  --catalog FILE  the product catalog (.json, .jsonl, .csv or .txt), read as the edge reads HUIKE_CATALOG
  --config FILE   the site config (HUIKE_CONFIG); default: a minimal one with the built-in vocabulary
  --json          print one JSON object instead of the text report
  --limit N       failing questions to show (default ${DEFAULT_LIMIT})`

export interface DoctorArgs {
  catalog: string
  config?: string
  json: boolean
  limit: number
}

export class UsageError extends Error {
  override name = 'UsageError'
}

export function parseArgs(argv: readonly string[]): DoctorArgs | 'help' {
  const args: Partial<DoctorArgs> = { json: false, limit: DEFAULT_LIMIT }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = () => {
      const v = inline ?? argv[++i]
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`)
      return v
    }
    switch (flag) {
      case '--help':
      case '-h':
        return 'help'
      case '--catalog':
        args.catalog = value()
        break
      case '--config':
        args.config = value()
        break
      case '--json':
        args.json = true
        break
      case '--limit': {
        const v = value()
        if (!/^\d+$/.test(v)) throw new UsageError(`--limit must be a whole number, got ${JSON.stringify(v)}`)
        args.limit = Number(v)
        break
      }
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}`)
    }
  }
  if (!args.catalog) throw new UsageError('--catalog FILE is required')
  return args as DoctorArgs
}

export interface DoctorRun {
  code: 0 | 2
  stdout: string
  stderr: string
}

/**
 * @param cwd where relative paths start: `npm run` moves to the project, INIT_CWD is where the
 *   owner typed the command.
 */
export async function runDoctor(argv: readonly string[], cwd = process.env.INIT_CWD || process.cwd()): Promise<DoctorRun> {
  let args: DoctorArgs | 'help'
  try {
    args = parseArgs(argv)
  } catch (err) {
    if (err instanceof UsageError) return { code: 2, stdout: '', stderr: `doctor: ${err.message}\n${USAGE}\n` }
    throw err
  }
  if (args === 'help') return { code: 0, stdout: `${USAGE}\n`, stderr: '' }
  const at = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path))
  const started = performance.now()
  let files: Awaited<ReturnType<typeof loadFiles>>
  try {
    files = await loadFiles(at(args.catalog), args.config === undefined ? undefined : at(args.config))
  } catch (err) {
    if (err instanceof StartupError || err instanceof ConfigError) return { code: 2, stdout: '', stderr: `doctor: ${err.message}\n` }
    throw err
  }
  const loadMs = Math.round(performance.now() - started)
  const report = diagnose(files.loaded, files.config, {
    catalogPath: at(args.catalog),
    ...(args.config !== undefined && { configPath: at(args.config) }),
    configNotes: files.configNotes,
    limit: args.limit,
  })
  report.loadMs = loadMs
  return { code: 0, stdout: `${args.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`, stderr: '' }
}
