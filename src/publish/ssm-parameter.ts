import { GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm'

async function currentValue(client: SSMClient, name: string): Promise<string | undefined> {
  try {
    return (await client.send(new GetParameterCommand({ Name: name }))).Parameter?.Value
  } catch (error) {
    if ((error as Error).name === 'ParameterNotFound') return undefined
    throw error
  }
}

/**
 * Writes the layer version ARN to a String parameter, replacing the previous value. A parameter
 * that already holds the ARN is left alone, so re-runs add no parameter versions. Returns
 * whether it was written.
 */
export async function writeArnParameter(client: SSMClient, name: string, layerVersionArn: string): Promise<boolean> {
  if ((await currentValue(client, name)) === layerVersionArn) return false
  await client.send(
    new PutParameterCommand({
      Name: name,
      Value: layerVersionArn,
      Type: 'String',
      Overwrite: true,
      Description: 'Latest layer version ARN, written by lambda-layer-publisher'
    })
  )
  return true
}
