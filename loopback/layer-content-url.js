// Content.Location as Lambda gives it: a presigned S3 GET URL to the version's zip, valid for 10
// minutes. The loopback server signs the URL (HMAC with a per-process key, standing in for SigV4
// query signing) and, when it is fetched, checks the signature and the expiry the way S3 does.
import { createHmac, randomBytes } from 'node:crypto'

/** Lambda documents Content.Location as "a link to the layer archive in Amazon S3 that is valid for 10 minutes". */
export const CONTENT_URL_SECONDS = 600
const SIGNING_KEY = randomBytes(32)
const SIGNED_PARAMETERS = ['versionId', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires']

const amzDate = date =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
const parseAmzDate = text => {
  const match = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(text ?? '')
  return match ? Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6]) : NaN
}
const signature = (pathname, query) =>
  createHmac('sha256', SIGNING_KEY)
    .update([pathname, ...SIGNED_PARAMETERS.map(name => `${name}=${query[name] ?? ''}`)].join('\n'))
    .digest('hex')

/** The presigned-looking URL of a version's zip on this server. */
export function contentLocation(baseUrl, accountId, record, region, now = new Date()) {
  const pathname = `/snapshots/${accountId}/${record.archiveKey}`
  const query = {
    versionId: record.archiveVersionId,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `ASIALOOPBACKLAYERS/${amzDate(now).slice(0, 8)}/${region}/s3/aws4_request`,
    'X-Amz-Date': amzDate(now),
    'X-Amz-Expires': String(CONTENT_URL_SECONDS),
    'X-Amz-SignedHeaders': 'host'
  }
  const search = new URLSearchParams({ ...query, 'X-Amz-Signature': signature(pathname, query) })
  return `${baseUrl}${pathname}?${search}`
}

const s3Error = (code, message, extra = {}) => ({ status: 403, code, message, extra })

/**
 * Why S3 would refuse this GET of a Content.Location URL at `now` (ms), or undefined when it is
 * valid: { status, code, message, extra } in S3's error shape.
 */
export function contentUrlRefusal(pathname, query, now = Date.now()) {
  if (!query['X-Amz-Signature'] || !query['X-Amz-Date'] || !query['X-Amz-Expires'])
    return s3Error(
      'AccessDenied',
      'Query-string authentication requires the X-Amz-Signature, X-Amz-Date and X-Amz-Expires parameters'
    )
  if (query['X-Amz-Signature'] !== signature(pathname, query))
    return s3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.'
    )
  const signedAt = parseAmzDate(query['X-Amz-Date'])
  const expires = signedAt + Number(query['X-Amz-Expires']) * 1000
  if (!(now <= expires))
    return s3Error('AccessDenied', 'Request has expired', {
      'X-Amz-Expires': query['X-Amz-Expires'],
      Expires: new Date(expires).toISOString(),
      ServerTime: new Date(now).toISOString()
    })
  return undefined
}

/** An S3 XML error body. */
export function s3ErrorXml(refusal, requestId) {
  const fields = { Code: refusal.code, Message: refusal.message, ...refusal.extra, RequestId: requestId }
  const xml = Object.entries(fields)
    .map(([name, value]) => `<${name}>${String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${name}>`)
    .join('')
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error>${xml}</Error>`)
}
