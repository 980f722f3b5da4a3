import { describe, expect, it } from 'vitest'
import type { BusinessHours } from '../../../shared/config.ts'
import { hoursText, isOpen, zonedTime } from './handoff-hours.ts'

const daily: BusinessHours = { days: [1, 2, 3, 4, 5, 6, 0], open: '09:00', close: '21:00', timezone: 'Asia/Shanghai' }

describe('business hours', () => {
  it('reads the wall clock in the shop time zone', () => {
    expect(zonedTime(new Date('2026-11-22T16:30:00Z'), 'Asia/Shanghai')).toEqual({ year: 2026, month: 11, day: 23, weekday: 1, minutes: 30 })
    expect(zonedTime(new Date('2026-11-22T16:30:00Z'), 'America/New_York')).toMatchObject({ day: 22, weekday: 0, minutes: 11 * 60 + 30 })
  })

  it('is open from open (inclusive) to close (exclusive)', () => {
    expect(isOpen(daily, new Date('2026-11-23T00:59:59Z'))).toBe(false) // 08:59
    expect(isOpen(daily, new Date('2026-11-23T01:00:00Z'))).toBe(true) // 09:00
    expect(isOpen(daily, new Date('2026-11-23T12:59:00Z'))).toBe(true) // 20:59
    expect(isOpen(daily, new Date('2026-11-23T13:00:00Z'))).toBe(false) // 21:00
  })

  it('only on the given days', () => {
    const weekdays = { ...daily, days: [1, 2, 3, 4, 5] }
    expect(isOpen(weekdays, new Date('2026-11-22T04:00:00Z'))).toBe(false) // Sunday noon
    expect(isOpen(weekdays, new Date('2026-11-23T04:00:00Z'))).toBe(true) // Monday noon
  })

  it('runs past midnight when close is before open, belonging to the day it opened', () => {
    const night = { ...daily, days: [5], open: '20:00', close: '02:00' } // Friday night
    expect(isOpen(night, new Date('2026-11-27T13:00:00Z'))).toBe(true) // Fri 21:00
    expect(isOpen(night, new Date('2026-11-27T17:00:00Z'))).toBe(true) // Sat 01:00
    expect(isOpen(night, new Date('2026-11-27T18:30:00Z'))).toBe(false) // Sat 02:30
    expect(isOpen(night, new Date('2026-11-28T13:00:00Z'))).toBe(false) // Sat 21:00
    expect(isOpen({ ...daily, open: '00:00', close: '24:00' }, new Date('2026-11-23T16:10:00Z'))).toBe(true)
  })

  it('shows the hours in the visitor language', () => {
    expect(hoursText(daily, 'zh-CN')).toBe('每天 9:00–21:00')
    expect(hoursText(daily, 'en')).toBe('Every day 9:00–21:00 (Beijing time)')
    expect(hoursText({ ...daily, days: [1, 2, 3, 4, 5] }, 'zh-CN')).toBe('周一至周五 9:00–21:00')
    expect(hoursText({ ...daily, days: [1, 2, 3, 4, 5, 0] }, 'en')).toBe('Mon–Fri, Sun 9:00–21:00 (Beijing time)')
    expect(hoursText({ ...daily, days: [6, 0], timezone: 'Europe/Berlin' }, 'zh-CN')).toBe('周六、周日 9:00–21:00（Europe/Berlin）')
    expect(hoursText({ ...daily, text: { 'zh-CN': '工作日白天', en: 'weekdays' } }, 'en')).toBe('weekdays')
  })
})
