// The container (issue 13): no base image can be pulled here, so the Dockerfile cannot be built; this
// reads it, and compose.yaml, and holds them to the server deploy tests/deploy.test.ts runs: the same
// commands in the same order, the environment that test starts the edge in, a non-root user, a
// healthcheck on /healthz, the data in a volume, the shop's catalog and config mountable.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { argsOf, commandOf, envOf, readDockerfile } from './support/dockerfile.ts'
import { DEPLOY_STEPS } from './support/server-deploy.ts'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const stages = readDockerfile(join(ROOT, 'Dockerfile'))
const build = stages[0]!
const run = stages.at(-1)!
const dockerfileText = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
const compose = readFileSync(join(ROOT, 'compose.yaml'), 'utf8')

describe('Dockerfile', () => {
  it('builds in one stage and runs from another, both on Node 20 or later', () => {
    expect(stages).toHaveLength(2)
    expect(run.name).not.toBe(build.name)
    for (const { base } of stages) expect(Number(/^node:(\d+)/.exec(base)?.[1])).toBeGreaterThanOrEqual(20)
    // The native parts of the dependencies installed in the build stage must load in the run stage.
    expect(run.base).toBe(build.base)
  })

  it('builds with the deploy commands, in their order: npm ci, npm run build, npm prune --omit=dev', () => {
    expect(argsOf(build, 'RUN').map(commandOf)).toEqual([DEPLOY_STEPS.install, DEPLOY_STEPS.build, DEPLOY_STEPS.prune])
  })

  it('runs the pruned build with `npm start`, installing and building nothing', () => {
    expect(argsOf(run, 'COPY')).toContainEqual(`--from=${build.name} /app /app`)
    for (const step of argsOf(run, 'RUN')) expect(step).not.toMatch(/\bnpm\b|\bnpx\b/)
    expect(argsOf(run, 'CMD').map(commandOf)).toEqual([DEPLOY_STEPS.start])
  })

  it('runs as a user other than root', () => {
    const users = argsOf(run, 'USER')
    expect(users.length).toBeGreaterThan(0)
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/)
    const keywords = run.instructions.map((i) => i.keyword)
    expect(keywords.lastIndexOf('USER')).toBeLessThan(keywords.indexOf('CMD'))
  })

  it('listens on every interface and keeps the event store in a volume', () => {
    const env = envOf(run)
    expect(env.HOST).toBe('0.0.0.0')
    const volumes = argsOf(run, 'VOLUME').flatMap(commandOf)
    expect(volumes).toContain(dirname(env.HUIKE_DB!))
  })

  it('checks its health on /healthz with node, the command the deploy test runs', () => {
    const [healthcheck] = argsOf(run, 'HEALTHCHECK')
    expect(commandOf(healthcheck!.replace(/^.*?\bCMD\s+/, ''))).toEqual(DEPLOY_STEPS.healthcheck)
    expect(readFileSync(join(ROOT, DEPLOY_STEPS.healthcheck[1]), 'utf8')).toContain('/healthz')
  })

  it("documents mounting the shop's catalog and config", () => {
    expect(dockerfileText).toMatch(/-v \S+:\/app\/shop:ro/)
    expect(dockerfileText).toMatch(/HUIKE_CATALOG=\/app\/shop\//)
    expect(dockerfileText).toMatch(/HUIKE_CONFIG=\/app\/shop\//)
  })

  it('takes every file of the tree into the image (.dockerignore drops only what the build makes and local state)', () => {
    const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
    for (const gone of ['node_modules', 'dist', 'data', '.git', '**/.env']) expect(patterns).toContain(gone)
    const ignored = patterns.map(dockerignorePattern)
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean)
    expect(files.filter((file) => ignored.some((pattern) => pattern.test(file)))).toEqual([])
  })
})

describe('compose.yaml', () => {
  it('builds this Dockerfile and keeps the data in a named volume at the image’s data folder', () => {
    expect(compose).toMatch(/^\s+build: \.\s*$/m)
    const data = dirname(envOf(run).HUIKE_DB!)
    expect(compose).toMatch(new RegExp(`^\\s+- (\\w[\\w-]*):${data}\\s*$`, 'm'))
    const [, volume] = new RegExp(`^\\s+- (\\w[\\w-]*):${data}`, 'm').exec(compose)!
    expect(compose).toMatch(new RegExp(`^volumes:\\s*\\n\\s+${volume}:`, 'm'))
  })

  it("mounts the shop's folder read-only and passes HUIKE_CATALOG and HUIKE_CONFIG", () => {
    expect(compose).toMatch(/^\s+- \S+:\/app\/shop:ro\s*$/m)
    expect(compose).toMatch(/^\s+HUIKE_CATALOG: /m)
    expect(compose).toMatch(/^\s+HUIKE_CONFIG: /m)
  })

  it('publishes the edge’s port', () => {
    expect(compose).toMatch(new RegExp(`^\\s+- "(?:[\\d.]+:)?\\d+:${envOf(run).PORT}"\\s*$`, 'm'))
  })
})

/** A .dockerignore line as a test on a path: anchored at the root, excluding what lies below it too. */
function dockerignorePattern(pattern: string): RegExp {
  const body = pattern
    .replace(/^\//, '')
    .split(/(\*\*\/|\*|\?)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${body}(?:/.*)?$`)
}
