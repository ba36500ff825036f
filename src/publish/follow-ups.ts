import type { LambdaClient } from '@aws-sdk/client-lambda'
import { awsErrorMessage } from './aws-errors.js'
import type { RegionClients } from './aws-clients.js'
import { pruneOldVersions } from './keep-versions.js'
import { ensurePermissions } from './permissions.js'
import type { KnownVersion, LayerPublication, PublishOptions, RegionResult } from './publish-types.js'
import { writeArnParameter } from './ssm-parameter.js'
import { updateFunctionsInRegion } from './update-functions.js'

type FollowUpFields = Partial<
  Pick<RegionResult, 'grantedStatements' | 'ssmParameter' | 'ssmParameterWritten' | 'deletedVersions' | 'functions'>
>

/** One step after the version is known: what it is (for "missing"), the call it starts with, and its run. */
interface FollowUp {
  missing: string
  operation: string
  what?: string
  run: () => Promise<FollowUpFields>
}

export interface FollowUpOutcome {
  fields: FollowUpFields
  /** Set when a step failed: its message and the steps not done, the failed one first. */
  error?: string
  missing?: string[]
}

/** The steps for this region, in order: permissions, the SSM parameter, old versions, functions. */
function followUpsFor(
  region: string,
  clients: RegionClients,
  publication: LayerPublication,
  options: PublishOptions,
  version: KnownVersion,
  versionIsNew: boolean
): FollowUp[] {
  const lambda: LambdaClient = clients.lambda
  const { layerName, grants } = publication
  const ssmName = options.ssmParameterFor?.(region)
  const steps: Array<FollowUp | false> = [
    grants.length > 0 && {
      missing: `permissions (${grants.map(grant => grant.statementId).join(', ')})`,
      operation: 'AddLayerVersionPermission',
      run: async () => ({
        grantedStatements: await ensurePermissions(lambda, layerName, version.version, grants, versionIsNew)
      })
    },
    ssmName !== undefined && {
      missing: `SSM parameter ${ssmName}`,
      operation: 'PutParameter',
      what: ssmName,
      run: async () => ({
        ssmParameterWritten: await writeArnParameter(clients.ssm(), ssmName, version.layerVersionArn),
        ssmParameter: ssmName
      })
    },
    options.keepVersions > 0 && {
      missing: `keep-versions pruning (keep ${options.keepVersions})`,
      operation: 'DeleteLayerVersion',
      run: async () => ({
        deletedVersions: await pruneOldVersions(lambda, layerName, options.keepVersions, version.version)
      })
    },
    options.functions.length > 0 && {
      missing: 'function updates',
      operation: 'UpdateFunctionConfiguration',
      run: async () => ({
        functions: await updateFunctionsInRegion(
          lambda,
          region,
          options.functions,
          version.layerVersionArn,
          options.attach
        )
      })
    }
  ]
  return steps.filter((step): step is FollowUp => step !== false)
}

/**
 * After the version is known: adds missing permissions, writes the SSM parameter, prunes old
 * versions and updates functions, stopping at the first step that fails.
 */
export async function runFollowUps(
  region: string,
  clients: RegionClients,
  publication: LayerPublication,
  options: PublishOptions,
  version: KnownVersion,
  versionIsNew: boolean
): Promise<FollowUpOutcome> {
  const steps = followUpsFor(region, clients, publication, options, version, versionIsNew)
  let fields: FollowUpFields = {}
  for (const [index, step] of steps.entries()) {
    try {
      fields = { ...fields, ...(await step.run()) }
    } catch (error) {
      const missing = steps.slice(index).map(rest => rest.missing)
      return { fields, error: awsErrorMessage(region, error, step.operation, step.what), missing }
    }
  }
  return { fields }
}
