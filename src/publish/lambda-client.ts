import { LambdaClient } from '@aws-sdk/client-lambda'

export const USER_AGENT = 'lambda-layer-publisher/0.1'

/** Attempts the SDK makes for idempotent calls (reads, permissions), throttling and 5xx included. */
export const SDK_MAX_ATTEMPTS = 5

/** The SDK retry setting: ours, unless the user set AWS_MAX_ATTEMPTS. */
export function sdkRetryConfig(): { maxAttempts?: number } {
  return process.env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: SDK_MAX_ATTEMPTS }
}

/**
 * One Lambda client for one region. Credentials, and endpoints set by AWS_ENDPOINT_URL or
 * AWS_ENDPOINT_URL_LAMBDA, come from the SDK's standard provider chain. `maxAttempts: 1` gives
 * a client that never re-sends on its own, for calls that are not idempotent.
 */
export function createLambdaClient(region: string, options: { maxAttempts?: number } = {}): LambdaClient {
  const retry = options.maxAttempts === undefined ? sdkRetryConfig() : { maxAttempts: options.maxAttempts }
  return new LambdaClient({ region, customUserAgent: USER_AGENT, ...retry })
}
