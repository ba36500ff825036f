import {
  GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient
} from '@aws-sdk/client-lambda'
import { awsErrorMessage } from './error-message.js'
import { isNotFound } from './lambda-errors.js'
import { planLayerList } from './layer-attachment.js'
import type { Sleep } from './backoff.js'

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

const FIRST_POLL_MS = 500
const MAX_POLL_MS = 5000
const UPDATE_TIMEOUT_MS = 5 * 60 * 1000

async function readConfiguration(client: LambdaClient, name: string): Promise<FunctionConfiguration | undefined> {
  try {
    return await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }))
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }
}

/** Waits until the function's last update is no longer in progress; throws if it failed or never ends. */
async function waitUntilSettled(client: LambdaClient, name: string, sleep: Sleep): Promise<FunctionConfiguration> {
  const deadline = Date.now() + UPDATE_TIMEOUT_MS
  for (let delay = FIRST_POLL_MS; ; delay = Math.min(MAX_POLL_MS, delay * 2)) {
    const configuration = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }))
    if (configuration.LastUpdateStatus === 'Failed') {
      throw new Error(`update failed: ${configuration.LastUpdateStatusReason ?? 'no reason given'}`)
    }
    if (configuration.LastUpdateStatus !== 'InProgress') return configuration
    if (Date.now() > deadline) throw new Error('update still in progress after 5 minutes')
    await sleep(delay)
  }
}

async function updateOne(
  client: LambdaClient,
  target: FunctionTarget,
  versionArn: string,
  attach: boolean,
  sleep: Sleep
): Promise<FunctionUpdate> {
  const name = target.name
  const found = await readConfiguration(client, name)
  // A name is looked for in every region; an ARN names one function that must exist.
  if (!found && target.region) return { function: name, status: 'failed', error: `${name} does not exist` }
  if (!found) return { function: name, status: 'absent' }
  const current = found.LastUpdateStatus === 'InProgress' ? await waitUntilSettled(client, name, sleep) : found
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
  await waitUntilSettled(client, name, sleep)
  return { function: name, status: plan.kind, previous: plan.kind === 'replaced' ? plan.previous : undefined }
}

/** Points every named function in the region at the new layer version, one after another. */
export async function updateFunctionsInRegion(
  client: LambdaClient,
  region: string,
  targets: FunctionTarget[],
  versionArn: string,
  attach: boolean,
  sleep: Sleep
): Promise<FunctionUpdate[]> {
  const updates: FunctionUpdate[] = []
  for (const target of targets.filter(candidate => !candidate.region || candidate.region === region)) {
    try {
      const update = await updateOne(client, target, versionArn, attach, sleep)
      updates.push(update.status === 'failed' ? { ...update, error: `${region}: ${update.error}` } : update)
    } catch (error) {
      updates.push({
        function: target.name,
        status: 'failed',
        error: awsErrorMessage(region, `UpdateFunctionConfiguration (${target.name})`, error)
      })
    }
  }
  return updates
}
