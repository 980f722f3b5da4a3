import { describe, expect, it } from 'vitest'
import { describeProvider, readSettings } from '../env.ts'
import { parseModelOptions } from './model-options.ts'

describe('HUIKE_MODEL_OPTIONS', () => {
  it('passes the providers\' thinking and sampling fields through, extra_body merged into the top level', () => {
    const { options, notes } = parseModelOptions('{"reasoning_effort":"none","temperature":0.3,"top_p":0.9,"thinking":{"type":"disabled"},"extra_body":{"enable_thinking":false},"chat_template_kwargs":{"enable_thinking":false}}', 600)
    expect(options).toEqual({ reasoning_effort: 'none', temperature: 0.3, top_p: 0.9, thinking: { type: 'disabled' }, enable_thinking: false, chat_template_kwargs: { enable_thinking: false } })
    expect(notes).toEqual([])
  })

  it('holds max_tokens to the answer cap, and says so', () => {
    expect(parseModelOptions('{"max_tokens":2000}', 600)).toEqual({ options: { max_tokens: 600 }, notes: ['max_tokens 2000 lowered to the answer cap of 600'] })
    expect(parseModelOptions('{"max_tokens":300}', 600).options).toEqual({ max_tokens: 300 })
  })

  it('refuses fields that would break the streamed answer, naming the variable and the field', () => {
    expect(() => parseModelOptions('{"stream":false}', 600)).toThrow('HUIKE_MODEL_OPTIONS may not set "stream" (answers are always streamed)')
    expect(() => parseModelOptions('{"tools":[],"n":2}', 600)).toThrow(/HUIKE_MODEL_OPTIONS may not set "n" .*|HUIKE_MODEL_OPTIONS may not set "tools"/)
    expect(() => parseModelOptions('{"extra_body":{"messages":[]}}', 600)).toThrow('may not set "messages"')
    expect(() => parseModelOptions('{"model":"x"}', 600)).toThrow('set HUIKE_MODEL instead')
  })

  it('refuses what is not a JSON object, or a known field of the wrong type', () => {
    expect(() => parseModelOptions('{reasoning_effort: low}', 600)).toThrow(/^HUIKE_MODEL_OPTIONS must be a JSON object/)
    expect(() => parseModelOptions('[1]', 600)).toThrow(/^HUIKE_MODEL_OPTIONS must be a JSON object/)
    expect(() => parseModelOptions('{"temperature":"hot"}', 600)).toThrow(/^HUIKE_MODEL_OPTIONS is not valid: temperature:/)
    expect(() => parseModelOptions('{"enable_thinking":"no"}', 600)).toThrow(/enable_thinking/)
  })

  it('is read at start-up into the OpenAI settings, and a bad value fails there even without a key', () => {
    const settings = readSettings({ OPENAI_API_KEY: 'k', HUIKE_MODEL_OPTIONS: '{"max_tokens":900,"enable_thinking":false}' })
    expect(settings.openai).toMatchObject({ options: { max_tokens: 600, enable_thinking: false }, optionNotes: ['max_tokens 900 lowered to the answer cap of 600'] })
    expect(describeProvider(settings)).toBe('openai model gpt-4o-mini, options {"enable_thinking":false,"max_tokens":600} (HUIKE_MODEL_OPTIONS: max_tokens 900 lowered to the answer cap of 600)')
    expect(() => readSettings({ HUIKE_MODEL_OPTIONS: '{"stream":true}' })).toThrow('HUIKE_MODEL_OPTIONS may not set "stream"')
    expect(readSettings({ OPENAI_API_KEY: 'k' }).openai!.options).toBeUndefined()
  })
})
