import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { USER_AGENT } from '../publish/aws-clients.js'
import { partitionOfArn } from '../model/partition.js'
import { errorLine } from '../model/errors.js'

/** Who the credentials are: STS GetCallerIdentity's answer, with the partition of its ARN. */
export interface CallerIdentity {
  account: string
  arn: string
  partition: string
}

/** Credentials that are missing or refused: the step cannot publish anywhere. */
export class CredentialsError extends Error {
  override name = 'CredentialsError'
}

const FIX =
  'add aws-actions/configure-aws-credentials before this step, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)'

/** One line naming what went wrong with the credentials and how to give the step some. */
export function credentialsFailure(region: string, error: unknown): CredentialsError {
  const name = error instanceof Error ? error.name : ''
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode
  if (name === 'CredentialsProviderError')
    return new CredentialsError(`No AWS credentials found (${errorLine(error)}); ${FIX}.`)
  if (status !== undefined)
    return new CredentialsError(
      `AWS credentials refused by STS GetCallerIdentity in ${region} (${errorLine(error)}, HTTP ${status}); ${FIX}.`
    )
  return new CredentialsError(
    `Could not check the AWS credentials with STS GetCallerIdentity in ${region} (${errorLine(error)}); ${FIX}, and check that the runner reaches STS.`
  )
}

/** Resolves the credentials through the SDK's default provider chain and asks STS whose they are. */
export async function callerIdentity(region: string): Promise<CallerIdentity> {
  const client = new STSClient({ region, customUserAgent: USER_AGENT })
  try {
    const answer = await client.send(new GetCallerIdentityCommand({}))
    const partition = answer.Arn ? partitionOfArn(answer.Arn) : undefined
    if (!answer.Account || !answer.Arn || !partition)
      throw new Error(
        `the answer has no account or ARN (${JSON.stringify({ Account: answer.Account, Arn: answer.Arn })})`
      )
    return { account: answer.Account, arn: answer.Arn, partition }
  } catch (error) {
    throw credentialsFailure(region, error)
  } finally {
    client.destroy()
  }
}
