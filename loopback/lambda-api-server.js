// Loopback implementation of the AWS Lambda layer REST API (2018-10-31) for tests, demos and benchmarks.
import { createServer } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import AdmZip from 'adm-zip';

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_MAX_REQUEST_BYTES = 70_167_211;
export const DEFAULT_MAX_ZIP_BYTES = 52_428_800;
const MAX_UNZIPPED_BYTES = 262_144_000;
const MAX_LIST_ITEMS = 50;
const UNZIP_FAILURE_MESSAGE = 'Could not unzip uploaded file. Please check your file, then try to upload again.';
const NOT_FOUND_MESSAGE = 'The resource you requested does not exist.';
const ARCHIVE_OPERATION = 'GetLayerArchive';
const UNKNOWN_OPERATION = 'UnknownOperation';

const PATTERNS = {
  layerName: '(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+',
  layerVersionArn: 'arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+',
  statementId: '([a-zA-Z0-9-_]+)',
  action: 'lambda:GetLayerVersion',
  principal: '\\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root',
  organizationId: 'o-[a-z0-9]{10,32}',
};
const LAYER_ARN = /^arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+)(?::([0-9]+))?$/;
const SIGV4_AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request\s*,\s*SignedHeaders=[a-z0-9;-]+\s*,\s*Signature=[0-9a-f]+\s*$/i;
const ARCHITECTURES = ['x86_64', 'arm64'];
const RUNTIMES = `dotnet10 dotnet6 dotnet8 dotnetcore1.0 dotnetcore2.0 dotnetcore2.1 dotnetcore3.1 go1.x java11 java11.al2023
  java17 java17.al2023 java21 java25 java8 java8.al2 java8.al2023 nodejs nodejs10.x nodejs12.x nodejs14.x nodejs16.x
  nodejs18.x nodejs20.x nodejs22.x nodejs24.x nodejs26.x nodejs4.3 nodejs4.3-edge nodejs6.10 nodejs8.10 provided
  provided.al2 provided.al2023 python2.7 python3.10 python3.11 python3.12 python3.13 python3.14 python3.15 python3.6
  python3.7 python3.8 python3.9 ruby2.5 ruby2.7 ruby3.2 ruby3.3 ruby3.4 ruby4.0`.split(/\s+/);

const LAYER = '/2018-10-31/layers/([^/]+)';
const ROUTES = [
  { method: 'POST', path: `${LAYER}/versions`, operation: 'PublishLayerVersion', params: ['layerName'] },
  { method: 'GET', path: `${LAYER}/versions`, operation: 'ListLayerVersions', params: ['layerName'] },
  { method: 'GET', path: `${LAYER}/versions/([^/]+)`, operation: 'GetLayerVersion', params: ['layerName', 'versionNumber'] },
  { method: 'DELETE', path: `${LAYER}/versions/([^/]+)`, operation: 'DeleteLayerVersion', params: ['layerName', 'versionNumber'] },
  { method: 'POST', path: `${LAYER}/versions/([^/]+)/policy`, operation: 'AddLayerVersionPermission', params: ['layerName', 'versionNumber'] },
  { method: 'GET', path: `${LAYER}/versions/([^/]+)/policy`, operation: 'GetLayerVersionPolicy', params: ['layerName', 'versionNumber'] },
  { method: 'DELETE', path: `${LAYER}/versions/([^/]+)/policy/([^/]+)`, operation: 'RemoveLayerVersionPermission', params: ['layerName', 'versionNumber', 'statementId'] },
  { method: 'GET', path: '/2018-10-31/layers/?', operation: 'ListLayers', params: [] },
  { method: 'GET', path: '/snapshots/(\\d{12})/([^/]+)', operation: ARCHIVE_OPERATION, params: ['accountId', 'archiveKey'] },
].map((route) => ({ ...route, regex: new RegExp(`^${route.path}$`) }));

/** An error answered in Lambda's REST-JSON shape; `messageKey` follows the casing of the service model. */
class LambdaError extends Error {
  constructor(status, type, message, { fault = 'User', messageKey = 'message', headers = {}, fields = {} } = {}) {
    super(message);
    Object.assign(this, { status, type, fault, messageKey, headers, fields });
  }
}

const notFound = (message = NOT_FOUND_MESSAGE) => new LambdaError(404, 'ResourceNotFoundException', message, { messageKey: 'Message' });
const invalidParameter = (message) => new LambdaError(400, 'InvalidParameterValueException', message);
const invalidRequestContent = (detail) => new LambdaError(400, 'InvalidRequestContentException', `Could not parse request body into json: ${detail}`);
const conflict = (message) => new LambdaError(409, 'ResourceConflictException', message);
const preconditionFailed = () =>
  new LambdaError(412, 'PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetLayerVersionPolicy API to retrieve the latest Revision Id');
const requestTooLarge = (operation, limit) =>
  new LambdaError(413, 'RequestEntityTooLargeException', `Request must be smaller than ${limit} bytes for the ${operation} operation`);
const throttled = (retryAfterSeconds) =>
  new LambdaError(429, 'TooManyRequestsException', 'Rate exceeded', {
    headers: { 'Retry-After': String(retryAfterSeconds) },
    fields: { Reason: 'CallerRateLimitExceeded' },
  });
const serviceError = (message = 'The Lambda service encountered an internal error.') =>
  new LambdaError(500, 'ServiceException', message, { fault: 'Service', messageKey: 'Message' });
const unknownOperation = (method, path) => new LambdaError(404, 'UnknownOperationException', `Unknown operation: ${method} ${path}`);
const missingAuthentication = () => new LambdaError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
const incompleteSignature = () =>
  new LambdaError(403, 'IncompleteSignatureException', 'Authorization header requires a SigV4 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders and Signature.');
const wrongService = () => new LambdaError(403, 'InvalidSignatureException', "Credential should be scoped to correct service: 'lambda'.");

/** @param {string[]} violations */
function validationError(violations) {
  const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
  return new LambdaError(400, 'ValidationException', `${count} detected: ${violations.join('; ')}`);
}

/** @param {Array<string | undefined>} candidates */
function throwIfViolations(candidates) {
  const violations = candidates.filter((candidate) => candidate !== undefined);
  if (violations.length > 0) throw validationError(violations);
}

const matchesFully = (source, value) => new RegExp(`^(?:${source})$`).test(value);
const constraintViolation = (field, value, constraint) =>
  `Value ${value === undefined ? 'null' : `'${value}'`} at '${field}' failed to satisfy constraint: Member must ${constraint}`;

const requiredViolation = (field, value) => (value === undefined ? constraintViolation(field, undefined, 'not be null') : undefined);

function patternViolation(field, value, source) {
  if (value === undefined || matchesFully(source, value)) return undefined;
  return constraintViolation(field, value, `satisfy regular expression pattern: ${source}`);
}

function lengthViolation(field, value, min, max) {
  if (value === undefined) return undefined;
  if (value.length < min) return constraintViolation(field, value, `have length greater than or equal to ${min}`);
  if (value.length > max) return constraintViolation(field, value, `have length less than or equal to ${max}`);
  return undefined;
}

function enumViolation(field, value, allowed) {
  if (value === undefined || allowed.includes(value)) return undefined;
  return constraintViolation(field, value, `satisfy enum value set: [${allowed.join(', ')}]`);
}

function listViolation(field, values, max, allowed) {
  if (values.length > max) return constraintViolation(field, `[${values.join(', ')}]`, `have length less than or equal to ${max}`);
  const invalid = values.filter((value) => !allowed.includes(value));
  if (invalid.length === 0) return undefined;
  return constraintViolation(field, `[${values.join(', ')}]`, `satisfy constraint: [Member must satisfy enum value set: [${allowed.join(', ')}]]`);
}

const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalString(source, key) {
  const value = source[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequestContent(`${key} must be a string`);
  return value;
}

function optionalStringList(source, key) {
  const value = source[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalidRequestContent(`${key} must be a list of strings`);
  }
  return [...value];
}

/** Runs `operation`; when it throws, throws `toError(thrown)` instead. */
function attempt(operation, toError) {
  try {
    return operation();
  } catch (error) {
    throw toError(error);
  }
}

function parseJsonObject(raw) {
  if (raw.length === 0) return {};
  const parsed = attempt(() => JSON.parse(raw.toString('utf8')), (error) => invalidRequestContent(error.message));
  if (!isPlainObject(parsed)) throw invalidRequestContent('the request body must be a JSON object');
  return parsed;
}

const partitionOf = (region) => (region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');
const layerArnOf = (region, accountId, name) => `arn:${partitionOf(region)}:lambda:${region}:${accountId}:layer:${name}`;
const lambdaTimestamp = (date) => date.toISOString().replace('Z', '+0000');
const sha256Base64 = (buffer) => createHash('sha256').update(buffer).digest('base64');
const encodeMarker = (key) => Buffer.from(String(key), 'utf8').toString('base64url');
const decodeMarker = (marker) => Buffer.from(marker, 'base64url').toString('utf8');

/** @param {string | undefined} header */
function parseAuthorization(header) {
  if (header === undefined || header === '') return { error: missingAuthentication() };
  const match = SIGV4_AUTHORIZATION.exec(header);
  if (!match) return { error: incompleteSignature() };
  const [, , , region, service] = match;
  if (service !== 'lambda') return { region, error: wrongService() };
  return { region };
}

function matchRoute(method, pathname, query) {
  for (const route of ROUTES) {
    const match = route.regex.exec(pathname);
    if (!match || route.method !== method) continue;
    const params = Object.fromEntries(route.params.map((name, index) => [name, decodePathSegment(match[index + 1])]));
    const operation = route.operation === 'ListLayers' && query.find === 'LayerVersion' ? 'GetLayerVersionByArn' : route.operation;
    return { operation, params };
  }
  return { operation: UNKNOWN_OPERATION, params: {} };
}

function parseRequestUrl(raw) {
  try { return new URL(`http://loopback${raw}`); } catch { return new URL('http://loopback/unparsable-request-target'); }
}

function decodePathSegment(segment) {
  try { return decodeURIComponent(segment); } catch { return segment; }
}

/** Reads the whole body; past `limit` bytes it keeps draining so the client can still read the error response. */
function readBody(request, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on('end', () => resolve({ buffer: size <= limit ? Buffer.concat(chunks) : Buffer.alloc(0), tooLarge: size > limit }));
    request.on('error', reject);
    request.on('close', () => reject(new Error('request aborted before the body was complete')));
  });
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

function parseVersionNumber(raw) {
  if (!/^\d{1,15}$/.test(raw)) throw invalidParameter(`Invalid version number: ${raw}`);
  return Number(raw);
}

function readMaxItems(raw) {
  if (raw === undefined) return MAX_LIST_ITEMS;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw invalidParameter(`Invalid MaxItems: ${raw}`);
  throwIfViolations([
    value < 1 ? constraintViolation('maxItems', raw, 'have value greater than or equal to 1') : undefined,
    value > MAX_LIST_ITEMS ? constraintViolation('maxItems', raw, `have value less than or equal to ${MAX_LIST_ITEMS}`) : undefined,
  ]);
  return value;
}

function paginate(items, query, keyOf) {
  const maxItems = readMaxItems(query.MaxItems);
  let start = 0;
  if (query.Marker !== undefined) {
    const key = decodeMarker(query.Marker);
    start = items.findIndex((item) => String(keyOf(item)) === key);
    if (start < 0) throw invalidParameter('Invalid pagination marker');
  }
  const next = items[start + maxItems];
  return { page: items.slice(start, start + maxItems), nextMarker: next === undefined ? undefined : encodeMarker(keyOf(next)) };
}

const isEmpty = (value) => value === undefined || (Array.isArray(value) && value.length === 0);
const withoutEmpty = (object) => Object.fromEntries(Object.entries(object).filter(([, value]) => !isEmpty(value)));

function toPrincipal(principal, partition) {
  if (principal === '*') return '*';
  return { AWS: /^\d{12}$/.test(principal) ? `arn:${partition}:iam::${principal}:root` : principal };
}

/** Layer versions per region and name; version numbers keep increasing after deletes, as in Lambda. */
function createLayerStore(accountId) {
  /** @type {Map<string, Map<string, { nextVersion: number, versions: Map<number, any> }>>} */
  const regions = new Map();
  const archives = new Map();
  const findLayer = (region, name) => regions.get(region)?.get(name);
  const findVersion = (region, name, version) => findLayer(region, name)?.versions.get(version);

  function layerFor(region, name) {
    if (!regions.has(region)) regions.set(region, new Map());
    const layers = regions.get(region);
    if (!layers.has(name)) layers.set(name, { nextVersion: 1, versions: new Map() });
    return layers.get(name);
  }

  function append(region, name, fields) {
    const layer = layerFor(region, name);
    const version = layer.nextVersion++;
    const layerArn = layerArnOf(region, accountId, name);
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
      policy: { statements: [], revisionId: randomUUID() },
    };
    layer.versions.set(version, record);
    archives.set(record.archiveKey, record);
    return record;
  }

  function remove(region, name, version) {
    const record = findVersion(region, name, version);
    if (!record) return;
    findLayer(region, name).versions.delete(version);
    archives.delete(record.archiveKey);
  }

  return {
    accountId,
    findVersion,
    append,
    remove,
    versionsOf: (region, name) => [...(findLayer(region, name)?.versions.values() ?? [])].sort((a, b) => a.version - b.version),
    layerNames: (region) => [...(regions.get(region)?.keys() ?? [])].sort(),
    archive: (key) => archives.get(key),
    regionNames: () => [...regions.keys()].sort(),
    clear: () => {
      regions.clear();
      archives.clear();
    },
  };
}

function toStoredLayerVersion(record) {
  const { archiveKey, archiveVersionId, policy, compatibleRuntimes, compatibleArchitectures, ...stored } = record;
  return { ...stored, compatibleRuntimes: [...compatibleRuntimes], compatibleArchitectures: [...compatibleArchitectures] };
}

function layerVersionListItem(record) {
  return withoutEmpty({
    LayerVersionArn: record.layerVersionArn,
    Version: record.version,
    Description: record.description,
    CreatedDate: record.createdDate,
    CompatibleRuntimes: record.compatibleRuntimes,
    LicenseInfo: record.licenseInfo,
    CompatibleArchitectures: record.compatibleArchitectures,
  });
}

/** Location points back at this server, standing in for Lambda's presigned S3 URL. */
function layerVersionResponse(record, context) {
  const location = `${context.baseUrl}/snapshots/${context.store.accountId}/${record.archiveKey}?versionId=${record.archiveVersionId}`;
  const content = { Location: location, CodeSha256: record.codeSha256, CodeSize: record.codeSize };
  return { Content: content, LayerArn: record.layerArn, ...layerVersionListItem(record) };
}

/** Accepts a layer name or a layer ARN of this region and account; returns the bare name. */
function resolveLayerName(raw, context) {
  throwIfViolations([lengthViolation('layerName', raw, 1, 140), patternViolation('layerName', raw, PATTERNS.layerName)]);
  const arn = LAYER_ARN.exec(raw);
  if (!arn) return raw;
  if (arn[1] !== context.region || arn[2] !== context.store.accountId) throw notFound();
  return arn[3];
}

function requireLayerVersion(context) {
  const name = resolveLayerName(context.params.layerName, context);
  const version = parseVersionNumber(context.params.versionNumber);
  const record = context.store.findVersion(context.region, name, version);
  if (!record) throw notFound();
  return record;
}

function assertValidZip(zip) {
  const entries = attempt(() => new AdmZip(zip).getEntries(), () => invalidParameter(UNZIP_FAILURE_MESSAGE));
  const unzippedSize = entries.reduce((total, entry) => total + entry.header.size, 0);
  if (unzippedSize > MAX_UNZIPPED_BYTES) throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
}

async function readLayerArchive(content, context) {
  if (!isPlainObject(content)) throw invalidRequestContent('Content must be an object');
  const zipFile = optionalString(content, 'ZipFile');
  const bucket = optionalString(content, 'S3Bucket');
  const key = optionalString(content, 'S3Key');
  const objectVersion = optionalString(content, 'S3ObjectVersion');
  if (zipFile !== undefined && (bucket !== undefined || key !== undefined)) {
    throw invalidParameter('Please do not provide other LayerVersionContentInput properties when providing a ZipFile');
  }
  const zip = zipFile !== undefined ? decodeZipFile(zipFile, context) : await fetchS3Object(bucket, key, objectVersion, context);
  assertValidZip(zip);
  return zip;
}

function decodeZipFile(zipFile, context) {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(zipFile) || zipFile.length % 4 !== 0) {
    throw invalidRequestContent('ZipFile is not valid base64');
  }
  const zip = Buffer.from(zipFile, 'base64');
  if (zip.length > context.options.maxZipBytes) throw requestTooLarge(context.operation, context.options.maxRequestBytes);
  return zip;
}

async function fetchS3Object(bucket, key, objectVersion, context) {
  if (bucket === undefined || key === undefined) throw invalidParameter('Please provide a source for layer code: ZipFile, or S3Bucket and S3Key.');
  const getter = context.options.s3Objects;
  const object = getter ? await getter(bucket, key, objectVersion) : undefined;
  if (object === undefined || object === null) {
    const reason = getter
      ? 'S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.'
      : 'S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist (no s3Objects hook configured on the loopback server).';
    throw invalidParameter(`Error occurred while GetObject. ${reason}`);
  }
  return Buffer.isBuffer(object) ? object : Buffer.from(object);
}

async function publishLayerVersion(context) {
  const name = resolveLayerName(context.params.layerName, context);
  const body = context.body;
  const description = optionalString(body, 'Description');
  const licenseInfo = optionalString(body, 'LicenseInfo');
  const compatibleRuntimes = optionalStringList(body, 'CompatibleRuntimes');
  const compatibleArchitectures = optionalStringList(body, 'CompatibleArchitectures');
  throwIfViolations([
    requiredViolation('content', body.Content ?? undefined),
    lengthViolation('description', description, 0, 256),
    lengthViolation('licenseInfo', licenseInfo, 0, 512),
    listViolation('compatibleRuntimes', compatibleRuntimes, 15, RUNTIMES),
    listViolation('compatibleArchitectures', compatibleArchitectures, 2, ARCHITECTURES),
  ]);
  const zip = await readLayerArchive(body.Content, context);
  const fields = { zip, description, licenseInfo, compatibleRuntimes, compatibleArchitectures };
  const record = context.store.append(context.region, name, fields);
  return { status: 201, body: layerVersionResponse(record, context) };
}

function getLayerVersion(context) {
  return { status: 200, body: layerVersionResponse(requireLayerVersion(context), context) };
}

function getLayerVersionByArn(context) {
  const arn = context.query.Arn;
  throwIfViolations([requiredViolation('arn', arn), lengthViolation('arn', arn, 1, 140), patternViolation('arn', arn, PATTERNS.layerVersionArn)]);
  const [, region, accountId, name, version] = LAYER_ARN.exec(arn);
  const record = region === context.region && accountId === context.store.accountId
    ? context.store.findVersion(region, name, Number(version))
    : undefined;
  if (!record) throw notFound();
  return { status: 200, body: layerVersionResponse(record, context) };
}

function readListFilters(query) {
  const runtime = query.CompatibleRuntime;
  const architecture = query.CompatibleArchitecture;
  throwIfViolations([
    enumViolation('compatibleRuntime', runtime, RUNTIMES),
    enumViolation('compatibleArchitecture', architecture, ARCHITECTURES),
  ]);
  return (record) =>
    (runtime === undefined || record.compatibleRuntimes.includes(runtime)) &&
    (architecture === undefined || record.compatibleArchitectures.includes(architecture));
}

function listLayerVersions(context) {
  const name = resolveLayerName(context.params.layerName, context);
  const matches = readListFilters(context.query);
  const newestFirst = context.store.versionsOf(context.region, name).filter(matches).reverse();
  const { page, nextMarker } = paginate(newestFirst, context.query, (record) => record.version);
  return { status: 200, body: { ...(nextMarker && { NextMarker: nextMarker }), LayerVersions: page.map(layerVersionListItem) } };
}

function listLayers(context) {
  const matches = readListFilters(context.query);
  const layers = context.store
    .layerNames(context.region)
    .map((name) => context.store.versionsOf(context.region, name).filter(matches).at(-1))
    .filter((latest) => latest !== undefined);
  const { page, nextMarker } = paginate(layers, context.query, (record) => record.layerName);
  const items = page.map((latest) => ({
    LayerName: latest.layerName,
    LayerArn: latest.layerArn,
    LatestMatchingVersion: layerVersionListItem(latest),
  }));
  return { status: 200, body: { ...(nextMarker && { NextMarker: nextMarker }), Layers: items } };
}

function deleteLayerVersion(context) {
  const name = resolveLayerName(context.params.layerName, context);
  context.store.remove(context.region, name, parseVersionNumber(context.params.versionNumber));
  return { status: 204 };
}

function assertRevision(policy, revisionId) {
  if (revisionId !== undefined && revisionId !== policy.revisionId) throw preconditionFailed();
}

function addLayerVersionPermission(context) {
  const body = context.body;
  const statementId = optionalString(body, 'StatementId');
  const action = optionalString(body, 'Action');
  const principal = optionalString(body, 'Principal');
  const organizationId = optionalString(body, 'OrganizationId');
  resolveLayerName(context.params.layerName, context);
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
    patternViolation('organizationId', organizationId, PATTERNS.organizationId),
  ]);
  if (organizationId !== undefined && principal !== '*') {
    throw invalidParameter('OrganizationId can only be specified when Principal is *.');
  }
  const record = requireLayerVersion(context);
  assertRevision(record.policy, context.query.RevisionId);
  if (record.policy.statements.some((statement) => statement.Sid === statementId)) {
    throw conflict(`The statement id (${statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const statement = {
    Sid: statementId,
    Effect: 'Allow',
    Principal: toPrincipal(principal, partitionOf(context.region)),
    Action: action,
    Resource: record.layerVersionArn,
    ...(organizationId === undefined ? {} : { Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId } } }),
  };
  record.policy.statements.push(statement);
  record.policy.revisionId = randomUUID();
  return { status: 201, body: { Statement: JSON.stringify(statement), RevisionId: record.policy.revisionId } };
}

function getLayerVersionPolicy(context) {
  const { policy } = requireLayerVersion(context);
  if (policy.statements.length === 0) throw notFound('No policy is associated with the given resource.');
  const document = { Version: '2012-10-17', Id: 'default', Statement: policy.statements };
  return { status: 200, body: { Policy: JSON.stringify(document), RevisionId: policy.revisionId } };
}

function removeLayerVersionPermission(context) {
  const statementId = context.params.statementId;
  throwIfViolations([
    lengthViolation('statementId', statementId, 1, 100),
    patternViolation('statementId', statementId, PATTERNS.statementId),
  ]);
  const { policy } = requireLayerVersion(context);
  assertRevision(policy, context.query.RevisionId);
  const index = policy.statements.findIndex((statement) => statement.Sid === statementId);
  if (index < 0) throw notFound(`Statement ${statementId} is not found in resource policy.`);
  policy.statements.splice(index, 1);
  policy.revisionId = randomUUID();
  return { status: 204 };
}

const HANDLERS = {
  PublishLayerVersion: publishLayerVersion,
  GetLayerVersion: getLayerVersion,
  GetLayerVersionByArn: getLayerVersionByArn,
  ListLayerVersions: listLayerVersions,
  ListLayers: listLayers,
  DeleteLayerVersion: deleteLayerVersion,
  AddLayerVersionPermission: addLayerVersionPermission,
  GetLayerVersionPolicy: getLayerVersionPolicy,
  RemoveLayerVersionPermission: removeLayerVersionPermission,
};

function createFaultInjector(initialFaults) {
  const faults = new Map(Object.entries(initialFaults ?? {}).map(([region, value]) => [region, { ...value }]));
  /** Requests that reached fault injection per region since its faults were set, for throttleEvery. */
  const requestCounts = new Map();
  return {
    set: (region, value) => {
      faults.set(region, { ...value });
      requestCounts.delete(region);
    },
    get: (region) => ({ ...(faults.get(region) ?? {}) }),
    clear: () => {
      faults.clear();
      requestCounts.clear();
    },
    isDown: (region) => faults.get(region)?.down === true,
    latencyOf: (region) => faults.get(region)?.latencyMs ?? 0,
    /** Consumes one pending throttle or server error for the region and returns it as an error. */
    takeError(region, headers) {
      const current = faults.get(region);
      if (!current) return undefined;
      if (current.rejectMessage !== undefined) {
        return invalidParameter(current.rejectMessage.replace('{headers}', JSON.stringify(headers)));
      }
      const seen = (requestCounts.get(region) ?? 0) + 1;
      requestCounts.set(region, seen);
      if ((current.throttleEvery ?? 0) > 0 && (seen - 1) % current.throttleEvery === 0) {
        return throttled(current.retryAfterSeconds ?? 1);
      }
      if ((current.throttles ?? 0) > 0) {
        current.throttles -= 1;
        return throttled(current.retryAfterSeconds ?? 1);
      }
      if ((current.serverErrors ?? 0) > 0) {
        current.serverErrors -= 1;
        return serviceError();
      }
      return undefined;
    },
    takeDroppedPublish(region) {
      const current = faults.get(region);
      if (!current || (current.dropResponseAfterPublish ?? 0) <= 0) return false;
      current.dropResponseAfterPublish -= 1;
      return true;
    },
  };
}

function respond(response, entry, status, payload, headers) {
  entry.status = status;
  if (response.destroyed || response.headersSent) return;
  const body = payload === undefined ? undefined : Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
  const allHeaders = { 'Content-Type': 'application/json', ...headers };
  if (body !== undefined) allHeaders['Content-Length'] = String(body.length);
  response.writeHead(status, allHeaders);
  response.end(body);
}

function respondWithError(response, entry, error, requestId) {
  const lambdaError = error instanceof LambdaError ? error : serviceError(error instanceof Error ? error.message : String(error));
  const payload = { Type: lambdaError.fault, [lambdaError.messageKey]: lambdaError.message, ...lambdaError.fields };
  respond(response, entry, lambdaError.status, payload, {
    'x-amzn-RequestId': requestId,
    'x-amzn-ErrorType': lambdaError.type,
    ...lambdaError.headers,
  });
}

function dropConnection(request, entry) {
  entry.status = 0;
  request.socket.destroy();
}

function serveArchive(response, entry, params, store, requestId) {
  const record = params.accountId === store.accountId ? store.archive(params.archiveKey) : undefined;
  if (!record) throw notFound();
  respond(response, entry, 200, record.zip, { 'Content-Type': 'application/zip', 'x-amzn-RequestId': requestId });
}

/** @param {import('./lambda-api-server.js').LambdaApiServerOptions} [userOptions] */
export async function startLambdaApiServer(userOptions = {}) {
  const options = {
    ...userOptions,
    maxRequestBytes: userOptions.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    maxZipBytes: userOptions.maxZipBytes ?? DEFAULT_MAX_ZIP_BYTES,
  };
  const store = createLayerStore(options.accountId ?? DEFAULT_ACCOUNT_ID);
  const faults = createFaultInjector(options.faults);
  /** @type {import('./lambda-api-server.js').RecordedRequest[]} */
  const requests = [];
  let baseUrl = '';
  /** @type {Promise<void> | undefined} */
  let closing;

  async function handle(request, response) {
    const requestId = randomUUID();
    const url = parseRequestUrl(request.url ?? '/');
    const query = Object.fromEntries(url.searchParams);
    const method = request.method ?? 'GET';
    const { operation, params } = matchRoute(method, url.pathname, query);
    const auth = parseAuthorization(request.headers.authorization);
    const entry = { method, path: url.pathname, query, region: auth.region, operation, status: 0, time: Date.now() };
    if (params.layerName !== undefined) entry.layerName = params.layerName;
    requests.push(entry);
    try {
      if (operation === ARCHIVE_OPERATION) return serveArchive(response, entry, params, store, requestId);
      if (auth.region !== undefined && faults.isDown(auth.region)) return dropConnection(request, entry);
      const { buffer, tooLarge } = await readBody(request, options.maxRequestBytes);
      if (operation === UNKNOWN_OPERATION) throw unknownOperation(method, url.pathname);
      if (auth.error) throw auth.error;
      const latency = faults.latencyOf(auth.region);
      if (latency > 0) await delay(latency);
      const injected = faults.takeError(auth.region, request.headers);
      if (injected) throw injected;
      if (tooLarge) throw requestTooLarge(operation, options.maxRequestBytes);
      const body = method === 'POST' ? parseJsonObject(buffer) : {};
      const context = { operation, params, query, body, region: auth.region, store, options, baseUrl };
      const result = await HANDLERS[operation](context);
      if (operation === 'PublishLayerVersion' && faults.takeDroppedPublish(auth.region)) return dropConnection(request, entry);
      respond(response, entry, result.status, result.body, { 'x-amzn-RequestId': requestId });
    } catch (error) {
      respondWithError(response, entry, error, requestId);
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => respondWithError(response, { status: 0 }, error, randomUUID()));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const publicHost = ['0.0.0.0', '::'].includes(address.address) ? '127.0.0.1' : address.address;
  baseUrl = `http://${address.family === 'IPv6' && publicHost !== '127.0.0.1' ? `[${publicHost}]` : publicHost}:${address.port}`;

  return {
    url: baseUrl,
    requests,
    layerVersions: (region, layerName) => store.versionsOf(region, layerName).map(toStoredLayerVersion),
    policy: (region, layerName, version) => structuredClone(store.findVersion(region, layerName, version)?.policy.statements ?? []),
    regions: () => store.regionNames(),
    setRegionFaults: (region, value) => faults.set(region, value),
    regionFaults: (region) => faults.get(region),
    reset() {
      store.clear();
      faults.clear();
      requests.length = 0;
    },
    close() {
      closing ??= new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve(undefined)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
