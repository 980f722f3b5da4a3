import { describe, expect, it } from 'vitest'
import configJson from '../../../../demo/config.json'
import { ConfigError, parseSiteConfig } from '../../site-config.ts'

type Json = Record<string, unknown>
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T
const flowsOf = (c: Json) => c.flows as Json[]
const slotsOf = (f: Json) => f.slots as Json[]

/** The demo config with its first flow edited. */
function withFirstFlow(edit: (flow: Json) => void): Json {
  const config = clone(configJson) as Json
  edit(flowsOf(config)[0]!)
  return config
}

describe('flows config', () => {
  it('accepts the demo flows, with defaults filled in', () => {
    const config = parseSiteConfig(configJson, 'config.json')
    expect(config.flows.map((f) => f.id)).toEqual(['gift-watch', 'skincare', 'kids-watch'])
    expect(config.flows[0]!.start.intents).toEqual(['presales', 'promotion', 'other'])
    expect(config.flows[0]!.slots[0]!.required).toBe(true)
  })

  it('is optional', () => {
    const config = clone(configJson) as Json
    delete config.flows
    delete config.campaigns // they name flows, and a reference to a missing flow is an error
    delete config.experiments // and these name campaigns
    expect(parseSiteConfig(config, 'config.json').flows).toEqual([])
  })

  it('names the path of a bad slot type', () => {
    const bad = withFirstFlow((f) => (slotsOf(f)[1]!.type = 'choice'))
    expect(() => parseSiteConfig(bad, 'config.json')).toThrow(ConfigError)
    expect(() => parseSiteConfig(bad, 'config.json')).toThrow(/^config\.json: flows\[0\]\.slots\[1\]\.type: /)
  })

  it('names the path of a missing question, a misspelt key and a bad match', () => {
    const noQuestion = withFirstFlow((f) => delete slotsOf(f)[2]!.question)
    expect(() => parseSiteConfig(noQuestion, 'c.json')).toThrow(/flows\[0\]\.slots\[2\]\.question: /)
    const typo = withFirstFlow((f) => (slotsOf(f)[0]!.remeber = 'budget'))
    expect(() => parseSiteConfig(typo, 'c.json')).toThrow(/flows\[0\]\.slots\[0\]: .*remeber/)
    const emptyMatch = withFirstFlow((f) => ((slotsOf(f)[1]!.options as Json[])[0]!.match = {}))
    expect(() => parseSiteConfig(emptyMatch, 'c.json')).toThrow(/flows\[0\]\.slots\[1\]\.options\[0\]\.match: give at least one of/)
  })

  it('checks what a slot of each type needs', () => {
    const noOptions = withFirstFlow((f) => delete slotsOf(f)[1]!.options)
    expect(() => parseSiteConfig(noOptions, 'c.json')).toThrow(/flows\[0\]\.slots\[1\]\.options: an enum slot needs options/)
    const options = withFirstFlow((f) => (slotsOf(f)[0]!.options = (slotsOf(f)[1]!.options as Json[]).slice()))
    expect(() => parseSiteConfig(options, 'c.json')).toThrow(/flows\[0\]\.slots\[0\]\.options: only enum slots have options/)
    const config = clone(configJson) as Json
    delete slotsOf(flowsOf(config)[2]!)[0]!.attribute
    expect(() => parseSiteConfig(config, 'c.json')).toThrow(/flows\[2\]\.slots\[0\]\.attribute: a number slot needs/)
  })

  it('refuses duplicate ids, a flow without products, and remembering into a key the widget uses', () => {
    const twice = withFirstFlow((f) => (slotsOf(f)[2]!.id = 'budget'))
    expect(() => parseSiteConfig(twice, 'c.json')).toThrow(/flows\[0\]\.slots\[2\]\.id: the slot id "budget" appears twice/)
    const sameFlow = clone(configJson) as Json
    flowsOf(sameFlow)[1]!.id = 'gift-watch'
    expect(() => parseSiteConfig(sameFlow, 'c.json')).toThrow(/flows\[1\]\.id: the flow id "gift-watch" appears twice/)
    const noProducts = withFirstFlow((f) => (f.products = {}))
    expect(() => parseSiteConfig(noProducts, 'c.json')).toThrow(/flows\[0\]\.products: give at least one category or tag/)
    const reserved = withFirstFlow((f) => (slotsOf(f)[1]!.remember = 'interests'))
    expect(() => parseSiteConfig(reserved, 'c.json')).toThrow(/flows\[0\]\.slots\[1\]\.remember: "interests" is a profile key/)
    const budget = withFirstFlow((f) => (slotsOf(f)[1]!.remember = 'budget'))
    expect(() => parseSiteConfig(budget, 'c.json')).toThrow(/flows\[0\]\.slots\[1\]\.remember: only a money slot/)
  })
})
