import { LambdaClient } from '@aws-sdk/client-lambda'

export const USER_AGENT = 'lambda-layer-publisher/0.1'

/**
 * One Lambda client for one region. Credentials, and endpoints set by AWS_ENDPOINT_URL or
 * AWS_ENDPOINT_URL_LAMBDA, come from the SDK's standard provider chain.
 */
export function createLambdaClient(region: string): LambdaClient {
  return new LambdaClient({ region, customUserAgent: USER_AGENT })
}
