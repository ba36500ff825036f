import { LambdaClient } from '@aws-sdk/client-lambda'
import { S3Client } from '@aws-sdk/client-s3'
import { SSMClient } from '@aws-sdk/client-ssm'
import { nameOperations, type RegionRetry } from './region-retry.js'

export const USER_AGENT = 'lambda-layer-publisher/0.1'

/** Sent by the retry-and-adopt loop itself: a lost response may have created a version. */
const RESEND_ONLY_WHEN_THROTTLED = ['PublishLayerVersion']

/**
 * The clients of one region, one per service, each with the region's time-bounded retries and its
 * own adaptive rate limiter. Credentials, and endpoints set by AWS_ENDPOINT_URL(_<SERVICE>), come
 * from the SDK's standard provider chain. S3 and SSM clients are made on first use.
 */
export interface RegionClients {
  lambda: LambdaClient
  s3(): S3Client
  ssm(): SSMClient
  destroy(): void
}

export function createRegionClients(retry: RegionRetry): RegionClients {
  const config = { region: retry.region, customUserAgent: USER_AGENT }
  const lambda = new LambdaClient({ ...config, retryStrategy: retry.strategy(RESEND_ONLY_WHEN_THROTTLED) })
  nameOperations(lambda.middlewareStack)
  let s3: S3Client | undefined
  let ssm: SSMClient | undefined
  return {
    lambda,
    s3() {
      if (!s3) {
        s3 = new S3Client({ ...config, retryStrategy: retry.strategy() })
        nameOperations(s3.middlewareStack)
      }
      return s3
    },
    ssm() {
      if (!ssm) {
        ssm = new SSMClient({ ...config, retryStrategy: retry.strategy() })
        nameOperations(ssm.middlewareStack)
      }
      return ssm
    },
    destroy() {
      lambda.destroy()
      s3?.destroy()
      ssm?.destroy()
    }
  }
}
