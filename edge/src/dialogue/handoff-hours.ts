// Business hours from the site config: whether people answer chats right now (in the shop's time
// zone, via Intl, so it works the same on Node and Workers) and the hours as a visitor reads them.
import { localized, type BusinessHours } from '../../../shared/config.ts'
import type { Lang } from '../../../shared/protocol.ts'

export const DEFAULT_TIMEZONE = 'Asia/Shanghai'

/** A moment as a wall clock in some time zone. `weekday`: 0 = Sunday. */
export interface ZonedTime {
  year: number
  month: number
  day: number
  weekday: number
  /** Minutes since midnight. */
  minutes: number
}

const formats = new Map<string, Intl.DateTimeFormat>()
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    })
    formats.set(timeZone, format)
  }
  return format
}

export function zonedTime(now: Date, timeZone: string = DEFAULT_TIMEZONE): ZonedTime {
  const parts: Record<string, string> = {}
  for (const p of formatFor(timeZone).formatToParts(now)) parts[p.type] = p.value
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
    minutes: (Number(parts.hour) % 24) * 60 + Number(parts.minute),
  }
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Whether people are on duty at `now`; hours whose close is before the open run past midnight. */
export function isOpen(hours: BusinessHours, now: Date): boolean {
  const t = zonedTime(now, hours.timezone)
  const open = toMinutes(hours.open)
  const close = toMinutes(hours.close)
  const days = new Set(hours.days)
  if (open === close) return days.has(t.weekday) // open all day
  if (open < close) return days.has(t.weekday) && t.minutes >= open && t.minutes < close
  return (days.has(t.weekday) && t.minutes >= open) || (days.has((t.weekday + 6) % 7) && t.minutes < close)
}

const DAY_NAMES: Record<Lang, string[]> = {
  'zh-CN': ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
}
/** Chinese visitors read these as their own clock; others get the zone named. */
const CHINA_ZONES = new Set(['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Harbin', 'Asia/Urumqi', 'PRC'])

/** "每天 9:00–21:00", "周一至周五 9:00–18:00", "Mon–Fri 9:00–18:00 (Beijing time)". */
export function hoursText(hours: BusinessHours, lang: Lang): string {
  if (hours.text) return localized(hours.text, lang)
  const names = DAY_NAMES[lang]
  // Runs of consecutive days, in Monday-first order.
  const order = [1, 2, 3, 4, 5, 6, 0]
  const on = new Set(hours.days)
  const runs: number[][] = []
  for (const d of order) {
    if (!on.has(d)) continue
    const last = runs.at(-1)
    if (last && order.indexOf(last.at(-1)!) === order.indexOf(d) - 1) last.push(d)
    else runs.push([d])
  }
  const range = lang === 'en' ? '–' : '至'
  const days =
    on.size === 7 ? (lang === 'en' ? 'Every day' : '每天')
    : runs.map((r) => (r.length >= 3 ? `${names[r[0]!]}${range}${names[r.at(-1)!]}` : r.map((d) => names[d]).join(lang === 'en' ? ', ' : '、'))).join(lang === 'en' ? ', ' : '、')
  const clock = (hhmm: string) => `${Number(hhmm.slice(0, 2))}:${hhmm.slice(3, 5)}`
  const time = `${clock(hours.open)}–${clock(hours.close)}`
  const china = CHINA_ZONES.has(hours.timezone)
  const zone = lang === 'en' ? ` (${china ? 'Beijing time' : hours.timezone})` : china ? '' : `（${hours.timezone}）`
  return `${days} ${time}${zone}`
}
