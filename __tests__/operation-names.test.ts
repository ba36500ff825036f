import { useLoopbackServer } from './helpers/loopback.js'
import { TEST_CREDENTIALS } from './helpers/run-action.js'
import { createRegionClients } from '../src/publish/aws-clients.js'
import { RegionRetry } from '../src/publish/region-retry.js'
import { awsErrorMessage } from '../src/publish/aws-errors.js'
import { ensurePermissions } from '../src/publish/permissions.js'
import { pruneOldVersions } from '../src/publish/keep-versions.js'

const server = useLoopbackServer()
const REGION = 'eu-west-1'

/** The message a follow-up's failure gets, with the step's operation as the fallback. */
async function failureOf(step: string, run: (clients: ReturnType<typeof createRegionClients>) => Promise<unknown>) {
  const lines: string[] = []
  const clients = createRegionClients(new RegionRetry(REGION, 0, line => lines.push(line)))
  try {
    await run(clients)
    return 'no failure'
  } catch (error) {
    return awsErrorMessage(REGION, error, step)
  } finally {
    clients.destroy()
  }
}

describe('errors name the call that failed, not the step', () => {
  const saved = { ...process.env }
  beforeEach(() => {
    Object.assign(process.env, TEST_CREDENTIALS, { AWS_ENDPOINT_URL: server.url, AWS_EC2_METADATA_DISABLED: 'true' })
    server.setRegionFaults(REGION, { rejectMessage: 'Denied.' })
  })
  afterAll(() => {
    process.env = saved
  })

  it('GetLayerVersionPolicy, when checking the statements of a reused version', async () => {
    const grant = { statementId: 'layer-account-123456789012', principal: '123456789012' }
    expect(
      await failureOf('AddLayerVersionPermission', clients =>
        ensurePermissions(clients.lambda, 'named', 1, [grant], false)
      )
    ).toBe(`${REGION}: GetLayerVersionPolicy failed: InvalidParameterValueException: Denied. (HTTP 400)`)
  })

  it('AddLayerVersionPermission with its statement id, when adding one', async () => {
    const grant = { statementId: 'layer-account-123456789012', principal: '123456789012' }
    expect(
      await failureOf('AddLayerVersionPermission', clients =>
        ensurePermissions(clients.lambda, 'named', 1, [grant], true)
      )
    ).toBe(
      `${REGION}: AddLayerVersionPermission (layer-account-123456789012) failed: InvalidParameterValueException: Denied. (HTTP 400)`
    )
  })

  it('ListLayerVersions, when listing before pruning', async () => {
    expect(await failureOf('DeleteLayerVersion', clients => pruneOldVersions(clients.lambda, 'named', 1, 3))).toBe(
      `${REGION}: ListLayerVersions failed: InvalidParameterValueException: Denied. (HTTP 400)`
    )
  })
})
