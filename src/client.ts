export { DebugClient } from './client/debug-client.js'
export type { AttachOptions, ConnectOptions, DebugClientEvents, DebugProtocol, LedgerResponseBody, SessionResponseBody, TestFinishedEventBody } from './client/debug-client.js'
export type { FinishedSession, LiveSession, PendingOperation } from './shared/dap-extensions.js'
