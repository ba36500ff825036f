// Loopback S3 REST API (path-style and virtual-hosted addressing) for the objects a layer is staged in:
// PutObject, HeadObject, GetObject, DeleteObject and the multipart upload operations, with S3's XML
// bodies and error shapes. Buckets are created through the server's JavaScript API, each in one region.
import { createHash, randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'

const MIN_PART_BYTES = 5 * 1024 * 1024
const MAX_PART_NUMBER = 10_000
const XML_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/'
const UNSIGNED_PAYLOADS = new Set(['UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'])

/** An error answered in S3's XML shape. */
export class S3Error extends Error {
  constructor(status, code, message, fields = {}) {
    super(message)
    Object.assign(this, { status, code, fields })
  }
}

const noSuchBucket = bucket =>
  new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket })
const noSuchKey = key => new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key })
const noSuchUpload = uploadId =>
  new S3Error(
    404,
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId }
  )
const wrongRegion = (signed, actual) =>
  new S3Error(
    400,
    'AuthorizationHeaderMalformed',
    `The authorization header is malformed; the region '${signed}' is wrong; expecting '${actual}'`,
    { Region: actual }
  )
const notImplemented = () =>
  new S3Error(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented')
const malformedXml = () =>
  new S3Error(
    400,
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema'
  )

const xmlEscape = text =>
  String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const xmlUnescape = text =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
const xmlElements = fields =>
  Object.entries(fields)
    .map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
    .join('')
const xmlDocument = (root, fields, namespace = true) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${namespace ? ` xmlns="${XML_NAMESPACE}"` : ''}>${xmlElements(fields)}</${root}>`
const md5Hex = buffer => createHash('md5').update(buffer).digest('hex')
const crc32Base64 = buffer => {
  const value = Buffer.alloc(4)
  value.writeUInt32BE(crc32(buffer))
  return value.toString('base64')
}

/** An injected fault in S3's shape: 503 SlowDown for a throttle, 500 InternalError otherwise. */
export function injectedS3Error(fault) {
  return fault.kind === 'throttle'
    ? new S3Error(503, 'SlowDown', 'Please reduce your request rate.')
    : new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.')
}

/** Buckets (each in one region), their objects and the multipart uploads in progress. */
export function createS3Store() {
  /** @type {Map<string, { region: string, objects: Map<string, any>, uploads: Map<string, any> }>} */
  const buckets = new Map()
  return {
    createBucket(region, name) {
      if (!buckets.has(name)) buckets.set(name, { region, objects: new Map(), uploads: new Map() })
      else if (buckets.get(name).region !== region)
        throw new Error(`bucket ${name} already exists in ${buckets.get(name).region}`)
    },
    bucket: name => buckets.get(name),
    /** The bucket, checked against the region the request was signed for. */
    requireBucket(name, region) {
      const bucket = buckets.get(name)
      if (!bucket) throw noSuchBucket(name)
      if (region !== undefined && bucket.region !== region) throw wrongRegion(region, bucket.region)
      return bucket
    },
    putObject(name, key, body, contentType = 'binary/octet-stream') {
      const bucket = buckets.get(name)
      if (!bucket) throw new Error(`no bucket ${name}; create it first`)
      bucket.objects.set(key, objectRecord(Buffer.from(body), contentType, `"${md5Hex(body)}"`))
    },
    clear: () => buckets.clear()
  }
}

function objectRecord(body, contentType, etag) {
  return { body, contentType, etag, lastModified: new Date() }
}

/** Bucket and key of a request: path-style (/bucket/key) or virtual-hosted (bucket.localhost). */
export function s3Address(hostHeader, pathname) {
  const host = (hostHeader ?? '').replace(/:\d+$/, '')
  const hosted = /^(.+)\.(localhost|127\.0\.0\.1)$/.exec(host)
  const segments = pathname.split('/').slice(1)
  const decode = text => {
    try {
      return decodeURIComponent(text)
    } catch {
      return text
    }
  }
  if (hosted) return { bucket: hosted[1], key: decode(segments.join('/')) }
  return { bucket: decode(segments[0] ?? ''), key: decode(segments.slice(1).join('/')) }
}

/** The S3 operation a request stands for, from its method, key and query. */
export function s3Operation(method, key, query) {
  if (key === '') return 'UnknownOperation'
  if (method === 'PUT') return query.uploadId !== undefined ? 'UploadPart' : 'PutObject'
  if (method === 'GET') return 'GetObject'
  if (method === 'HEAD') return 'HeadObject'
  if (method === 'DELETE') return query.uploadId !== undefined ? 'AbortMultipartUpload' : 'DeleteObject'
  if (method === 'POST' && query.uploads !== undefined) return 'CreateMultipartUpload'
  if (method === 'POST' && query.uploadId !== undefined) return 'CompleteMultipartUpload'
  return 'UnknownOperation'
}

/** Checks the payload against x-amz-content-sha256 and a CRC32 checksum header, as S3 does. */
function verifyPayload(headers, body) {
  const declared = headers['x-amz-content-sha256']
  if (declared && !UNSIGNED_PAYLOADS.has(declared) && !declared.startsWith('STREAMING-')) {
    const actual = createHash('sha256').update(body).digest('hex')
    if (declared !== actual) {
      throw new S3Error(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        {
          ClientComputedContentSHA256: declared,
          S3ComputedContentSHA256: actual
        }
      )
    }
  }
  const checksum = headers['x-amz-checksum-crc32']
  if (checksum !== undefined && checksum !== crc32Base64(body)) {
    throw new S3Error(400, 'BadDigest', 'The CRC32 you specified did not match the calculated checksum.')
  }
}

/** Decodes an aws-chunked body (chunk-size;chunk-signature\r\n data \r\n ... 0-size chunk, trailers). */
export function decodeAwsChunked(raw) {
  const parts = []
  let offset = 0
  while (offset < raw.length) {
    const lineEnd = raw.indexOf('\r\n', offset)
    if (lineEnd < 0) break
    const size = parseInt(raw.subarray(offset, lineEnd).toString('latin1').split(';')[0], 16)
    if (!Number.isFinite(size) || size === 0) break
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size))
    offset = lineEnd + 2 + size + 2
  }
  return Buffer.concat(parts)
}

function objectHeaders(object) {
  return {
    ETag: object.etag,
    'Last-Modified': object.lastModified.toUTCString(),
    'Content-Type': object.contentType,
    'Content-Length': String(object.body.length),
    'Accept-Ranges': 'bytes'
  }
}

function putObject({ bucket, key, body, headers }) {
  verifyPayload(headers, body)
  const object = objectRecord(body, headers['content-type'] ?? 'binary/octet-stream', `"${md5Hex(body)}"`)
  bucket.objects.set(key, object)
  return {
    status: 200,
    headers: {
      ETag: object.etag,
      ...(headers['x-amz-checksum-crc32'] && { 'x-amz-checksum-crc32': headers['x-amz-checksum-crc32'] })
    }
  }
}

function requireObject(bucket, key) {
  const object = bucket.objects.get(key)
  if (!object) throw noSuchKey(key)
  return object
}

function getObject({ bucket, key }) {
  const object = requireObject(bucket, key)
  return { status: 200, headers: objectHeaders(object), body: object.body }
}

function headObject({ bucket, key }) {
  const object = bucket.objects.get(key)
  if (!object) return { status: 404, headers: {}, body: undefined }
  return { status: 200, headers: objectHeaders(object), body: undefined, bodyLength: object.body.length }
}

function deleteObject({ bucket, key }) {
  bucket.objects.delete(key)
  return { status: 204, headers: {} }
}

function createMultipartUpload({ bucket, key, headers, bucketName }) {
  const uploadId = randomBytes(32).toString('base64url')
  bucket.uploads.set(uploadId, {
    key,
    parts: new Map(),
    contentType: headers['content-type'] ?? 'binary/octet-stream',
    initiated: new Date()
  })
  return {
    status: 200,
    headers: {},
    xml: xmlDocument('InitiateMultipartUploadResult', { Bucket: bucketName, Key: key, UploadId: uploadId })
  }
}

function requireUpload(bucket, key, uploadId) {
  const upload = bucket.uploads.get(uploadId)
  if (!upload || upload.key !== key) throw noSuchUpload(uploadId)
  return upload
}

function uploadPart({ bucket, key, query, body, headers }) {
  const partNumber = Number(query.partNumber)
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new S3Error(
      400,
      'InvalidArgument',
      `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`,
      {
        ArgumentName: 'partNumber',
        ArgumentValue: query.partNumber ?? ''
      }
    )
  }
  const upload = requireUpload(bucket, key, query.uploadId)
  verifyPayload(headers, body)
  const etag = `"${md5Hex(body)}"`
  upload.parts.set(partNumber, { body, etag })
  return { status: 200, headers: { ETag: etag } }
}

/** The <Part> list of a CompleteMultipartUpload body. */
function parseCompletedParts(xml) {
  const text = xml.toString('utf8')
  if (!/<CompleteMultipartUpload[\s>]/.test(text)) throw malformedXml()
  const parts = [...text.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(match => ({
    partNumber: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(match[1])?.[1]),
    etag: xmlUnescape(/<ETag>([\s\S]*?)<\/ETag>/.exec(match[1])?.[1] ?? '').trim()
  }))
  if (parts.length === 0 || parts.some(part => !Number.isInteger(part.partNumber))) throw malformedXml()
  return parts
}

const unquote = etag => etag.replace(/^"|"$/g, '')

function completeMultipartUpload({ bucket, key, query, body, bucketName, baseUrl }) {
  const upload = requireUpload(bucket, key, query.uploadId)
  const listed = parseCompletedParts(body)
  listed.forEach((part, index) => {
    if (index > 0 && part.partNumber <= listed[index - 1].partNumber) {
      throw new S3Error(
        400,
        'InvalidPartOrder',
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.'
      )
    }
    const stored = upload.parts.get(part.partNumber)
    if (!stored || unquote(stored.etag) !== unquote(part.etag)) {
      throw new S3Error(
        400,
        'InvalidPart',
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        {
          UploadId: query.uploadId,
          PartNumber: String(part.partNumber),
          ETag: part.etag
        }
      )
    }
    if (index < listed.length - 1 && stored.body.length < MIN_PART_BYTES) {
      throw new S3Error(
        400,
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed object size.',
        {
          ProposedSize: String(stored.body.length),
          MinSizeAllowed: String(MIN_PART_BYTES),
          PartNumber: String(part.partNumber),
          ETag: part.etag
        }
      )
    }
  })
  const chosen = listed.map(part => upload.parts.get(part.partNumber))
  const digests = Buffer.concat(chosen.map(part => Buffer.from(unquote(part.etag), 'hex')))
  const etag = `"${md5Hex(digests)}-${chosen.length}"`
  const object = objectRecord(Buffer.concat(chosen.map(part => part.body)), upload.contentType, etag)
  object.partCount = chosen.length
  bucket.objects.set(key, object)
  bucket.uploads.delete(query.uploadId)
  const location = `${baseUrl}/${encodeURIComponent(bucketName)}/${key.split('/').map(encodeURIComponent).join('/')}`
  return {
    status: 200,
    headers: {},
    xml: xmlDocument('CompleteMultipartUploadResult', { Location: location, Bucket: bucketName, Key: key, ETag: etag })
  }
}

function abortMultipartUpload({ bucket, key, query }) {
  requireUpload(bucket, key, query.uploadId)
  bucket.uploads.delete(query.uploadId)
  return { status: 204, headers: {} }
}

const HANDLERS = {
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload
}

/**
 * Answers one S3 request. `request` holds operation, bucketName, key, query, headers (lower-case),
 * body (Buffer), region (of the SigV4 scope) and baseUrl. Returns { status, headers, body }.
 */
export function handleS3(store, request) {
  if (request.operation === 'UnknownOperation') throw notImplemented()
  const bucket = store.requireBucket(request.bucketName, request.region)
  const body = request.headers['content-encoding']?.includes('aws-chunked')
    ? decodeAwsChunked(request.body)
    : request.body
  const result = HANDLERS[request.operation]({ ...request, bucket, body })
  if (result.xml !== undefined)
    return {
      status: result.status,
      headers: { 'Content-Type': 'application/xml', ...result.headers },
      body: Buffer.from(result.xml)
    }
  return result
}

/** The XML body and status of an S3 error; HEAD requests get the status alone. */
export function s3ErrorResponse(error, request, requestId) {
  const s3Error =
    error instanceof S3Error
      ? error
      : new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.')
  const headers = { 'x-amz-request-id': requestId, 'x-amz-id-2': Buffer.from(requestId).toString('base64') }
  if (request.method === 'HEAD') return { status: s3Error.status, headers, body: undefined }
  const fields = {
    Code: s3Error.code,
    Message: s3Error.message,
    ...s3Error.fields,
    RequestId: requestId,
    HostId: headers['x-amz-id-2']
  }
  return {
    status: s3Error.status,
    headers: { ...headers, 'Content-Type': 'application/xml' },
    body: Buffer.from(xmlDocument('Error', fields, false))
  }
}

/** What PublishLayerVersion reads from S3Bucket/S3Key, or the S3 error Lambda reports. */
export function readStagedObject(store, bucketName, key, region) {
  const bucket = store.bucket(bucketName)
  if (!bucket) return { error: 'S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist' }
  if (bucket.region !== region) {
    return {
      error: `S3 Error Code: PermanentRedirect. S3 Error Message: The bucket is in this region: ${bucket.region}. Please use this region to retry the request`
    }
  }
  const object = bucket.objects.get(key)
  if (!object) return { error: 'S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.' }
  return { body: object.body }
}
