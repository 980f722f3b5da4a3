// Every string the visitor sees, Chinese first. `t(lang)` picks the table; error codes map to friendly text.
import type { Lang } from './types.ts'

const zh = {
  brand: '慧客',
  subtitle: 'AI 助手 · 通常即时回复',
  open: '打开在线客服',
  close: '关闭对话',
  placeholder: '输入您的问题…',
  send: '发送',
  stop: '停止生成',
  stopped: '已停止生成',
  typing: '正在输入',
  retry: '重试',
  view: '查看详情',
  outOfStock: '暂时缺货',
  compare: '商品对比',
  handoffTitle: '已为您转接人工客服',
  handoffOffline: '人工客服暂不在线，已为您留言',
  hours: '服务时间',
  ticket: '工单号',
  price: '价格',
  copy: '复制',
  copied: '已复制',
  code: '券码',
  endsIn: '剩余',
  days: '天',
  expired: '已过期',
  empty: '您好！有什么可以帮您？',
  newline: 'Enter 发送，Shift+Enter 换行',
  errors: {
    network: '网络连接失败，请检查网络后重试。',
    rate_limited: '消息发送太频繁，请稍后再试。',
    too_large: '消息太长了，请精简后再发。',
    invalid_request: '这条消息无法发送。',
    bad_json: '这条消息无法发送。',
    forbidden_origin: '当前网站暂未开通在线客服。',
    default: '回复失败了，请重试。',
  } as Record<string, string>,
}

export type Strings = typeof zh

const en: Strings = {
  brand: 'huike',
  subtitle: 'AI assistant · replies instantly',
  open: 'Open chat',
  close: 'Close chat',
  placeholder: 'Type your question…',
  send: 'Send',
  stop: 'Stop generating',
  stopped: 'Stopped',
  typing: 'Typing',
  retry: 'Retry',
  view: 'View',
  outOfStock: 'Out of stock',
  compare: 'Comparison',
  handoffTitle: 'Connecting you to a person',
  handoffOffline: 'Our team is offline: your message is waiting for them',
  hours: 'Hours',
  ticket: 'Ticket',
  price: 'Price',
  copy: 'Copy',
  copied: 'Copied',
  code: 'Code',
  endsIn: 'Ends in',
  days: 'd',
  expired: 'Expired',
  empty: 'Hi! How can we help?',
  newline: 'Enter to send, Shift+Enter for a new line',
  errors: {
    network: 'Network problem. Check your connection and try again.',
    rate_limited: 'Too many messages. Please wait a moment.',
    too_large: 'That message is too long. Please shorten it.',
    invalid_request: 'This message could not be sent.',
    bad_json: 'This message could not be sent.',
    forbidden_origin: 'Chat is not enabled for this site.',
    default: 'Something went wrong. Please try again.',
  },
}

export function t(lang: Lang): Strings {
  return lang === 'en' ? en : zh
}

export function errorText(s: Strings, code: string): string {
  return s.errors[code] ?? s.errors.default!
}
