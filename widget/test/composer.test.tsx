import { fireEvent, render } from '@testing-library/preact'
import { describe, expect, it, vi } from 'vitest'
import { Composer } from '../src/app/components/Composer.tsx'
import { t } from './helpers.ts'

const setup = (busy = false) => {
  const onSend = vi.fn()
  const onStop = vi.fn()
  const { container, rerender } = render(<Composer s={t('zh-CN')} busy={busy} onSend={onSend} onStop={onStop} />)
  const input = container.querySelector<HTMLTextAreaElement>('[part="input"]')!
  const type = (text: string) => fireEvent.input(input, { target: { value: text } })
  return { container, input, type, onSend, onStop, rerender }
}

describe('composer', () => {
  it('sends on Enter and clears the input', () => {
    const { input, type, onSend } = setup()
    type('X5 多少钱？')
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(onSend).toHaveBeenCalledWith('X5 多少钱？')
    expect(input.value).toBe('')
  })

  it('does not send on Shift+Enter or while an IME is composing', () => {
    const { input, type, onSend } = setup()
    type('第一行')
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true })
    fireEvent.keyDown(input, { key: 'Enter', isComposing: true })
    expect(onSend).not.toHaveBeenCalled()
  })

  it('disables send while the text is empty or whitespace', () => {
    const { container, type, input, onSend } = setup()
    const send = () => container.querySelector<HTMLButtonElement>('[part="send"]')!
    expect(send().disabled).toBe(true)
    type('   \n ')
    expect(send().disabled).toBe(true)
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(onSend).not.toHaveBeenCalled()
    type('你好')
    expect(send().disabled).toBe(false)
    fireEvent.click(send())
    expect(onSend).toHaveBeenCalledWith('你好')
  })

  it('has a 16px input font (no zoom on iOS) — set in the stylesheet', async () => {
    const { readFileSync } = await import('node:fs')
    const css = readFileSync('widget/src/app/styles.css', 'utf8')
    expect(css).toMatch(/textarea\s*{[^}]*font-size:\s*16px/)
  })

  it('shows a stop button instead of send while a reply is on its way', () => {
    const { container, onStop, type, input, onSend } = setup(true)
    expect(container.querySelector('[part="send"]')).toBeNull()
    type('再问一个')
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(onSend).not.toHaveBeenCalled()
    fireEvent.click(container.querySelector('[part="stop"]')!)
    expect(onStop).toHaveBeenCalledOnce()
  })
})
