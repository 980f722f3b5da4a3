// What the visitor wants (intent) and how they feel (sentiment). The classifier lives in
// ./understanding/; this file keeps the import path callers already use.
export { classifyTurn, type TurnContext, type TurnUnderstanding } from './understanding/index.ts'
