// Test helpers (not a test file) shared by the two WeChat API clients' tests: the error a call
// rejected with, and that no secret or issued token leaked into a message.
import { expect } from 'vitest'
import type { WechatApiStub } from './wechat-api-stub.ts'

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
