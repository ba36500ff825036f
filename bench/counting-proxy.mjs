// A pass-through HTTP proxy in front of the loopback API that counts the request body bytes the
// action sends: what an unchanged re-run uploads is measured on the wire, not inferred.
import { createServer, request as httpRequest } from 'node:http'

export async function startCountingProxy(targetUrl) {
  const target = new URL(targetUrl)
  const state = { requests: 0, bodyBytes: 0 }
  const server = createServer((incoming, outgoing) => {
    state.requests += 1
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers
      },
      answer => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
      }
    )
    forward.on('error', () => outgoing.destroy())
    incoming.on('data', chunk => (state.bodyBytes += chunk.length))
    incoming.pipe(forward)
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    /** Request count and body bytes since the last call. */
    take() {
      const taken = { ...state }
      state.requests = 0
      state.bodyBytes = 0
      return taken
    },
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve(undefined))
      })
  }
}
