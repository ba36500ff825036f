import {
  GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdated,
  type FunctionConfiguration,
  type LambdaClient
} from '@aws-sdk/client-lambda'
import { awsErrorMessage, isNotFound } from './aws-errors.js'
import { planLayerList } from './layer-attachment.js'

/** A function named in update-functions: a name (every region) or an ARN (its own region). */
export interface FunctionTarget {
  name: string
  region?: string
}

export type FunctionUpdateStatus = 'replaced' | 'attached' | 'unchanged' | 'absent' | 'failed'

export interface FunctionUpdate {
  function: string
  status: FunctionUpdateStatus
  /** The layer version the function used before. */
  previous?: string
  error?: string
}

/** How the SDK's function waiter polls: from half a second, backing off to 5 s, for 5 minutes at most. */
const WAITER = { minDelay: 0.5, maxDelay: 5, maxWaitTime: 5 * 60 }

async function readConfiguration(client: LambdaClient, name: string): Promise<FunctionConfiguration | undefined> {
  try {
    return await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }))
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }
}

/**
 * Waits with the SDK's waiter until the function's last update is no longer in progress, then
 * reads its configuration; throws when the update failed or never ended.
 */
async function waitUntilSettled(client: LambdaClient, name: string): Promise<FunctionConfiguration> {
  try {
    const settled = await waitUntilFunctionUpdated({ client, ...WAITER }, { FunctionName: name })
    return settled.reason as FunctionConfiguration
  } catch (error) {
    if ((error as Error).name === 'TimeoutError')
      throw new Error('update still in progress after 5 minutes', { cause: error })
  }
  // The waiter ends this way when the update failed: its reason is on the function.
  const configuration = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }))
  throw new Error(`update failed: ${configuration.LastUpdateStatusReason ?? 'no reason given'}`)
}

async function updateOne(
  client: LambdaClient,
  target: FunctionTarget,
  versionArn: string,
  attach: boolean
): Promise<FunctionUpdate> {
  const name = target.name
  const found = await readConfiguration(client, name)
  // A name is looked for in every region; an ARN names one function that must exist.
  if (!found && target.region) return { function: name, status: 'failed', error: `${name} does not exist` }
  if (!found) return { function: name, status: 'absent' }
  const current = found.LastUpdateStatus === 'InProgress' ? await waitUntilSettled(client, name) : found
  const plan = planLayerList(
    (current.Layers ?? []).map(layer => layer.Arn ?? ''),
    versionArn,
    attach
  )
  if (plan.kind === 'refused') return { function: name, status: 'failed', error: `${name} ${plan.reason}` }
  if (plan.kind === 'unchanged') return { function: name, status: 'unchanged' }
  await client.send(
    new UpdateFunctionConfigurationCommand({ FunctionName: name, Layers: plan.layers, RevisionId: current.RevisionId })
  )
  await waitUntilSettled(client, name)
  return { function: name, status: plan.kind, previous: plan.kind === 'replaced' ? plan.previous : undefined }
}

/** Points every named function in the region at the new layer version, one after another. */
export async function updateFunctionsInRegion(
  client: LambdaClient,
  region: string,
  targets: FunctionTarget[],
  versionArn: string,
  attach: boolean
): Promise<FunctionUpdate[]> {
  const updates: FunctionUpdate[] = []
  for (const target of targets.filter(candidate => !candidate.region || candidate.region === region)) {
    try {
      const update = await updateOne(client, target, versionArn, attach)
      updates.push(update.status === 'failed' ? { ...update, error: `${region}: ${update.error}` } : update)
    } catch (error) {
      updates.push({
        function: target.name,
        status: 'failed',
        error: awsErrorMessage(region, error, 'UpdateFunctionConfiguration', target.name)
      })
    }
  }
  return updates
}
