// Reads the repository's Dockerfile into stages and instructions, so tests can check what no machine
// here can build (no base image can be pulled): the stages, the user, the healthcheck, and that its
// commands are the ones tests/deploy.test.ts runs.
import { readFileSync } from 'node:fs'

export interface Instruction {
  /** Upper case: RUN, COPY, ENV, USER, CMD… */
  keyword: string
  /** The rest of the instruction, continuation lines joined. */
  args: string
}

export interface Stage {
  name: string
  /** The FROM image, ARG defaults substituted. */
  base: string
  instructions: Instruction[]
}

export function readDockerfile(path: string): Stage[] {
  return parseDockerfile(readFileSync(path, 'utf8'))
}

export function parseDockerfile(text: string): Stage[] {
  const args: Record<string, string> = {}
  const stages: Stage[] = []
  for (const { keyword, args: rest } of instructions(text)) {
    if (keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = rest.split('=', 2)
      args[name!.trim()] = value.trim()
    } else if (keyword === 'FROM') {
      const [image = '', as, name] = rest.split(/\s+/)
      const base = image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a?: string, b?: string) => args[(a ?? b)!] ?? '')
      stages.push({ name: as?.toUpperCase() === 'AS' && name ? name : String(stages.length), base, instructions: [] })
    } else {
      stages.at(-1)?.instructions.push({ keyword, args: rest })
    }
  }
  return stages
}

/** One instruction a logical line: comments and blank lines dropped, `\` continuations joined. */
function* instructions(text: string): Generator<Instruction> {
  let pending = ''
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim()
    // Comment lines are dropped even between continuation lines, as Docker does.
    if (trimmed.startsWith('#') || (!trimmed && !pending)) continue
    const continued = trimmed.endsWith('\\')
    pending += (pending ? ' ' : '') + (continued ? trimmed.slice(0, -1).trim() : trimmed)
    if (continued) continue
    const match = /^(\w+)\s*(.*)$/s.exec(pending)
    if (match) yield { keyword: match[1]!.toUpperCase(), args: match[2]!.trim() }
    pending = ''
  }
}

/** A RUN or CMD as argv: the exec form's JSON array, or the shell form split on spaces. */
export function commandOf(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/)
}

/** The stage's ENV instructions as one record (`ENV A=1 B=2` form). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {}
  for (const { args } of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const at = pair.indexOf('=')
      if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1).replace(/^"(.*)"$/, '$1')
    }
  }
  return env
}

/** The arguments of every instruction of this kind in the stage, in order. */
export function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args)
}
