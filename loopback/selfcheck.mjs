// Drives the loopback AWS API with the real SDK clients (Lambda, S3, SSM). Usage: node loopback/selfcheck.mjs
import { createHash, randomBytes } from 'node:crypto'
import AdmZip from 'adm-zip'
import {
  AddLayerVersionPermissionCommand,
  DeleteLayerVersionCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  LambdaClient,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  RemoveLayerVersionPermissionCommand,
  paginateListLayerVersions,
  GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand
} from '@aws-sdk/client-lambda'
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand
} from '@aws-sdk/client-s3'
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { startLambdaApiServer } from './lambda-api-server.js'

const ACCOUNT = '123456789012'
const CREDENTIALS = { accessKeyId: 'AKIDLOOPBACKTEST', secretAccessKey: 'loopback-secret' }
const SIGNED =
  'AWS4-HMAC-SHA256 Credential=AKIDLOOPBACKTEST/20261124/eu-west-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd'
const results = []

function assert(condition, message) {
  if (!condition) throw new Error(message)
}

function assertEqual(actual, expected, label) {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  assert(a === e, `${label}: expected ${e}, got ${a}`)
}

async function check(name, body) {
  const started = Date.now()
  try {
    await body()
    results.push({ name, ok: true })
    console.log(`ok   ${name} (${Date.now() - started} ms)`)
  } catch (error) {
    results.push({ name, ok: false })
    console.log(`FAIL ${name}: ${error?.stack ?? error}`)
  }
}

async function expectError(promise, name, status, messagePart) {
  try {
    await promise
  } catch (error) {
    assertEqual(error.name, name, 'error name')
    assertEqual(error.$metadata?.httpStatusCode, status, `${name} status`)
    if (messagePart) assert(error.message.includes(messagePart), `message "${error.message}" lacks "${messagePart}"`)
    return error
  }
  throw new Error(`expected ${name}, but the call succeeded`)
}

function makeZip(files) {
  const zip = new AdmZip()
  for (const [path, content] of Object.entries(files)) zip.addFile(path, Buffer.from(content))
  return zip.toBuffer()
}

function makeStoredZip(size) {
  const zip = new AdmZip()
  zip.addFile('payload.bin', randomBytes(size))
  zip.getEntry('payload.bin').header.method = 0
  return zip.toBuffer()
}

const sha256 = buffer => createHash('sha256').update(buffer).digest('base64')

function clientFor(server, region, extra = {}) {
  return new LambdaClient({ region, endpoint: server.url, credentials: CREDENTIALS, maxAttempts: 1, ...extra })
}

const server = await startLambdaApiServer()
const eu = clientFor(server, 'eu-west-1')
const us = clientFor(server, 'us-east-1')
const zipV1 = makeZip({ 'nodejs/node_modules/a/index.js': 'module.exports = 1;' })
const zipV2 = makeZip({ 'nodejs/node_modules/a/index.js': 'module.exports = 2;' })
const layerArn = `arn:aws:lambda:eu-west-1:${ACCOUNT}:layer:demo-layer`
let published

await check('PublishLayerVersion returns 201 with Lambda-shaped response', async () => {
  published = await eu.send(
    new PublishLayerVersionCommand({
      LayerName: 'demo-layer',
      Description: 'first',
      LicenseInfo: 'MIT',
      Content: { ZipFile: zipV1 },
      CompatibleRuntimes: ['nodejs20.x', 'nodejs22.x'],
      CompatibleArchitectures: ['x86_64', 'arm64']
    })
  )
  assertEqual(published.$metadata.httpStatusCode, 201, 'status')
  assertEqual(published.Version, 1, 'Version')
  assertEqual(published.LayerArn, layerArn, 'LayerArn')
  assertEqual(published.LayerVersionArn, `${layerArn}:1`, 'LayerVersionArn')
  assertEqual(published.Content.CodeSha256, sha256(zipV1), 'CodeSha256')
  assertEqual(published.Content.CodeSize, zipV1.length, 'CodeSize')
  assert(
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/.test(published.CreatedDate),
    `CreatedDate ${published.CreatedDate}`
  )
  assertEqual(published.CompatibleRuntimes, ['nodejs20.x', 'nodejs22.x'], 'CompatibleRuntimes')
  assertEqual(published.CompatibleArchitectures, ['x86_64', 'arm64'], 'CompatibleArchitectures')
  assertEqual([published.Description, published.LicenseInfo], ['first', 'MIT'], 'Description/LicenseInfo')
  assert(published.$metadata.requestId, 'x-amzn-RequestId is exposed as requestId')
})

await check('Content.Location serves the stored zip', async () => {
  const response = await fetch(published.Content.Location)
  assertEqual(response.status, 200, 'status')
  assert(Buffer.from(await response.arrayBuffer()).equals(zipV1), 'downloaded bytes differ')
})

await check('versions increment per layer and region; state is per region', async () => {
  const second = await eu.send(new PublishLayerVersionCommand({ LayerName: 'demo-layer', Content: { ZipFile: zipV2 } }))
  assertEqual(second.Version, 2, 'second version in eu-west-1')
  assertEqual(
    [second.CompatibleRuntimes, second.Description],
    [undefined, undefined],
    'absent optional fields are omitted'
  )
  const usFirst = await us.send(
    new PublishLayerVersionCommand({
      LayerName: 'demo-layer',
      Content: { ZipFile: zipV2 },
      CompatibleRuntimes: ['python3.12']
    })
  )
  assertEqual(usFirst.Version, 1, 'first version in us-east-1')
  assertEqual(usFirst.LayerVersionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:demo-layer:1`, 'us ARN')
  assertEqual(server.regions(), ['eu-west-1', 'us-east-1'], 'regions()')
  const stored = server.layerVersions('eu-west-1', 'demo-layer')
  assertEqual(
    stored.map(v => v.version),
    [1, 2],
    'layerVersions oldest first'
  )
  assert(stored[1].zip.equals(zipV2), 'stored zip bytes')
  assertEqual(
    Object.keys(stored[0]).sort(),
    [
      'codeSha256',
      'codeSize',
      'compatibleArchitectures',
      'compatibleRuntimes',
      'createdDate',
      'description',
      'layerArn',
      'layerName',
      'layerVersionArn',
      'licenseInfo',
      'version',
      'zip'
    ],
    'StoredLayerVersion keys'
  )
  assertEqual(stored[0].codeSha256, sha256(zipV1), 'stored sha')
})

await check('GetLayerVersion by name and by layer ARN', async () => {
  const byName = await eu.send(new GetLayerVersionCommand({ LayerName: 'demo-layer', VersionNumber: 1 }))
  assertEqual(byName.$metadata.httpStatusCode, 200, 'status')
  // Content.Location is signed when it is asked for (X-Amz-Date to the second), as Lambda's is:
  // compared without its query.
  const unsigned = response => ({
    ...response,
    $metadata: undefined,
    Content: { ...response.Content, Location: response.Content.Location.split('?')[0] }
  })
  assertEqual(unsigned(byName), unsigned(published), 'same shape as publish response')
  const byArn = await eu.send(new GetLayerVersionCommand({ LayerName: layerArn, VersionNumber: 2 }))
  assertEqual(byArn.Version, 2, 'Version via ARN')
  await expectError(
    eu.send(new GetLayerVersionCommand({ LayerName: 'demo-layer', VersionNumber: 9 })),
    'ResourceNotFoundException',
    404,
    'does not exist'
  )
  await expectError(
    eu.send(new GetLayerVersionCommand({ LayerName: 'other', VersionNumber: 1 })),
    'ResourceNotFoundException',
    404
  )
  await expectError(
    us.send(new GetLayerVersionCommand({ LayerName: layerArn, VersionNumber: 1 })),
    'ResourceNotFoundException',
    404
  )
})

await check('GetLayerVersionByArn', async () => {
  const found = await eu.send(new GetLayerVersionByArnCommand({ Arn: `${layerArn}:1` }))
  assertEqual(found.Version, 1, 'Version')
  assertEqual(found.Content.CodeSha256, sha256(zipV1), 'CodeSha256')
  await expectError(
    eu.send(new GetLayerVersionByArnCommand({ Arn: `${layerArn}:42` })),
    'ResourceNotFoundException',
    404
  )
  await expectError(
    eu.send(new GetLayerVersionByArnCommand({ Arn: 'not-an-arn' })),
    'ValidationException',
    400,
    "at 'arn'"
  )
})

await check('ListLayerVersions: newest first, filters, pagination', async () => {
  const all = await eu.send(new ListLayerVersionsCommand({ LayerName: 'demo-layer' }))
  assertEqual(
    all.LayerVersions.map(v => v.Version),
    [2, 1],
    'newest first'
  )
  assertEqual(
    Object.keys(all.LayerVersions[1]).sort(),
    [
      'CompatibleArchitectures',
      'CompatibleRuntimes',
      'CreatedDate',
      'Description',
      'LayerVersionArn',
      'LicenseInfo',
      'Version'
    ],
    'item keys'
  )
  assertEqual(all.NextMarker, undefined, 'no NextMarker')
  const filtered = await eu.send(
    new ListLayerVersionsCommand({
      LayerName: 'demo-layer',
      CompatibleRuntime: 'nodejs22.x',
      CompatibleArchitecture: 'arm64'
    })
  )
  assertEqual(
    filtered.LayerVersions.map(v => v.Version),
    [1],
    'filtered'
  )
  const firstPage = await eu.send(new ListLayerVersionsCommand({ LayerName: 'demo-layer', MaxItems: 1 }))
  assertEqual(
    firstPage.LayerVersions.map(v => v.Version),
    [2],
    'page 1'
  )
  assert(firstPage.NextMarker, 'NextMarker on page 1')
  const secondPage = await eu.send(
    new ListLayerVersionsCommand({ LayerName: 'demo-layer', MaxItems: 1, Marker: firstPage.NextMarker })
  )
  assertEqual([secondPage.LayerVersions.map(v => v.Version), secondPage.NextMarker], [[1], undefined], 'page 2')
  const paged = []
  for await (const page of paginateListLayerVersions({ client: eu, pageSize: 1 }, { LayerName: 'demo-layer' })) {
    paged.push(...page.LayerVersions.map(v => v.Version))
  }
  assertEqual(paged, [2, 1], 'SDK paginator')
  const unknown = await eu.send(new ListLayerVersionsCommand({ LayerName: 'never-published' }))
  assertEqual(unknown.LayerVersions, [], 'unknown layer lists nothing')
  await expectError(
    eu.send(new ListLayerVersionsCommand({ LayerName: 'demo-layer', MaxItems: 51 })),
    'ValidationException',
    400
  )
  await expectError(
    eu.send(new ListLayerVersionsCommand({ LayerName: 'demo-layer', CompatibleRuntime: 'nodejs99' })),
    'ValidationException',
    400
  )
})

await check('ListLayers returns the latest matching version per layer', async () => {
  await eu.send(
    new PublishLayerVersionCommand({
      LayerName: 'another-layer',
      Content: { ZipFile: zipV1 },
      CompatibleRuntimes: ['python3.12']
    })
  )
  const layers = await eu.send(new ListLayersCommand({}))
  assertEqual(
    layers.Layers.map(l => [l.LayerName, l.LatestMatchingVersion.Version]),
    [
      ['another-layer', 1],
      ['demo-layer', 2]
    ],
    'layers'
  )
  const node = await eu.send(new ListLayersCommand({ CompatibleRuntime: 'nodejs20.x' }))
  assertEqual(
    node.Layers.map(l => [l.LayerName, l.LayerArn, l.LatestMatchingVersion.Version]),
    [['demo-layer', layerArn, 1]],
    'filtered'
  )
})

await check('DeleteLayerVersion is idempotent and numbers are never reused', async () => {
  const deleted = await eu.send(new DeleteLayerVersionCommand({ LayerName: 'demo-layer', VersionNumber: 2 }))
  assertEqual(deleted.$metadata.httpStatusCode, 204, 'status')
  await eu.send(new DeleteLayerVersionCommand({ LayerName: 'demo-layer', VersionNumber: 2 }))
  await eu.send(new DeleteLayerVersionCommand({ LayerName: 'missing-layer', VersionNumber: 7 }))
  await expectError(
    eu.send(new GetLayerVersionCommand({ LayerName: 'demo-layer', VersionNumber: 2 })),
    'ResourceNotFoundException',
    404
  )
  const next = await eu.send(new PublishLayerVersionCommand({ LayerName: 'demo-layer', Content: { ZipFile: zipV2 } }))
  assertEqual(next.Version, 3, 'version after delete')
  assertEqual(
    server.layerVersions('eu-west-1', 'demo-layer').map(v => v.version),
    [1, 3],
    'stored versions'
  )
  assertEqual(server.regions().includes('eu-central-1'), false, 'no state for untouched regions')
})

await check('PublishLayerVersion validation errors', async () => {
  await expectError(
    eu.send(
      new PublishLayerVersionCommand({ LayerName: 'demo-layer', Content: { ZipFile: Buffer.from('not a zip') } })
    ),
    'InvalidParameterValueException',
    400,
    'Could not unzip uploaded file'
  )
  await expectError(
    eu.send(new PublishLayerVersionCommand({ LayerName: 'bad name!', Content: { ZipFile: zipV1 } })),
    'ValidationException',
    400,
    "at 'layerName' failed to satisfy constraint"
  )
  await expectError(
    eu.send(new PublishLayerVersionCommand({ LayerName: 'x'.repeat(141), Content: { ZipFile: zipV1 } })),
    'ValidationException',
    400,
    'length less than or equal to 140'
  )
  await expectError(
    eu.send(
      new PublishLayerVersionCommand({
        LayerName: 'demo-layer',
        Content: { ZipFile: zipV1 },
        CompatibleArchitectures: ['sparc']
      })
    ),
    'ValidationException',
    400,
    'compatibleArchitectures'
  )
  await expectError(
    eu.send(
      new PublishLayerVersionCommand({
        LayerName: 'demo-layer',
        Content: { ZipFile: zipV1 },
        CompatibleRuntimes: Array(16).fill('nodejs20.x')
      })
    ),
    'ValidationException',
    400,
    'less than or equal to 15'
  )
  await expectError(
    eu.send(
      new PublishLayerVersionCommand({
        LayerName: 'demo-layer',
        Content: { ZipFile: zipV1 },
        LicenseInfo: 'x'.repeat(513)
      })
    ),
    'ValidationException',
    400,
    'licenseInfo'
  )
  await expectError(
    eu.send(
      new PublishLayerVersionCommand({ LayerName: 'demo-layer', Content: { S3Bucket: 'bucket', S3Key: 'layer.zip' } })
    ),
    'InvalidParameterValueException',
    400,
    'Error occurred while GetObject'
  )
  assertEqual(
    server.layerVersions('eu-west-1', 'demo-layer').map(v => v.version),
    [1, 3],
    'nothing stored by failed calls'
  )
})

await check('AddLayerVersionPermission, GetLayerVersionPolicy, RemoveLayerVersionPermission', async () => {
  const target = { LayerName: 'demo-layer', VersionNumber: 1 }
  await expectError(eu.send(new GetLayerVersionPolicyCommand(target)), 'ResourceNotFoundException', 404)
  const added = await eu.send(
    new AddLayerVersionPermissionCommand({
      ...target,
      StatementId: 'xaccount',
      Action: 'lambda:GetLayerVersion',
      Principal: '210987654321'
    })
  )
  assertEqual(added.$metadata.httpStatusCode, 201, 'status')
  assertEqual(
    JSON.parse(added.Statement),
    {
      Sid: 'xaccount',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::210987654321:root' },
      Action: 'lambda:GetLayerVersion',
      Resource: `${layerArn}:1`
    },
    'account statement'
  )
  const org = await eu.send(
    new AddLayerVersionPermissionCommand({
      ...target,
      StatementId: 'engineering-org',
      Action: 'lambda:GetLayerVersion',
      Principal: '*',
      OrganizationId: 'o-t194hfs8cz',
      RevisionId: added.RevisionId
    })
  )
  assertEqual(
    JSON.parse(org.Statement),
    {
      Sid: 'engineering-org',
      Effect: 'Allow',
      Principal: '*',
      Action: 'lambda:GetLayerVersion',
      Resource: `${layerArn}:1`,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-t194hfs8cz' } }
    },
    'organization statement'
  )
  assert(org.RevisionId !== added.RevisionId, 'RevisionId changes on every policy change')
  const policy = await eu.send(new GetLayerVersionPolicyCommand(target))
  const document = JSON.parse(policy.Policy)
  assertEqual(
    [document.Version, document.Id, document.Statement.map(s => s.Sid)],
    ['2012-10-17', 'default', ['xaccount', 'engineering-org']],
    'policy'
  )
  assertEqual(policy.RevisionId, org.RevisionId, 'policy RevisionId')
  assertEqual(
    server.policy('eu-west-1', 'demo-layer', 1).map(s => s.Sid),
    ['xaccount', 'engineering-org'],
    'server.policy()'
  )
  assertEqual(server.policy('eu-west-1', 'demo-layer', 3), [], 'server.policy() without statements')

  const permission = { ...target, Action: 'lambda:GetLayerVersion', Principal: '*' }
  await expectError(
    eu.send(new AddLayerVersionPermissionCommand({ ...permission, StatementId: 'xaccount' })),
    'ResourceConflictException',
    409,
    'already exists'
  )
  await expectError(
    eu.send(new AddLayerVersionPermissionCommand({ ...permission, StatementId: 'new', RevisionId: added.RevisionId })),
    'PreconditionFailedException',
    412
  )
  await expectError(
    eu.send(new AddLayerVersionPermissionCommand({ ...permission, StatementId: 'new', Principal: 'someone' })),
    'ValidationException',
    400,
    "at 'principal'"
  )
  await expectError(
    eu.send(new AddLayerVersionPermissionCommand({ ...permission, StatementId: 'bad sid' })),
    'ValidationException',
    400,
    "at 'statementId'"
  )
  await expectError(
    eu.send(
      new AddLayerVersionPermissionCommand({ ...permission, StatementId: 'new', Action: 'lambda:InvokeFunction' })
    ),
    'ValidationException',
    400,
    "at 'action'"
  )
  await expectError(
    eu.send(new AddLayerVersionPermissionCommand({ ...permission, StatementId: 'new', OrganizationId: 'org' })),
    'ValidationException',
    400,
    "at 'organizationId'"
  )
  await expectError(
    eu.send(
      new AddLayerVersionPermissionCommand({
        ...permission,
        StatementId: 'new',
        Principal: '210987654321',
        OrganizationId: 'o-t194hfs8cz'
      })
    ),
    'InvalidParameterValueException',
    400
  )
  await expectError(
    eu.send(new AddLayerVersionPermissionCommand({ ...permission, VersionNumber: 2, StatementId: 'new' })),
    'ResourceNotFoundException',
    404
  )
  const arnPrincipal = await eu.send(
    new AddLayerVersionPermissionCommand({
      ...permission,
      StatementId: 'by-arn',
      Principal: 'arn:aws:iam::333333333333:root'
    })
  )
  assertEqual(JSON.parse(arnPrincipal.Statement).Principal, { AWS: 'arn:aws:iam::333333333333:root' }, 'ARN principal')

  await expectError(
    eu.send(
      new RemoveLayerVersionPermissionCommand({ ...target, StatementId: 'xaccount', RevisionId: org.RevisionId })
    ),
    'PreconditionFailedException',
    412
  )
  await expectError(
    eu.send(new RemoveLayerVersionPermissionCommand({ ...target, StatementId: 'nope' })),
    'ResourceNotFoundException',
    404
  )
  for (const sid of ['xaccount', 'engineering-org', 'by-arn']) {
    const removed = await eu.send(new RemoveLayerVersionPermissionCommand({ ...target, StatementId: sid }))
    assertEqual(removed.$metadata.httpStatusCode, 204, 'remove status')
  }
  await expectError(eu.send(new GetLayerVersionPolicyCommand(target)), 'ResourceNotFoundException', 404)
})

await check('raw HTTP: auth, error shape, unknown operations, malformed JSON', async () => {
  const unsigned = await fetch(`${server.url}/2018-10-31/layers/demo-layer/versions`)
  assertEqual(
    [unsigned.status, unsigned.headers.get('x-amzn-errortype')],
    [403, 'MissingAuthenticationTokenException'],
    'unsigned'
  )
  assert(unsigned.headers.get('x-amzn-requestid'), 'x-amzn-RequestId on errors')
  assertEqual(await unsigned.json(), { Type: 'User', message: 'Missing Authentication Token' }, 'error body')
  const garbage = await fetch(`${server.url}/2018-10-31/layers/demo-layer/versions`, {
    headers: { Authorization: 'Bearer x' }
  })
  assertEqual(
    [garbage.status, garbage.headers.get('x-amzn-errortype')],
    [403, 'IncompleteSignatureException'],
    'malformed auth'
  )
  const unknown = await fetch(`${server.url}/2015-03-31/functions`, { headers: { Authorization: SIGNED } })
  assertEqual(
    [unknown.status, unknown.headers.get('x-amzn-errortype')],
    [404, 'UnknownOperationException'],
    'unknown operation'
  )
  const malformed = await fetch(`${server.url}/2018-10-31/layers/demo-layer/versions`, {
    method: 'POST',
    headers: { Authorization: SIGNED },
    body: '{"Content":'
  })
  assertEqual(
    [malformed.status, malformed.headers.get('x-amzn-errortype')],
    [400, 'InvalidRequestContentException'],
    'malformed JSON'
  )
  const missing = await fetch(`${server.url}/2018-10-31/layers/demo-layer/versions/99`, {
    headers: { Authorization: SIGNED }
  })
  assertEqual(
    [missing.status, missing.headers.get('content-type'), Object.keys(await missing.json())],
    [404, 'application/json', ['Type', 'Message']],
    'not found shape'
  )
  const ok = await fetch(`${server.url}/2018-10-31/layers/demo-layer/versions`, { headers: { Authorization: SIGNED } })
  assertEqual(
    [ok.status, ok.headers.get('content-type'), Boolean(ok.headers.get('x-amzn-requestid'))],
    [200, 'application/json', true],
    'success headers'
  )
  const logged = server.requests.filter(r => r.operation === 'UnknownOperation')
  assertEqual(
    logged.map(r => [r.path, r.status, r.region]),
    [['/2015-03-31/functions', 404, 'eu-west-1']],
    'unknown operation logged'
  )
})

await check('AWS_ENDPOINT_URL_LAMBDA routes a client without explicit endpoint', async () => {
  process.env.AWS_ENDPOINT_URL_LAMBDA = server.url
  try {
    const client = new LambdaClient({ region: 'eu-west-1', credentials: CREDENTIALS, maxAttempts: 1 })
    const listed = await client.send(new ListLayerVersionsCommand({ LayerName: 'demo-layer' }))
    assertEqual(
      listed.LayerVersions.map(v => v.Version),
      [3, 1],
      'versions via env endpoint'
    )
  } finally {
    delete process.env.AWS_ENDPOINT_URL_LAMBDA
  }
})

await check('request log records operation, region and status', async () => {
  const publishes = server.requests.filter(r => r.operation === 'PublishLayerVersion' && r.status === 201)
  assertEqual(
    publishes.map(r => r.region),
    ['eu-west-1', 'eu-west-1', 'us-east-1', 'eu-west-1', 'eu-west-1'],
    'publish regions'
  )
  const first = server.requests[0]
  assertEqual(
    [first.method, first.path, first.layerName, typeof first.time],
    ['POST', '/2018-10-31/layers/demo-layer/versions', 'demo-layer', 'number'],
    'entry'
  )
  assert(
    server.requests.some(r => r.operation === 'GetLayerVersion' && r.path.includes('arn%3Aaws%3Alambda')),
    'ARN path is URL-encoded'
  )
})

await check('fault injection: throttles and server errors are retried by the SDK', async () => {
  server.reset()
  assertEqual([server.requests.length, server.regions()], [0, []], 'reset')
  server.setRegionFaults('eu-west-1', { throttles: 1, serverErrors: 1, retryAfterSeconds: 0 })
  const retrying = clientFor(server, 'eu-west-1', { maxAttempts: 3 })
  const result = await retrying.send(
    new PublishLayerVersionCommand({ LayerName: 'flaky', Content: { ZipFile: zipV1 } })
  )
  assertEqual([result.Version, result.$metadata.attempts], [1, 3], 'succeeded on third attempt')
  assertEqual(
    server.requests.map(r => r.status),
    [429, 500, 201],
    'statuses'
  )
  assertEqual(
    server.regionFaults('eu-west-1'),
    { throttles: 0, serverErrors: 0, retryAfterSeconds: 0 },
    'counters consumed'
  )
  server.setRegionFaults('eu-west-1', { throttles: 1, retryAfterSeconds: 0 })
  const throttledError = await expectError(
    eu.send(new GetLayerVersionCommand({ LayerName: 'flaky', VersionNumber: 1 })),
    'TooManyRequestsException',
    429,
    'Rate exceeded'
  )
  assertEqual(
    [throttledError.Reason, throttledError.retryAfterSeconds, throttledError.Type],
    ['CallerRateLimitExceeded', '0', 'User'],
    'throttle fields'
  )
  server.setRegionFaults('eu-west-1', { serverErrors: 1 })
  const serverError = await expectError(
    eu.send(new GetLayerVersionCommand({ LayerName: 'flaky', VersionNumber: 1 })),
    'ServiceException',
    500
  )
  assertEqual(serverError.$fault, 'server', '$fault')
  const otherRegion = await us.send(new ListLayersCommand({}))
  assertEqual(otherRegion.Layers, [], 'faults are per region')
})

await check('fault injection: down and dropResponseAfterPublish', async () => {
  server.setRegionFaults('eu-west-1', { down: true })
  const downError = await eu.send(new ListLayersCommand({})).then(
    () => undefined,
    error => error
  )
  assert(
    downError && downError.$metadata?.httpStatusCode === undefined,
    `down region gives a network error, got ${downError}`
  )
  server.setRegionFaults('eu-west-1', { dropResponseAfterPublish: 1 })
  const dropped = await eu
    .send(new PublishLayerVersionCommand({ LayerName: 'dropped', Content: { ZipFile: zipV1 } }))
    .then(
      () => undefined,
      error => error
    )
  assert(
    dropped && dropped.$metadata?.httpStatusCode === undefined,
    `dropped publish gives a network error, got ${dropped}`
  )
  assertEqual(
    server.layerVersions('eu-west-1', 'dropped').map(v => v.version),
    [1],
    'version was created anyway'
  )
  server.setRegionFaults('eu-west-1', { dropResponseAfterPublish: 1 })
  const retried = await clientFor(server, 'eu-west-1', { maxAttempts: 3 }).send(
    new PublishLayerVersionCommand({ LayerName: 'dropped', Content: { ZipFile: zipV1 } })
  )
  assertEqual(
    [retried.Version, server.layerVersions('eu-west-1', 'dropped').length],
    [3, 3],
    'SDK retry after a dropped response publishes a duplicate'
  )
  assertEqual(
    server.requests.filter(r => r.operation === 'PublishLayerVersion' && r.layerName === 'dropped').map(r => r.status),
    [0, 0, 201],
    'log'
  )
  server.setRegionFaults('eu-west-1', {})
})

await check('fault injection: latency', async () => {
  server.setRegionFaults('us-east-1', { latencyMs: 300 })
  const started = Date.now()
  await us.send(new ListLayersCommand({}))
  const elapsed = Date.now() - started
  server.setRegionFaults('us-east-1', {})
  assert(elapsed >= 290, `expected >= 300 ms, took ${elapsed} ms`)
})

await check('S3 staging: objects in a bucket of the region, multipart, and PublishLayerVersion from S3', async () => {
  const s3Server = await startLambdaApiServer({ accountId: '999988887777' })
  const s3Config = { region: 'ap-southeast-2', endpoint: s3Server.url, credentials: CREDENTIALS, maxAttempts: 1 }
  const s3 = new S3Client(s3Config)
  try {
    await expectError(s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k.zip', Body: zipV2 })), 'NoSuchBucket', 404)
    s3Server.createBucket('ap-southeast-2', 'b')
    await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k.zip', Body: zipV2 }))
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'b', Key: 'k.zip' }))
    assertEqual(head.ContentLength, zipV2.length, 'HeadObject length')
    await expectError(s3.send(new HeadObjectCommand({ Bucket: 'b', Key: 'missing' })), 'NotFound', 404)
    await expectError(s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'missing' })), 'NoSuchKey', 404)
    const client = clientFor(s3Server, 'ap-southeast-2')
    const result = await client.send(
      new PublishLayerVersionCommand({ LayerName: 'from-s3', Content: { S3Bucket: 'b', S3Key: 'k.zip' } })
    )
    assertEqual(
      [result.LayerVersionArn, result.Content.CodeSha256],
      ['arn:aws:lambda:ap-southeast-2:999988887777:layer:from-s3:1', sha256(zipV2)],
      'published from S3'
    )
    await expectError(
      client.send(
        new PublishLayerVersionCommand({ LayerName: 'from-s3', Content: { S3Bucket: 'b', S3Key: 'missing' } })
      ),
      'InvalidParameterValueException',
      400,
      'NoSuchKey'
    )
    await expectError(
      clientFor(s3Server, 'eu-west-1').send(
        new PublishLayerVersionCommand({ LayerName: 'from-s3', Content: { S3Bucket: 'b', S3Key: 'k.zip' } })
      ),
      'InvalidParameterValueException',
      400,
      'PermanentRedirect'
    )
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key: 'parts.zip' }))
    const small = await s3.send(
      new UploadPartCommand({
        Bucket: 'b',
        Key: 'parts.zip',
        UploadId: created.UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(1024)
      })
    )
    const last = await s3.send(
      new UploadPartCommand({
        Bucket: 'b',
        Key: 'parts.zip',
        UploadId: created.UploadId,
        PartNumber: 2,
        Body: Buffer.alloc(10)
      })
    )
    const parts = [
      { PartNumber: 1, ETag: small.ETag },
      { PartNumber: 2, ETag: last.ETag }
    ]
    await expectError(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'b',
          Key: 'parts.zip',
          UploadId: created.UploadId,
          MultipartUpload: { Parts: parts }
        })
      ),
      'EntityTooSmall',
      400
    )
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'b', Key: 'parts.zip', UploadId: created.UploadId }))
    await expectError(
      s3.send(new AbortMultipartUploadCommand({ Bucket: 'b', Key: 'parts.zip', UploadId: created.UploadId })),
      'NoSuchUpload',
      404
    )
    await s3.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'k.zip' }))
    assertEqual(s3Server.s3Keys('b'), [], 'objects left')
  } finally {
    s3.destroy()
    await s3Server.close()
  }
})

await check('SSM PutParameter/GetParameter and function configuration on the same server', async () => {
  const ssm = new SSMClient({ region: 'eu-west-1', endpoint: server.url, credentials: CREDENTIALS, maxAttempts: 1 })
  try {
    await expectError(ssm.send(new GetParameterCommand({ Name: '/layers/demo' })), 'ParameterNotFound', 400)
    assertEqual(
      (await ssm.send(new PutParameterCommand({ Name: '/layers/demo', Value: 'v1', Type: 'String' }))).Version,
      1,
      'first version'
    )
    await expectError(
      ssm.send(new PutParameterCommand({ Name: '/layers/demo', Value: 'v2', Type: 'String' })),
      'ParameterAlreadyExists',
      400
    )
    await ssm.send(new PutParameterCommand({ Name: '/layers/demo', Value: 'v2', Type: 'String', Overwrite: true }))
    const read = await ssm.send(new GetParameterCommand({ Name: '/layers/demo' }))
    assertEqual(
      [read.Parameter.Value, read.Parameter.Version, read.Parameter.ARN],
      ['v2', 2, `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/layers/demo`],
      'parameter'
    )
  } finally {
    ssm.destroy()
  }
  const functionArn = server.addFunction('eu-west-1', { name: 'fn', layers: [] })
  await expectError(
    eu.send(new GetFunctionConfigurationCommand({ FunctionName: 'missing' })),
    'ResourceNotFoundException',
    404,
    'Function not found'
  )
  const layer = (await eu.send(new PublishLayerVersionCommand({ LayerName: 'fn-layer', Content: { ZipFile: zipV1 } })))
    .LayerVersionArn
  const updated = await eu.send(new UpdateFunctionConfigurationCommand({ FunctionName: functionArn, Layers: [layer] }))
  assertEqual(updated.LastUpdateStatus, 'InProgress', 'status right after the update')
  await expectError(
    eu.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Layers: [] })),
    'ResourceConflictException',
    409
  )
  assertEqual(
    (await eu.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn' }))).LastUpdateStatus,
    'InProgress',
    'first read'
  )
  const settled = await eu.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn' }))
  assertEqual([settled.LastUpdateStatus, settled.Layers.map(item => item.Arn)], ['Successful', [layer]], 'second read')
  const six = [1, 2, 3, 4, 5, 6].map(n => `arn:aws:lambda:eu-west-1:111122223333:layer:other${n}:1`)
  await expectError(
    eu.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Layers: six })),
    'InvalidParameterValueException',
    400,
    'Cannot reference more than 5 layers'
  )
})

await check('large uploads: 45 MB zip accepted, > 50 MB zip rejected with 413', async () => {
  const big = makeStoredZip(45 * 1024 * 1024)
  const accepted = await eu.send(new PublishLayerVersionCommand({ LayerName: 'big', Content: { ZipFile: big } }))
  assertEqual([accepted.Content.CodeSize, accepted.Content.CodeSha256], [big.length, sha256(big)], 'big zip stored')
  const tooBig = makeStoredZip(51 * 1024 * 1024)
  await expectError(
    eu.send(new PublishLayerVersionCommand({ LayerName: 'big', Content: { ZipFile: tooBig } })),
    'RequestEntityTooLargeException',
    413,
    'Request must be smaller than 70167211 bytes for the PublishLayerVersion operation'
  )
  const hugeBody = makeStoredZip(53 * 1024 * 1024)
  await expectError(
    eu.send(new PublishLayerVersionCommand({ LayerName: 'big', Content: { ZipFile: hugeBody } })),
    'RequestEntityTooLargeException',
    413
  )
  assertEqual(server.layerVersions('eu-west-1', 'big').length, 1, 'only the accepted upload is stored')
})

await check('parallel publishes get distinct, consecutive versions; initial faults option', async () => {
  const parallel = await startLambdaApiServer({ faults: { 'sa-east-1': { serverErrors: 1 } } })
  try {
    const client = clientFor(parallel, 'sa-east-1', { maxAttempts: 2 })
    const outputs = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.send(new PublishLayerVersionCommand({ LayerName: 'parallel', Content: { ZipFile: zipV1 } }))
      )
    )
    assertEqual(
      outputs.map(o => o.Version).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
      'versions'
    )
    assertEqual(parallel.requests.filter(r => r.status === 500).length, 1, 'one injected server error')
  } finally {
    await parallel.close()
  }
})

await check('close() returns promptly with keep-alive connections open', async () => {
  const extra = await startLambdaApiServer()
  await clientFor(extra, 'eu-west-1').send(new ListLayersCommand({}))
  const started = Date.now()
  await extra.close()
  await extra.close()
  assert(Date.now() - started < 1000, `close took ${Date.now() - started} ms`)
})

await server.close()
const failures = results.filter(result => !result.ok)
console.log(`\n${results.length - failures.length}/${results.length} checks passed`)
process.exit(failures.length === 0 ? 0 : 1)
