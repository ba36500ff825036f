// The loopback's account calls: STS GetCallerIdentity and Account ListRegions, answered apart from the
// publishing services and recorded in their own list (`accountRequests`), so that tests counting the
// publishing requests see only those.
import { createStsState, handleSts } from './sts-service.js'
import { createAccountState, handleAccount } from './account-service.js'

const SERVICES = ['sts', 'account']

function readWholeBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = []
    request.on('data', chunk => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

/** @param {string} accountId */
export function createAccountApi(accountId) {
  const sts = createStsState(accountId)
  const account = createAccountState()
  /** @type {import('./lambda-api-server.js').RecordedRequest[]} */
  const requests = []
  return {
    /** True for a request signed for STS or Account Management. */
    handles: service => SERVICES.includes(service),
    /** Answers one request; `base` is the server's parsed request (url, method, auth, requestId). */
    async handle(request, response, base) {
      const { requestId, url, query, method, auth } = base
      const entry = { service: auth.service, method, path: url.pathname, query, region: auth.region, status: 0 }
      Object.assign(entry, { operation: 'UnknownOperation', time: Date.now() })
      requests.push(entry)
      const body = await readWholeBody(request)
      entry.bytes = body.length
      const context = { method, path: url.pathname, region: auth.region, body, requestId }
      const answer = auth.service === 'sts' ? handleSts(sts, context) : handleAccount(account, context)
      entry.operation = answer.operation
      entry.status = answer.status
      if (response.destroyed || response.headersSent) return
      response.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(answer.body.length) })
      response.end(answer.body)
    },
    /** The test controls the server exposes. */
    controls: {
      accountRequests: requests,
      setCallerIdentity: value => sts.set(value),
      setAccountRegions: value => account.setRegions(value),
      setAccountFailure: value => account.setFailure(value)
    },
    reset() {
      sts.clear()
      account.clear()
      requests.length = 0
    }
  }
}
