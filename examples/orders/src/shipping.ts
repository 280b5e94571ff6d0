import { connect } from 'node:net'

/** Asks the shipping service for a quote, in cents. */
export async function fetchShippingQuote(port: number, postcode: string): Promise<number> {
  const socket = connect(port, '127.0.0.1')
  socket.write(`QUOTE ${postcode}\n`)
  // Bug: no timeout and no AbortSignal: when the service never answers, this waits forever.
  const reply: Buffer = await new Promise(resolve => socket.once('data', resolve))
  socket.end()
  return Number(reply.toString().trim())
}
