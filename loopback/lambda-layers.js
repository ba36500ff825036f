// Loopback Lambda layer operations (REST API 2018-10-31): the layer store and one handler per operation.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import AdmZip from 'adm-zip'
import { partitionOf } from './partition.js'
import { readStagedObject } from './s3-service.js'
import { contentLocation } from './layer-content-url.js'
import {
  notFound,
  invalidParameter,
  invalidRequestContent,
  conflict,
  preconditionFailed,
  requestTooLarge,
  throwIfViolations,
  constraintViolation,
  requiredViolation,
  patternViolation,
  lengthViolation,
  enumViolation,
  listViolation,
  isPlainObject,
  optionalString,
  optionalStringList,
  attempt
} from './lambda-errors.js'

const MAX_UNZIPPED_BYTES = 262_144_000
const MAX_LIST_ITEMS = 50
const UNZIP_FAILURE_MESSAGE = 'Could not unzip uploaded file. Please check your file, then try to upload again.'

const PATTERNS = {
  layerName: '(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+',
  layerVersionArn: 'arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+',
  statementId: '([a-zA-Z0-9-_]+)',
  action: 'lambda:GetLayerVersion',
  principal: '\\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root',
  organizationId: 'o-[a-z0-9]{10,32}'
}
const LAYER_ARN = /^arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+)(?::([0-9]+))?$/
const ARCHITECTURES = ['x86_64', 'arm64']
const RUNTIMES =
  `dotnet10 dotnet6 dotnet8 dotnetcore1.0 dotnetcore2.0 dotnetcore2.1 dotnetcore3.1 go1.x java11 java11.al2023
  java17 java17.al2023 java21 java25 java8 java8.al2 java8.al2023 nodejs nodejs10.x nodejs12.x nodejs14.x nodejs16.x
  nodejs18.x nodejs20.x nodejs22.x nodejs24.x nodejs26.x nodejs4.3 nodejs4.3-edge nodejs6.10 nodejs8.10 provided
  provided.al2 provided.al2023 python2.7 python3.10 python3.11 python3.12 python3.13 python3.14 python3.15 python3.6
  python3.7 python3.8 python3.9 ruby2.5 ruby2.7 ruby3.2 ruby3.3 ruby3.4 ruby4.0`.split(/\s+/)

const layerArnOf = (region, accountId, name) => `arn:${partitionOf(region)}:lambda:${region}:${accountId}:layer:${name}`
export const lambdaTimestamp = date => date.toISOString().replace('Z', '+0000')
const sha256Base64 = buffer => createHash('sha256').update(buffer).digest('base64')
const encodeMarker = key => Buffer.from(String(key), 'utf8').toString('base64url')
const decodeMarker = marker => Buffer.from(marker, 'base64url').toString('utf8')

function parseVersionNumber(raw) {
  if (!/^\d{1,15}$/.test(raw)) throw invalidParameter(`Invalid version number: ${raw}`)
  return Number(raw)
}

function readMaxItems(raw) {
  if (raw === undefined) return MAX_LIST_ITEMS
  const value = Number(raw)
  if (!Number.isInteger(value)) throw invalidParameter(`Invalid MaxItems: ${raw}`)
  throwIfViolations([
    value < 1 ? constraintViolation('maxItems', raw, 'have value greater than or equal to 1') : undefined,
    value > MAX_LIST_ITEMS
      ? constraintViolation('maxItems', raw, `have value less than or equal to ${MAX_LIST_ITEMS}`)
      : undefined
  ])
  return value
}

function paginate(items, query, keyOf) {
  const maxItems = readMaxItems(query.MaxItems)
  let start = 0
  if (query.Marker !== undefined) {
    const key = decodeMarker(query.Marker)
    start = items.findIndex(item => String(keyOf(item)) === key)
    if (start < 0) throw invalidParameter('Invalid pagination marker')
  }
  const next = items[start + maxItems]
  return {
    page: items.slice(start, start + maxItems),
    nextMarker: next === undefined ? undefined : encodeMarker(keyOf(next))
  }
}

const isEmpty = value => value === undefined || (Array.isArray(value) && value.length === 0)
const withoutEmpty = object => Object.fromEntries(Object.entries(object).filter(([, value]) => !isEmpty(value)))

function toPrincipal(principal, partition) {
  if (principal === '*') return '*'
  return { AWS: /^\d{12}$/.test(principal) ? `arn:${partition}:iam::${principal}:root` : principal }
}

/** Layer versions per region and name; version numbers keep increasing after deletes, as in Lambda. */
export function createLayerStore(accountId) {
  /** @type {Map<string, Map<string, { nextVersion: number, versions: Map<number, any> }>>} */
  const regions = new Map()
  const archives = new Map()
  const findLayer = (region, name) => regions.get(region)?.get(name)
  const findVersion = (region, name, version) => findLayer(region, name)?.versions.get(version)

  function layerFor(region, name) {
    if (!regions.has(region)) regions.set(region, new Map())
    const layers = regions.get(region)
    if (!layers.has(name)) layers.set(name, { nextVersion: 1, versions: new Map() })
    return layers.get(name)
  }

  function append(region, name, fields) {
    const layer = layerFor(region, name)
    const version = layer.nextVersion++
    const layerArn = layerArnOf(region, accountId, name)
    const record = {
      layerName: name,
      version,
      layerVersionArn: `${layerArn}:${version}`,
      layerArn,
      codeSha256: sha256Base64(fields.zip),
      codeSize: fields.zip.length,
      ...fields,
      createdDate: lambdaTimestamp(new Date()),
      archiveKey: `${name}-${randomUUID()}`,
      archiveVersionId: randomBytes(24).toString('base64url'),
      policy: { statements: [], revisionId: randomUUID() }
    }
    layer.versions.set(version, record)
    archives.set(record.archiveKey, record)
    return record
  }

  function remove(region, name, version) {
    const record = findVersion(region, name, version)
    if (!record) return
    findLayer(region, name).versions.delete(version)
    archives.delete(record.archiveKey)
  }

  return {
    accountId,
    findVersion,
    append,
    remove,
    versionsOf: (region, name) =>
      [...(findLayer(region, name)?.versions.values() ?? [])].sort((a, b) => a.version - b.version),
    layerNames: region => [...(regions.get(region)?.keys() ?? [])].sort(),
    archive: key => archives.get(key),
    regionNames: () => [...regions.keys()].sort(),
    clear: () => {
      regions.clear()
      archives.clear()
    }
  }
}

export function toStoredLayerVersion(record) {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- left out of what is stored
  const { archiveKey, archiveVersionId, policy, compatibleRuntimes, compatibleArchitectures, ...stored } = record
  return {
    ...stored,
    compatibleRuntimes: [...compatibleRuntimes],
    compatibleArchitectures: [...compatibleArchitectures]
  }
}

function layerVersionListItem(record) {
  return withoutEmpty({
    LayerVersionArn: record.layerVersionArn,
    Version: record.version,
    Description: record.description,
    CreatedDate: record.createdDate,
    CompatibleRuntimes: record.compatibleRuntimes,
    LicenseInfo: record.licenseInfo,
    CompatibleArchitectures: record.compatibleArchitectures
  })
}

/** Location points back at this server, standing in for Lambda's presigned S3 URL (valid for 10 minutes). */
function layerVersionResponse(record, context) {
  const location = contentLocation(context.baseUrl, context.store.accountId, record, context.region)
  const content = { Location: location, CodeSha256: record.codeSha256, CodeSize: record.codeSize }
  return { Content: content, LayerArn: record.layerArn, ...layerVersionListItem(record) }
}

/** Accepts a layer name or a layer ARN of this region and account; returns the bare name. */
function resolveLayerName(raw, context) {
  throwIfViolations([lengthViolation('layerName', raw, 1, 140), patternViolation('layerName', raw, PATTERNS.layerName)])
  const arn = LAYER_ARN.exec(raw)
  if (!arn) return raw
  if (arn[1] !== context.region || arn[2] !== context.store.accountId) throw notFound()
  return arn[3]
}

function requireLayerVersion(context) {
  const name = resolveLayerName(context.params.layerName, context)
  const version = parseVersionNumber(context.params.versionNumber)
  const record = context.store.findVersion(context.region, name, version)
  if (!record) throw notFound()
  return record
}

function assertValidZip(zip) {
  const entries = attempt(
    () => new AdmZip(zip).getEntries(),
    () => invalidParameter(UNZIP_FAILURE_MESSAGE)
  )
  const unzippedSize = entries.reduce((total, entry) => total + entry.header.size, 0)
  if (unzippedSize > MAX_UNZIPPED_BYTES)
    throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`)
}

async function readLayerArchive(content, context) {
  if (!isPlainObject(content)) throw invalidRequestContent('Content must be an object')
  const zipFile = optionalString(content, 'ZipFile')
  const bucket = optionalString(content, 'S3Bucket')
  const key = optionalString(content, 'S3Key')
  optionalString(content, 'S3ObjectVersion')
  if (zipFile !== undefined && (bucket !== undefined || key !== undefined)) {
    throw invalidParameter('Please do not provide other LayerVersionContentInput properties when providing a ZipFile')
  }
  const zip = zipFile !== undefined ? decodeZipFile(zipFile, context) : fetchS3Object(bucket, key, context)
  assertValidZip(zip)
  return zip
}

function decodeZipFile(zipFile, context) {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(zipFile) || zipFile.length % 4 !== 0) {
    throw invalidRequestContent('ZipFile is not valid base64')
  }
  const zip = Buffer.from(zipFile, 'base64')
  if (zip.length > context.options.maxZipBytes)
    throw requestTooLarge(context.operation, context.options.maxRequestBytes)
  return zip
}

/** Reads S3Bucket/S3Key from the server's S3 store; CodeSha256 is then computed from those bytes. */
function fetchS3Object(bucket, key, context) {
  if (bucket === undefined || key === undefined)
    throw invalidParameter('Please provide a source for layer code: ZipFile, or S3Bucket and S3Key.')
  const staged = readStagedObject(context.s3, bucket, key, context.region)
  if (staged.error) throw invalidParameter(`Error occurred while GetObject. ${staged.error}`)
  return staged.body
}

async function publishLayerVersion(context) {
  const name = resolveLayerName(context.params.layerName, context)
  const body = context.body
  const description = optionalString(body, 'Description')
  const licenseInfo = optionalString(body, 'LicenseInfo')
  const compatibleRuntimes = optionalStringList(body, 'CompatibleRuntimes')
  const compatibleArchitectures = optionalStringList(body, 'CompatibleArchitectures')
  throwIfViolations([
    requiredViolation('content', body.Content ?? undefined),
    lengthViolation('description', description, 0, 256),
    lengthViolation('licenseInfo', licenseInfo, 0, 512),
    listViolation('compatibleRuntimes', compatibleRuntimes, 15, RUNTIMES),
    listViolation('compatibleArchitectures', compatibleArchitectures, 2, ARCHITECTURES)
  ])
  const zip = await readLayerArchive(body.Content, context)
  const fields = { zip, description, licenseInfo, compatibleRuntimes, compatibleArchitectures }
  const record = context.store.append(context.region, name, fields)
  return { status: 201, body: layerVersionResponse(record, context) }
}

function getLayerVersion(context) {
  return { status: 200, body: layerVersionResponse(requireLayerVersion(context), context) }
}

function getLayerVersionByArn(context) {
  const arn = context.query.Arn
  throwIfViolations([
    requiredViolation('arn', arn),
    lengthViolation('arn', arn, 1, 140),
    patternViolation('arn', arn, PATTERNS.layerVersionArn)
  ])
  const [, region, accountId, name, version] = LAYER_ARN.exec(arn)
  const record =
    region === context.region && accountId === context.store.accountId
      ? context.store.findVersion(region, name, Number(version))
      : undefined
  if (!record) throw notFound()
  return { status: 200, body: layerVersionResponse(record, context) }
}

function readListFilters(query) {
  const runtime = query.CompatibleRuntime
  const architecture = query.CompatibleArchitecture
  throwIfViolations([
    enumViolation('compatibleRuntime', runtime, RUNTIMES),
    enumViolation('compatibleArchitecture', architecture, ARCHITECTURES)
  ])
  return record =>
    (runtime === undefined || record.compatibleRuntimes.includes(runtime)) &&
    (architecture === undefined || record.compatibleArchitectures.includes(architecture))
}

function listLayerVersions(context) {
  const name = resolveLayerName(context.params.layerName, context)
  const matches = readListFilters(context.query)
  const newestFirst = context.store.versionsOf(context.region, name).filter(matches).reverse()
  const { page, nextMarker } = paginate(newestFirst, context.query, record => record.version)
  return {
    status: 200,
    body: { ...(nextMarker && { NextMarker: nextMarker }), LayerVersions: page.map(layerVersionListItem) }
  }
}

function listLayers(context) {
  const matches = readListFilters(context.query)
  const layers = context.store
    .layerNames(context.region)
    .map(name => context.store.versionsOf(context.region, name).filter(matches).at(-1))
    .filter(latest => latest !== undefined)
  const { page, nextMarker } = paginate(layers, context.query, record => record.layerName)
  const items = page.map(latest => ({
    LayerName: latest.layerName,
    LayerArn: latest.layerArn,
    LatestMatchingVersion: layerVersionListItem(latest)
  }))
  return { status: 200, body: { ...(nextMarker && { NextMarker: nextMarker }), Layers: items } }
}

function deleteLayerVersion(context) {
  const name = resolveLayerName(context.params.layerName, context)
  context.store.remove(context.region, name, parseVersionNumber(context.params.versionNumber))
  return { status: 204 }
}

function assertRevision(policy, revisionId) {
  if (revisionId !== undefined && revisionId !== policy.revisionId) throw preconditionFailed()
}

function addLayerVersionPermission(context) {
  const body = context.body
  const statementId = optionalString(body, 'StatementId')
  const action = optionalString(body, 'Action')
  const principal = optionalString(body, 'Principal')
  const organizationId = optionalString(body, 'OrganizationId')
  resolveLayerName(context.params.layerName, context)
  throwIfViolations([
    requiredViolation('statementId', statementId),
    lengthViolation('statementId', statementId, 1, 100),
    patternViolation('statementId', statementId, PATTERNS.statementId),
    requiredViolation('action', action),
    lengthViolation('action', action, 0, 22),
    patternViolation('action', action, PATTERNS.action),
    requiredViolation('principal', principal),
    patternViolation('principal', principal, PATTERNS.principal),
    lengthViolation('organizationId', organizationId, 0, 34),
    patternViolation('organizationId', organizationId, PATTERNS.organizationId)
  ])
  if (organizationId !== undefined && principal !== '*') {
    throw invalidParameter('OrganizationId can only be specified when Principal is *.')
  }
  const record = requireLayerVersion(context)
  assertRevision(record.policy, context.query.RevisionId)
  if (record.policy.statements.some(statement => statement.Sid === statementId)) {
    throw conflict(
      `The statement id (${statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`
    )
  }
  const statement = {
    Sid: statementId,
    Effect: 'Allow',
    Principal: toPrincipal(principal, partitionOf(context.region)),
    Action: action,
    Resource: record.layerVersionArn,
    ...(organizationId === undefined ? {} : { Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId } } })
  }
  record.policy.statements.push(statement)
  record.policy.revisionId = randomUUID()
  return { status: 201, body: { Statement: JSON.stringify(statement), RevisionId: record.policy.revisionId } }
}

function getLayerVersionPolicy(context) {
  const { policy } = requireLayerVersion(context)
  if (policy.statements.length === 0) throw notFound('No policy is associated with the given resource.')
  const document = { Version: '2012-10-17', Id: 'default', Statement: policy.statements }
  return { status: 200, body: { Policy: JSON.stringify(document), RevisionId: policy.revisionId } }
}

function removeLayerVersionPermission(context) {
  const statementId = context.params.statementId
  throwIfViolations([
    lengthViolation('statementId', statementId, 1, 100),
    patternViolation('statementId', statementId, PATTERNS.statementId)
  ])
  const { policy } = requireLayerVersion(context)
  assertRevision(policy, context.query.RevisionId)
  const index = policy.statements.findIndex(statement => statement.Sid === statementId)
  if (index < 0) throw notFound(`Statement ${statementId} is not found in resource policy.`)
  policy.statements.splice(index, 1)
  policy.revisionId = randomUUID()
  return { status: 204 }
}

export const LAYER_HANDLERS = {
  PublishLayerVersion: publishLayerVersion,
  GetLayerVersion: getLayerVersion,
  GetLayerVersionByArn: getLayerVersionByArn,
  ListLayerVersions: listLayerVersions,
  ListLayers: listLayers,
  DeleteLayerVersion: deleteLayerVersion,
  AddLayerVersionPermission: addLayerVersionPermission,
  GetLayerVersionPolicy: getLayerVersionPolicy,
  RemoveLayerVersionPermission: removeLayerVersionPermission
}
