// The Chatwoot bridge, for the integrator: createChatwootBridge (handoff, visitor messages) and
// chatwootWebhookRoute (agents' replies, resolutions), sharing one ChatwootLinkStore.
export { createChatwootBridge, type ChatwootBridge, type ChatwootBridgeOptions } from './bridge.ts'
export { ChatwootError } from './client-api.ts'
export { memoryChatwootLinks, type ChatwootContact, type ChatwootLinkStore, type ChatwootRef } from './links.ts'
export { chatwootWebhookRoute, type ChatwootWebhookOptions } from './webhook-route.ts'
