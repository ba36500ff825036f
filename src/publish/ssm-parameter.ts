import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { USER_AGENT, sdkRetryConfig } from './lambda-client.js'

export function createSsmClient(region: string): SSMClient {
  return new SSMClient({ region, customUserAgent: USER_AGENT, ...sdkRetryConfig() })
}

/** Writes the layer version ARN to a String parameter, replacing the previous value. */
export async function writeArnParameter(client: SSMClient, name: string, layerVersionArn: string): Promise<void> {
  await client.send(
    new PutParameterCommand({
      Name: name,
      Value: layerVersionArn,
      Type: 'String',
      Overwrite: true,
      Description: 'Latest layer version ARN, written by lambda-layer-publisher'
    })
  )
}
