/** Account id used in ARNs unless `accountId` is given. */
export declare const DEFAULT_ACCOUNT_ID: '123456789012';
/** Largest request body accepted (real Lambda: "Request must be smaller than 70167211 bytes for the PublishLayerVersion operation"). */
export declare const DEFAULT_MAX_REQUEST_BYTES: number;
/** Largest directly uploaded layer zip (50 MB). */
export declare const DEFAULT_MAX_ZIP_BYTES: number;

/** Per-region fault injection. Counters are consumed by upcoming requests signed for that region. */
export interface RegionFaults {
  /** Delay, in milliseconds, before every request of the region is answered. */
  latencyMs?: number;
  /** Number of upcoming requests answered with 429 TooManyRequestsException. */
  throttles?: number;
  /** Number of upcoming requests (after the throttles) answered with 500 ServiceException. */
  serverErrors?: number;
  /** Every request of the region has its socket destroyed without a response. */
  down?: boolean;
  /** The next N PublishLayerVersion calls create the version, then destroy the socket without responding. */
  dropResponseAfterPublish?: number;
  /** Answers the 1st, (n+1)th, (2n+1)th … request of the region with 429 (2: every other request), before `throttles`. */
  throttleEvery?: number;
  /**
   * Every request of the region is answered with 400 InvalidParameterValueException and this message;
   * `{headers}` expands to the request headers as JSON (Authorization, X-Amz-Security-Token …), like a
   * service that echoes what it received.
   */
  rejectMessage?: string;
  /** Value of the Retry-After header sent with injected throttles; defaults to 1. */
  retryAfterSeconds?: number;
}

/** Returns the bytes of an S3 object, or undefined when it does not exist. */
export type S3ObjectGetter = (
  bucket: string,
  key: string,
  objectVersion: string | undefined,
) => Buffer | Uint8Array | undefined | Promise<Buffer | Uint8Array | undefined>;

export interface LambdaApiServerOptions {
  /** Defaults to 0 (a free port). */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to DEFAULT_ACCOUNT_ID. */
  accountId?: string;
  /** Initial faults, keyed by region. */
  faults?: Record<string, RegionFaults>;
  /** Enables PublishLayerVersion with Content.S3Bucket/S3Key; without it such requests get InvalidParameterValueException. */
  s3Objects?: S3ObjectGetter;
  /** Defaults to DEFAULT_MAX_REQUEST_BYTES; larger bodies get 413 RequestEntityTooLargeException. */
  maxRequestBytes?: number;
  /** Defaults to DEFAULT_MAX_ZIP_BYTES; larger ZipFile uploads get 413 RequestEntityTooLargeException. */
  maxZipBytes?: number;
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
  /** Download of a `Content.Location` URL (served by the loopback server, like a presigned S3 URL). */
  | 'GetLayerArchive'
  | 'UnknownOperation';

export interface RecordedRequest {
  method: string;
  /** URL path as received (still percent-encoded). */
  path: string;
  query: Record<string, string>;
  /** Region of the SigV4 credential scope; undefined when the request was not signed. */
  region: string | undefined;
  operation: LambdaLayerOperation;
  /** HTTP status sent; 0 when the socket was destroyed without a response. */
  status: number;
  /** Date.now() when the request arrived. */
  time: number;
  /** Decoded {LayerName} path parameter (a name or a layer ARN), when the route has one. */
  layerName?: string;
}

export interface StoredLayerVersion {
  layerName: string;
  version: number;
  layerVersionArn: string;
  layerArn: string;
  /** Base64 SHA-256 of `zip`. */
  codeSha256: string;
  codeSize: number;
  zip: Buffer;
  description?: string;
  licenseInfo?: string;
  compatibleRuntimes: string[];
  compatibleArchitectures: string[];
  /** Lambda's format, e.g. 2026-11-24T06:25:00.000+0000. */
  createdDate: string;
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  /** '*' or { AWS: 'arn:aws:iam::123456789012:root' }. */
  Principal: '*' | { AWS: string };
  Action: string;
  /** The layer version ARN. */
  Resource: string;
  Condition?: { StringEquals: { 'aws:PrincipalOrgID': string } };
}

export interface LambdaApiServer {
  /** e.g. http://127.0.0.1:43817; use as the client endpoint or AWS_ENDPOINT_URL_LAMBDA. */
  readonly url: string;
  /** Every request received, oldest first. Cleared in place by reset(). */
  readonly requests: RecordedRequest[];
  /** Live (not deleted) versions of a layer in a region, oldest first. */
  layerVersions(region: string, layerName: string): StoredLayerVersion[];
  /** Statements of a layer version's policy; [] when there is none. */
  policy(region: string, layerName: string, version: number): PolicyStatement[];
  /** Regions in which any layer version has been published, sorted. */
  regions(): string[];
  /** Replaces the faults of a region; pass {} to clear them. */
  setRegionFaults(region: string, faults: RegionFaults): void;
  /** Faults still pending for a region (counters decrease as they are consumed). */
  regionFaults(region: string): RegionFaults;
  /** Clears all layers, faults and the request log. */
  reset(): void;
  /** Stops listening and destroys open connections. Safe to call more than once. */
  close(): Promise<void>;
}

export declare function startLambdaApiServer(options?: LambdaApiServerOptions): Promise<LambdaApiServer>;
