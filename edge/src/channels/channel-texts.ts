// What a channel says on its own, outside any turn: to a picture or a voice note it cannot read, to a
// flood, after "删除我的数据", and when a person joins or leaves the conversation.
import type { Lang } from '../../../shared/protocol.ts'

export const CHANNEL_TEXTS = {
  'zh-CN': {
    notText: '我目前只能读懂文字消息，请用文字描述您的问题，我马上为您解答～',
    tooFast: '您发得有点快，请稍等片刻再发～',
    erased: '已删除您在这里的资料和对话记录。如需帮助，随时给我发消息。',
    agentJoined: (name: string) => `人工客服 ${name} 已接入，请直接在这里和 TA 对话。`,
    agentLeft: '人工客服已结束接待，接下来由智能助手继续为您服务。',
  },
  en: {
    notText: 'I can only read text messages for now — please type your question and I will answer right away.',
    tooFast: 'You are sending messages a little fast — please wait a moment.',
    erased: 'Your profile and conversation here have been deleted. Message me any time if you need help.',
    agentJoined: (name: string) => `${name} from our team has joined — you can talk to them right here.`,
    agentLeft: 'Our team member has left the chat; the assistant is back to help you.',
  },
} satisfies Record<Lang, unknown>

/** "删除我的数据" as a whole message: the channel's way to the widget's "delete my data" button. */
export const ERASE_COMMANDS = ['删除我的数据', '删除我的资料', 'delete my data']

export const isEraseCommand = (text: string): boolean => ERASE_COMMANDS.includes(text.trim().toLowerCase())

