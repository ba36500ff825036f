/** Account id used in ARNs unless `accountId` is given. */
export declare const DEFAULT_ACCOUNT_ID: '123456789012'
/** Largest request body accepted (real Lambda: "Request must be smaller than 70167211 bytes for the PublishLayerVersion operation"). */
export declare const DEFAULT_MAX_REQUEST_BYTES: number
/** Largest directly uploaded layer zip (50 MB). */
export declare const DEFAULT_MAX_ZIP_BYTES: number

/**
 * Per-region fault injection. Latency and `down` apply to every service (Lambda, S3, SSM) signed for
 * the region; the throttle and server-error counters are consumed by requests of the services listed
 * in `services` (Lambda alone by default), each answered in that service's error shape.
 */
export interface RegionFaults {
  /** Delay, in milliseconds, before every request of the region is answered. */
  latencyMs?: number
  /** Number of upcoming requests answered as throttled (Lambda 429 TooManyRequestsException, S3 503 SlowDown, SSM 400 ThrottlingException). */
  throttles?: number
  /** Number of upcoming requests (after the throttles) answered with a 500 (Lambda ServiceException, S3 InternalError, SSM InternalServerError). */
  serverErrors?: number
  /** Every request of the region has its socket destroyed without a response. */
  down?: boolean
  /** The next N PublishLayerVersion calls create the version, then destroy the socket without responding. */
  dropResponseAfterPublish?: number
  /** Services whose requests consume `throttles` and `serverErrors`; defaults to ['lambda']. */
  services?: Array<'lambda' | 's3' | 'ssm'>
  /** Answers the 1st, (n+1)th, (2n+1)th … request of the region with 429 (2: every other request), before `throttles`. */
  throttleEvery?: number
  /**
   * Every request of the region is answered with 400 InvalidParameterValueException and this message;
   * `{headers}` expands to the request headers as JSON (Authorization, X-Amz-Security-Token …), like a
   * service that echoes what it received.
   */
  rejectMessage?: string
  /** Value of the Retry-After header sent with injected Lambda throttles; defaults to 1. */
  retryAfterSeconds?: number
  /** Seed of the region's random faults (mixed with the region's name); defaults to 1. */
  seed?: number
  /** Probability (0-1) that a request of `services` is throttled, drawn after the counters. */
  throttleRate?: number
  /** Probability (0-1) that a request of `services` is answered with a 500, drawn with throttleRate. */
  serverErrorRate?: number
  /** Probability (0-1) that a write in `lostResponseOperations` is carried out and its response lost. */
  lostResponseRate?: number
  /** Operations whose responses lostResponseRate may lose; defaults to ['PublishLayerVersion']. */
  lostResponseOperations?: string[]
  /** Every request of `services` is throttled for this many seconds from the first one after the faults are set. */
  throttleForSeconds?: number
}

export interface LambdaApiServerOptions {
  /** Defaults to 0 (a free port). */
  port?: number
  /** Defaults to 127.0.0.1. */
  host?: string
  /** Defaults to DEFAULT_ACCOUNT_ID. */
  accountId?: string
  /** Initial faults, keyed by region. */
  faults?: Record<string, RegionFaults>
  /** Defaults to DEFAULT_MAX_REQUEST_BYTES; larger bodies get 413 RequestEntityTooLargeException. */
  maxRequestBytes?: number
  /** Defaults to DEFAULT_MAX_ZIP_BYTES; larger ZipFile uploads get 413 RequestEntityTooLargeException. */
  maxZipBytes?: number
}

export type LambdaLayerOperation =
  | 'PublishLayerVersion'
  | 'GetLayerVersion'
  | 'GetLayerVersionByArn'
  | 'ListLayerVersions'
  | 'ListLayers'
  | 'DeleteLayerVersion'
  | 'AddLayerVersionPermission'
  | 'GetLayerVersionPolicy'
  | 'RemoveLayerVersionPermission'
  | 'GetFunctionConfiguration'
  | 'UpdateFunctionConfiguration'
  /** Download of a `Content.Location` URL (served by the loopback server, like a presigned S3 URL). */
  | 'GetLayerArchive'
  | 'UnknownOperation'

export type S3Operation =
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'UnknownOperation'

/** The X-Amz-Target operation of an SSM call (PutParameter and GetParameter are implemented). */
export type SsmOperation = 'PutParameter' | 'GetParameter' | (string & {})

/** Calls about the account, recorded in `accountRequests`. */
export type AccountOperation = 'GetCallerIdentity' | 'ListRegions' | 'UnknownOperation'

export interface RecordedRequest {
  /** Service of the SigV4 credential scope; unsigned requests are answered as Lambda. */
  service: 'lambda' | 's3' | 'ssm' | 'sts' | 'account'
  method: string
  /** URL path as received (still percent-encoded). */
  path: string
  query: Record<string, string>
  /** Region of the SigV4 credential scope; undefined when the request was not signed. */
  region: string | undefined
  operation: LambdaLayerOperation | S3Operation | SsmOperation | AccountOperation
  /** HTTP status sent; 0 when the socket was destroyed without a response. */
  status: number
  /** Date.now() when the request arrived. */
  time: number
  /** Decoded {LayerName} path parameter (a name or a layer ARN), when the route has one. */
  layerName?: string
  /** Decoded {FunctionName} path parameter (a name or an ARN), for function configuration calls. */
  functionName?: string
  /** Size of the request body received; 0 when it was too large to keep. Unset until the body was read. */
  bytes?: number
  /** S3 requests: the bucket and the decoded object key. */
  bucket?: string
  key?: string
}

export interface StoredS3Object {
  body: Buffer
  /** Quoted; "<md5 of the part md5s>-<parts>" for multipart uploads. */
  etag: string
  contentType: string
  /** Number of parts when the object was assembled by CompleteMultipartUpload. */
  partCount?: number
}

export interface StoredParameter {
  name: string
  value: string
  type: string
  version: number
}

export interface FunctionSeed {
  name: string
  /** Layer version ARNs, in order. */
  layers?: string[]
  runtime?: string
  handler?: string
  description?: string
  architectures?: string[]
  /** GetFunctionConfiguration reads that still see LastUpdateStatus InProgress after an update; defaults to 1. */
  updateReads?: number
  /** The function starts with an update in progress, seen by the first `updateReads` reads. */
  updating?: boolean
  /** When set, updates end in LastUpdateStatus Failed with this reason. */
  failUpdate?: string
}

export interface StoredFunction {
  name: string
  functionArn: string
  layers: string[]
  lastUpdateStatus: 'Successful' | 'InProgress' | 'Failed'
  revisionId: string
  /** UpdateFunctionConfiguration calls that succeeded. */
  updates: number
}

export interface StoredLayerVersion {
  layerName: string
  version: number
  layerVersionArn: string
  layerArn: string
  /** Base64 SHA-256 of `zip`. */
  codeSha256: string
  codeSize: number
  zip: Buffer
  description?: string
  licenseInfo?: string
  compatibleRuntimes: string[]
  compatibleArchitectures: string[]
  /** Lambda's format, e.g. 2026-11-24T06:25:00.000+0000. */
  createdDate: string
}

export interface PolicyStatement {
  Sid: string
  Effect: 'Allow'
  /** '*' or { AWS: 'arn:aws:iam::123456789012:root' }. */
  Principal: '*' | { AWS: string }
  Action: string
  /** The layer version ARN. */
  Resource: string
  Condition?: { StringEquals: { 'aws:PrincipalOrgID': string } }
}

/** What STS GetCallerIdentity answers: another account or ARN, or a refusal such as ExpiredToken. */
export interface CallerIdentitySetting {
  account?: string
  arn?: string
  /** An STS error code: InvalidClientTokenId, ExpiredToken, SignatureDoesNotMatch (or any other, 403). */
  refuse?: string
}

/** A region of the account as Account ListRegions lists it. */
export interface AccountRegion {
  name: string
  status: 'ENABLED' | 'ENABLING' | 'DISABLING' | 'DISABLED' | 'ENABLED_BY_DEFAULT'
}

export interface LambdaApiServer {
  /** e.g. http://127.0.0.1:43817; use as the client endpoint or AWS_ENDPOINT_URL (Lambda, S3 and SSM). */
  readonly url: string
  /** Every request received, oldest first. Cleared in place by reset(). */
  readonly requests: RecordedRequest[]
  /** The account calls (STS, Account Management), apart from `requests`. Cleared in place by reset(). */
  readonly accountRequests: RecordedRequest[]
  /** What GetCallerIdentity answers until reset(); undefined restores the default (the server's account,
   * an assumed-role ARN in the partition of the signing region). */
  setCallerIdentity(identity: CallerIdentitySetting | undefined): void
  /** The account's regions for ListRegions until reset() (default: 23 regions of aws, some not opted in,
   * plus China and GovCloud, listed to requests signed for their partition). */
  setAccountRegions(regions: AccountRegion[]): void
  /** Makes ListRegions fail with this error until reset(); undefined lets it answer again. */
  setAccountFailure(failure: { status: number; type: string; message: string } | undefined): void
  /** Live (not deleted) versions of a layer in a region, oldest first. */
  layerVersions(region: string, layerName: string): StoredLayerVersion[]
  /** Statements of a layer version's policy; [] when there is none. */
  policy(region: string, layerName: string, version: number): PolicyStatement[]
  /** Regions in which any layer version has been published, sorted. */
  regions(): string[]
  /** Creates an S3 bucket in a region (bucket names are global, as in S3). */
  createBucket(region: string, bucket: string): void
  /** Stores an object directly, as if uploaded. */
  putObject(bucket: string, key: string, body: Buffer | Uint8Array | string): void
  /** A copy of a stored object, or undefined. */
  s3Object(bucket: string, key: string): StoredS3Object | undefined
  /** Keys of a bucket's objects, sorted. */
  s3Keys(bucket: string): string[]
  /** Multipart uploads begun and neither completed nor aborted. */
  multipartUploads(bucket: string): Array<{ key: string; parts: number }>
  /** An SSM parameter of a region, or undefined. */
  ssmParameter(region: string, name: string): StoredParameter | undefined
  /** Creates a function in a region; returns its ARN. */
  addFunction(region: string, seed: FunctionSeed): string
  /** A function's current state, or undefined. */
  functionState(region: string, name: string): StoredFunction | undefined
  /** Replaces the faults of a region; pass {} to clear them. */
  setRegionFaults(region: string, faults: RegionFaults): void
  /** Faults still pending for a region (counters decrease as they are consumed). */
  regionFaults(region: string): RegionFaults
  /**
   * Makes every Content.Location download fail until cleared (undefined) or reset(): `expired` answers
   * 403 AccessDenied "Request has expired" as S3 does past the URL's 10 minutes, `server-error` 500
   * InternalError, `drop` destroys the socket.
   */
  setContentUrlFault(fault: 'expired' | 'server-error' | 'drop' | undefined): void
  /** Clears all layers, functions, buckets, parameters, faults and the request log. */
  reset(): void
  /** Stops listening and destroys open connections. Safe to call more than once. */
  close(): Promise<void>
}

export declare function startLambdaApiServer(options?: LambdaApiServerOptions): Promise<LambdaApiServer>
