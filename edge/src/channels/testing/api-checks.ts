// Test helpers (not a test file) shared by the WeChat and WeCom tests: a fresh local stand-in of
// WeChat's API for each test, the error a call rejected with, and that no secret or issued token
// leaked into a message. (Not in wechat-api-stub.ts: the channels bench uses that outside vitest.)
import { afterEach, beforeEach, expect } from 'vitest'
import { startWechatApiStub, type WechatApiStub, type WechatApiStubOptions } from './wechat-api-stub.ts'

/** A stand-in started before each test of the file (handed to `use`) and closed after it. */
export function useWechatApiStub(use: (stub: WechatApiStub) => void, options?: WechatApiStubOptions): void {
  let started: WechatApiStub | undefined
  beforeEach(async () => use((started = await startWechatApiStub(options))))
  afterEach(() => started?.close())
}

/** The rejection of `promise`, checked to be a `type`. */
export async function rejection<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(type)
  return err as E
}

/** Neither `secret` nor any token the stub issued appears in `text`. */
export function expectNoSecrets(stub: WechatApiStub, secret: string, text: string): void {
  expect(text).not.toContain(secret)
  for (const token of stub.tokens) expect(text).not.toContain(token)
}
