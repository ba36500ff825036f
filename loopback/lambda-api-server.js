// Loopback AWS API server for tests, demos and benchmarks: the Lambda layer REST API (2018-10-31) and
// function configuration (2015-03-31), plus the S3 objects and SSM parameters publishing touches, and the
// account calls made before the build (STS GetCallerIdentity, Account ListRegions: account-api.js). One
// process answers them all, telling them apart by the service of the request's SigV4 credential scope.
import { createServer } from 'node:http'
import { randomUUID } from 'node:crypto'
import { createS3Store, handleS3, injectedS3Error, s3Address, s3ErrorResponse, s3Operation } from './s3-service.js'
import { createSsmStore, handleSsm, injectedSsmError, ssmErrorBody, ssmOperation } from './ssm-service.js'
import {
  createFunctionStore,
  getFunctionConfiguration,
  storedFunction,
  updateFunctionConfiguration
} from './lambda-functions.js'
import {
  LambdaError,
  notFound,
  requestTooLarge,
  throttled,
  invalidParameter,
  serviceError,
  unknownOperation,
  missingAuthentication,
  incompleteSignature,
  wrongService,
  parseJsonObject
} from './lambda-errors.js'
import { LAYER_HANDLERS, createLayerStore, toStoredLayerVersion } from './lambda-layers.js'
import { CONTENT_URL_SECONDS, contentUrlRefusal, s3ErrorXml } from './layer-content-url.js'
import { createAccountApi } from './account-api.js'
import { createFaultInjector } from './fault-injector.js'

export const DEFAULT_ACCOUNT_ID = '123456789012'
export const DEFAULT_MAX_REQUEST_BYTES = 70_167_211
export const DEFAULT_MAX_ZIP_BYTES = 52_428_800
const ARCHIVE_OPERATION = 'GetLayerArchive'
const UNKNOWN_OPERATION = 'UnknownOperation'

const SIGV4_AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request\s*,\s*SignedHeaders=[a-z0-9;-]+\s*,\s*Signature=[0-9a-f]+\s*$/i
const LAYER = '/2018-10-31/layers/([^/]+)'
const FUNCTION_CONFIGURATION = '/2015-03-31/functions/([^/]+)/configuration'
const SERVICES = ['lambda', 's3', 'ssm', 'sts', 'account']
const ROUTES = [
  { method: 'POST', path: `${LAYER}/versions`, operation: 'PublishLayerVersion', params: ['layerName'] },
  { method: 'GET', path: `${LAYER}/versions`, operation: 'ListLayerVersions', params: ['layerName'] },
  {
    method: 'GET',
    path: `${LAYER}/versions/([^/]+)`,
    operation: 'GetLayerVersion',
    params: ['layerName', 'versionNumber']
  },
  {
    method: 'DELETE',
    path: `${LAYER}/versions/([^/]+)`,
    operation: 'DeleteLayerVersion',
    params: ['layerName', 'versionNumber']
  },
  {
    method: 'POST',
    path: `${LAYER}/versions/([^/]+)/policy`,
    operation: 'AddLayerVersionPermission',
    params: ['layerName', 'versionNumber']
  },
  {
    method: 'GET',
    path: `${LAYER}/versions/([^/]+)/policy`,
    operation: 'GetLayerVersionPolicy',
    params: ['layerName', 'versionNumber']
  },
  {
    method: 'DELETE',
    path: `${LAYER}/versions/([^/]+)/policy/([^/]+)`,
    operation: 'RemoveLayerVersionPermission',
    params: ['layerName', 'versionNumber', 'statementId']
  },
  { method: 'GET', path: '/2018-10-31/layers/?', operation: 'ListLayers', params: [] },
  { method: 'GET', path: FUNCTION_CONFIGURATION, operation: 'GetFunctionConfiguration', params: ['functionName'] },
  { method: 'PUT', path: FUNCTION_CONFIGURATION, operation: 'UpdateFunctionConfiguration', params: ['functionName'] },
  {
    method: 'GET',
    path: '/snapshots/(\\d{12})/([^/]+)',
    operation: ARCHIVE_OPERATION,
    params: ['accountId', 'archiveKey']
  }
].map(route => ({ ...route, regex: new RegExp(`^${route.path}$`) }))

/** @param {string | undefined} header */
function parseAuthorization(header) {
  if (header === undefined || header === '') return { error: missingAuthentication() }
  const match = SIGV4_AUTHORIZATION.exec(header)
  if (!match) return { error: incompleteSignature() }
  const [, , , region, service] = match
  if (!SERVICES.includes(service)) return { region, service, error: wrongService() }
  return { region, service }
}

function matchRoute(method, pathname, query) {
  for (const route of ROUTES) {
    const match = route.regex.exec(pathname)
    if (!match || route.method !== method) continue
    const params = Object.fromEntries(route.params.map((name, index) => [name, decodePathSegment(match[index + 1])]))
    const operation =
      route.operation === 'ListLayers' && query.find === 'LayerVersion' ? 'GetLayerVersionByArn' : route.operation
    return { operation, params }
  }
  return { operation: UNKNOWN_OPERATION, params: {} }
}

function parseRequestUrl(raw) {
  try {
    return new URL(`http://loopback${raw}`)
  } catch {
    return new URL('http://loopback/unparsable-request-target')
  }
}

function decodePathSegment(segment) {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** Reads the whole body; past `limit` bytes it keeps draining so the client can still read the error response. */
function readBody(request, limit) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    request.on('data', chunk => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
      else chunks.length = 0
    })
    request.on('end', () =>
      resolve({ buffer: size <= limit ? Buffer.concat(chunks) : Buffer.alloc(0), tooLarge: size > limit })
    )
    request.on('error', reject)
    request.on('close', () => reject(new Error('request aborted before the body was complete')))
  })
}

const delay = ms => new Promise(resolve => setTimeout(resolve, ms).unref())

const HANDLERS = {
  ...LAYER_HANDLERS,
  GetFunctionConfiguration: getFunctionConfiguration,
  UpdateFunctionConfiguration: updateFunctionConfiguration
}

function respond(response, entry, status, payload, headers) {
  entry.status = status
  if (response.destroyed || response.headersSent) return
  const body =
    payload === undefined ? undefined : Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload))
  const allHeaders = { 'Content-Type': 'application/json', ...headers }
  if (body !== undefined) allHeaders['Content-Length'] = String(body.length)
  response.writeHead(status, allHeaders)
  response.end(body)
}

function respondWithError(response, entry, error, requestId) {
  const lambdaError =
    error instanceof LambdaError ? error : serviceError(error instanceof Error ? error.message : String(error))
  const payload = { Type: lambdaError.fault, [lambdaError.messageKey]: lambdaError.message, ...lambdaError.fields }
  respond(response, entry, lambdaError.status, payload, {
    'x-amzn-RequestId': requestId,
    'x-amzn-ErrorType': lambdaError.type,
    ...lambdaError.headers
  })
}

/** Sends a response whose body and headers are already in the service's wire format. */
function respondRaw(response, entry, status, body, headers) {
  entry.status = status
  if (response.destroyed || response.headersSent) return
  const allHeaders = { ...headers }
  if (body !== undefined) allHeaders['Content-Length'] = String(body.length)
  response.writeHead(status, allHeaders)
  response.end(body)
}

function dropConnection(request, entry) {
  entry.status = 0
  request.socket.destroy()
}

/** GET of a Content.Location URL: S3 checks the presigned URL's signature and expiry before serving the zip. */
function serveArchive(request, response, entry, base, store, fault) {
  const { params, url, query, requestId } = base
  if (fault === 'drop') return dropConnection(request, entry)
  const headers = { 'Content-Type': 'application/xml', 'x-amz-request-id': requestId }
  if (fault === 'server-error') {
    const body = s3ErrorXml(
      { code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
      requestId
    )
    return respondRaw(response, entry, 500, body, headers)
  }
  const now = Date.now() + (fault === 'expired' ? (CONTENT_URL_SECONDS + 1) * 1000 : 0)
  const refusal = contentUrlRefusal(url.pathname, query, now)
  if (refusal) return respondRaw(response, entry, refusal.status, s3ErrorXml(refusal, requestId), headers)
  const record = params.accountId === store.accountId ? store.archive(params.archiveKey) : undefined
  if (!record) throw notFound()
  respond(response, entry, 200, record.zip, { 'Content-Type': 'application/zip', 'x-amz-request-id': requestId })
}

/** @param {import('./lambda-api-server.js').LambdaApiServerOptions} [userOptions] */
export async function startLambdaApiServer(userOptions = {}) {
  const options = {
    ...userOptions,
    maxRequestBytes: userOptions.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    maxZipBytes: userOptions.maxZipBytes ?? DEFAULT_MAX_ZIP_BYTES
  }
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID
  const store = createLayerStore(accountId)
  const functions = createFunctionStore(accountId)
  const s3 = createS3Store()
  const ssm = createSsmStore(accountId)
  const faults = createFaultInjector(options.faults)
  /** @type {'expired' | 'server-error' | 'drop' | undefined} */
  let contentUrlFault
  const accountApi = createAccountApi(accountId)
  /** @type {import('./lambda-api-server.js').RecordedRequest[]} */
  const requests = []
  let baseUrl = ''
  /** @type {Promise<void> | undefined} */
  let closing

  /** Delays the region's requests and drops them while it is down; true when the request was dropped. */
  async function applyRegionFaults(request, entry, region) {
    if (region === undefined) return false
    if (faults.isDown(region)) {
      dropConnection(request, entry)
      return true
    }
    const latency = faults.latencyOf(region)
    if (latency > 0) await delay(latency)
    return false
  }

  async function handleS3Request(request, response, base) {
    const { requestId, url, query, method, auth } = base
    const { bucket, key } = s3Address(request.headers.host, url.pathname)
    const operation = s3Operation(method, key, query)
    const entry = {
      service: 's3',
      method,
      path: url.pathname,
      query,
      region: auth.region,
      operation,
      status: 0,
      time: Date.now(),
      bucket,
      key
    }
    requests.push(entry)
    try {
      const { buffer } = await readBody(request, Number.POSITIVE_INFINITY)
      entry.bytes = buffer.length
      if (await applyRegionFaults(request, entry, auth.region)) return
      const injected = faults.takeFault(auth.region, 's3')
      if (injected) throw injectedS3Error(injected)
      const headers = /** @type {Record<string, string>} */ (request.headers)
      const result = handleS3(s3, {
        operation,
        method,
        bucketName: bucket,
        key,
        query,
        headers,
        body: buffer,
        region: auth.region,
        baseUrl
      })
      if (result.status === 404 && method === 'HEAD')
        return respondRaw(response, entry, 404, undefined, { 'x-amz-request-id': requestId })
      respondRaw(response, entry, result.status, result.body, { 'x-amz-request-id': requestId, ...result.headers })
    } catch (error) {
      const failure = s3ErrorResponse(error, { method }, requestId)
      respondRaw(response, entry, failure.status, failure.body, failure.headers)
    }
  }

  async function handleSsmRequest(request, response, base) {
    const { requestId, url, query, method, auth } = base
    const operation = ssmOperation(request.headers['x-amz-target'])
    const entry = {
      service: 'ssm',
      method,
      path: url.pathname,
      query,
      region: auth.region,
      operation,
      status: 0,
      time: Date.now()
    }
    requests.push(entry)
    const headers = { 'x-amzn-RequestId': requestId, 'Content-Type': 'application/x-amz-json-1.1' }
    try {
      const { buffer } = await readBody(request, options.maxRequestBytes)
      entry.bytes = buffer.length
      if (await applyRegionFaults(request, entry, auth.region)) return
      const injected = faults.takeFault(auth.region, 'ssm')
      if (injected) throw injectedSsmError(injected)
      const body = handleSsm(ssm, operation, auth.region, buffer)
      respond(response, entry, 200, body, headers)
    } catch (error) {
      const failure = ssmErrorBody(error)
      respond(response, entry, failure.status, failure.body, headers)
    }
  }

  async function handleLambdaRequest(request, response, base) {
    const { requestId, url, query, method, auth } = base
    const { operation, params } = matchRoute(method, url.pathname, query)
    const entry = {
      service: 'lambda',
      method,
      path: url.pathname,
      query,
      region: auth.region,
      operation,
      status: 0,
      time: Date.now()
    }
    if (params.layerName !== undefined) entry.layerName = params.layerName
    if (params.functionName !== undefined) entry.functionName = params.functionName
    requests.push(entry)
    try {
      if (operation === ARCHIVE_OPERATION)
        return serveArchive(request, response, entry, { ...base, params }, store, contentUrlFault)
      if (auth.region !== undefined && faults.isDown(auth.region)) return dropConnection(request, entry)
      const { buffer, tooLarge } = await readBody(request, options.maxRequestBytes)
      entry.bytes = buffer.length
      if (operation === UNKNOWN_OPERATION) throw unknownOperation(method, url.pathname)
      if (auth.error) throw auth.error
      await applyRegionFaults(request, entry, auth.region)
      const rejection = faults.rejectionOf(auth.region, request.headers)
      if (rejection !== undefined) throw invalidParameter(rejection)
      const injected = faults.takeFault(auth.region, 'lambda')
      if (injected) throw injected.kind === 'throttle' ? throttled(injected.retryAfterSeconds) : serviceError()
      if (tooLarge) throw requestTooLarge(operation, options.maxRequestBytes)
      const body = method === 'POST' || method === 'PUT' ? parseJsonObject(buffer) : {}
      const context = { operation, params, query, body, region: auth.region, store, functions, s3, options, baseUrl }
      const result = await HANDLERS[operation](context)
      if (faults.takeLostResponse(auth.region, operation)) return dropConnection(request, entry)
      respond(response, entry, result.status, result.body, { 'x-amzn-RequestId': requestId })
    } catch (error) {
      respondWithError(response, entry, error, requestId)
    }
  }

  /** Routes a request to the service named in its SigV4 credential scope; unsigned requests go to Lambda. */
  async function handle(request, response) {
    const url = parseRequestUrl(request.url ?? '/')
    const base = {
      requestId: randomUUID(),
      url,
      query: Object.fromEntries(url.searchParams),
      method: request.method ?? 'GET',
      auth: parseAuthorization(request.headers.authorization)
    }
    if (base.auth.service === 's3') return handleS3Request(request, response, base)
    if (base.auth.service === 'ssm') return handleSsmRequest(request, response, base)
    if (accountApi.handles(base.auth.service)) return accountApi.handle(request, response, base)
    return handleLambdaRequest(request, response, base)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(error => respondWithError(response, { status: 0 }, error, randomUUID()))
  })
  // AWS endpoints keep an idle connection open far longer than Node's 5 s default. With the
  // default, a client that reuses a connection just as the server closes it gets ECONNRESET, which
  // a busy machine turns from rare into common.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve(undefined)
    })
  })
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const publicHost = ['0.0.0.0', '::'].includes(address.address) ? '127.0.0.1' : address.address
  baseUrl = `http://${address.family === 'IPv6' && publicHost !== '127.0.0.1' ? `[${publicHost}]` : publicHost}:${address.port}`

  return {
    url: baseUrl,
    requests,
    ...accountApi.controls,
    layerVersions: (region, layerName) => store.versionsOf(region, layerName).map(toStoredLayerVersion),
    policy: (region, layerName, version) =>
      structuredClone(store.findVersion(region, layerName, version)?.policy.statements ?? []),
    regions: () => store.regionNames(),
    setRegionFaults: (region, value) => faults.set(region, value),
    regionFaults: region => faults.get(region),
    setContentUrlFault: fault => {
      contentUrlFault = fault
    },
    createBucket: (region, bucket) => s3.createBucket(region, bucket),
    putObject: (bucket, key, body) => s3.putObject(bucket, key, body),
    s3Object(bucket, key) {
      const object = s3.bucket(bucket)?.objects.get(key)
      return (
        object && {
          body: Buffer.from(object.body),
          etag: object.etag,
          contentType: object.contentType,
          partCount: object.partCount
        }
      )
    },
    s3Keys: bucket => [...(s3.bucket(bucket)?.objects.keys() ?? [])].sort(),
    multipartUploads: bucket =>
      [...(s3.bucket(bucket)?.uploads.values() ?? [])].map(upload => ({ key: upload.key, parts: upload.parts.size })),
    ssmParameter(region, name) {
      const record = ssm.get(region, name)
      return record && { name: record.name, value: record.value, type: record.type, version: record.version }
    },
    addFunction: (region, seed) => functions.add(region, seed).arn,
    functionState(region, name) {
      const record = functions.find(region, name)
      return record && storedFunction(record)
    },
    reset() {
      s3.clear()
      ssm.clear()
      functions.clear()
      store.clear()
      faults.clear()
      contentUrlFault = undefined
      accountApi.reset()
      requests.length = 0
    },
    close() {
      closing ??= new Promise((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve(undefined)))
        server.closeAllConnections()
      })
      return closing
    }
  }
}
