// Every string the visitor sees: Chinese here, English in i18n-en.ts; `strings(lang)` gives the
// visitor's table; error codes map to friendly text.
import type { Lang } from './types.ts'

export const zh = {
  brand: '慧客',
  subtitle: 'AI 助手 · 通常即时回复',
  open: '打开在线客服',
  close: '关闭对话',
  placeholder: '输入您的问题…',
  send: '发送',
  stop: '停止生成',
  stopped: '已停止生成',
  typing: '正在输入',
  thinking: '正在思考',
  retry: '重试',
  view: '查看详情',
  outOfStock: '暂时缺货',
  compare: '商品对比',
  handoffTitle: '人工客服',
  handoffOffline: '人工客服暂不在线',
  /** The handoff card's "leave a message" form (LeaveMessageForm). */
  leave: {
    title: '给客服留言',
    name: '称呼（选填）',
    phone: '手机',
    wechat: '微信',
    email: '邮箱',
    consent: '同意客服通过以上方式联系我，仅用于回复本次咨询',
    needContact: '请至少填写手机、微信或邮箱中的一项',
    needConsent: '请先勾选同意',
    sent: '留言已提交，客服会通过您留下的方式联系您。',
  },
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
  menu: '隐私与偏好',
  offers: '接收优惠推荐',
  download: '下载我的数据',
  erase: '删除我的数据',
  eraseAsk: '删除本设备和服务器上的对话记录与资料？此操作无法撤销。',
  eraseYes: '确认删除',
  erased: '已删除本设备和服务器上的对话记录与资料。',
  cancel: '取消',
  up: '有帮助',
  csat: '您对本次服务满意吗？（1 很不满意 – 5 很满意）',
  skip: '跳过',
  down: '没有帮助',
  liveWaiting: '正在为您联系人工客服…',
  liveJoined: '人工客服 {name} 已接入',
  liveTyping: '{name} 正在输入…',
  liveBack: '返回 AI 助手',
  liveUnanswered: '抱歉，现在没有人工客服能接入。您可以留言，我们会尽快联系您。',
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

/**
 * The visitor's strings. English is a file of its own (/huike-en.js, built apart: vite.config.ts mode
 * `lazy`), so Chinese pages never download it; if it cannot load, Chinese it is.
 */
export function strings(lang: Lang): Promise<Strings> {
  if (lang !== 'en') return Promise.resolve(zh)
  return import(/* @vite-ignore */ new URL(__HUIKE_EN__, import.meta.url).href).then((m: { en: Strings }) => m.en, () => zh)
}

export function errorText(s: Strings, code: string): string {
  return s.errors[code] ?? s.errors.default!
}
