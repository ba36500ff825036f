import type { Limiter } from '../model/run-bounded.js'
import type { FunctionTarget, FunctionUpdate } from './update-functions.js'
import type { Architecture } from '../model/architecture.js'
import type { PermissionGrant } from '../model/permission-grant.js'

/** Where Lambda takes the zip from: the request body, or an object staged in the region's bucket. */
export type ArchiveContent =
  | { kind: 'zip'; bytes: Buffer }
  | { kind: 's3'; bucketFor: (region: string) => string; key: string; zipPath: string; keepStaged: boolean }

/** What is published, the same in every region. */
export interface LayerPublication {
  layerName: string
  content: ArchiveContent
  codeSha256: string
  compatibleRuntimes: string[]
  architectures: Architecture[]
  description?: string
  licenseInfo?: string
  grants: PermissionGrant[]
}

export interface PublishOptions {
  /** Reuse the newest version when it has the same bytes and metadata. */
  skipUnchanged: boolean
  /** SSM parameter name to write the ARN to, per region. */
  ssmParameterFor?: (region: string) => string
  /** Keep only this many newest versions (0 keeps all). */
  keepVersions: number
  functions: FunctionTarget[]
  attach: boolean
  /** How long one region's calls may spend failing and being retried, in total (retry-timeout). */
  retryTimeoutMs: number
  /** Where each retry is logged ("attempt n in x s"). */
  log: (line: string) => void
  /** Shared by all regions: bounds how many direct (ZipFile) uploads are in flight at once. */
  limitUploads?: Limiter
}

export type RegionStatus = 'published' | 'reused' | 'failed'

/** A layer version in a region: the one this run published, adopted or reused. */
export interface KnownVersion {
  layerVersionArn: string
  version: number
}

export interface RegionResult {
  region: string
  status: RegionStatus
  /** Set whenever a version exists for this run, even if a later step in the region failed. */
  layerVersionArn?: string
  version?: number
  /** True when a publish whose response was lost had created the version, and it was adopted. */
  adopted?: boolean
  /** Statement ids this run added. */
  grantedStatements: string[]
  /** Old versions deleted by keep-versions. */
  deletedVersions: number[]
  /** SSM parameter holding the ARN. */
  ssmParameter?: string
  /** False when the parameter already held the ARN and was left alone. */
  ssmParameterWritten?: boolean
  functions: FunctionUpdate[]
  /** When the region failed after its version existed: the follow-ups not done (a re-run does them). */
  missing?: string[]
  /** Problems that did not fail the region, e.g. a staged object left behind. */
  warnings: string[]
  error?: string
}
