// Loopback AWS Account Management (REST-JSON, version 2021-02-01): ListRegions (POST /listRegions) with the
// RegionOptStatusContains filter and NextToken pages, listing the regions of the partition the request was
// signed for. Pages hold at most 10 regions unless MaxResults asks for fewer, so clients must paginate.
import { partitionOf } from './partition.js'

const STATUSES = ['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT']
const PAGE_SIZE = 10
const MAX_RESULTS = 50

const byDefault = names => names.map(name => ({ name, status: 'ENABLED_BY_DEFAULT' }))
const optIn = names => names.map(name => ({ name, status: 'DISABLED' }))

/** A fresh account: the regions every account has, and the opt-in ones not enabled. */
export const DEFAULT_ACCOUNT_REGIONS = [
  ...byDefault(['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1']),
  ...byDefault(['eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1']),
  ...byDefault([
    'ap-south-1',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-southeast-1',
    'ap-southeast-2'
  ]),
  ...optIn(['af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5']),
  ...optIn(['ca-west-1', 'eu-south-1', 'eu-south-2', 'eu-central-2', 'il-central-1', 'me-central-1', 'me-south-1']),
  ...byDefault(['cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'us-gov-east-1'])
]

export class AccountError extends Error {
  constructor(status, type, message) {
    super(message)
    Object.assign(this, { status, type })
  }
}

const validation = message => new AccountError(400, 'ValidationException', message)

/** The account's regions and opt-in statuses; a test may replace them or make ListRegions fail. */
export function createAccountState() {
  let regions = DEFAULT_ACCOUNT_REGIONS
  let failure
  return {
    /** @param {Array<{ name: string, status: string }>} value */
    setRegions: value => (regions = value.map(region => ({ ...region }))),
    /** @param {{ status: number, type: string, message: string } | undefined} value */
    setFailure: value => (failure = value),
    regions: () => regions,
    failure: () => failure,
    clear() {
      regions = DEFAULT_ACCOUNT_REGIONS
      failure = undefined
    }
  }
}

function listRegions(state, region, body) {
  const failure = state.failure()
  if (failure) throw new AccountError(failure.status, failure.type, failure.message)
  const wanted = body.RegionOptStatusContains
  if (wanted !== undefined && (!Array.isArray(wanted) || wanted.some(status => !STATUSES.includes(status))))
    throw validation(`RegionOptStatusContains must hold values of ${STATUSES.join(', ')}`)
  const max = body.MaxResults ?? PAGE_SIZE
  if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS)
    throw validation(`MaxResults must be between 1 and ${MAX_RESULTS}`)
  const start =
    body.NextToken === undefined ? 0 : Number.parseInt(Buffer.from(body.NextToken, 'base64url').toString(), 10)
  if (!Number.isInteger(start) || start < 0) throw validation('The NextToken is not valid.')
  const listed = state
    .regions()
    .filter(entry => partitionOf(entry.name) === partitionOf(region))
    .filter(entry => wanted === undefined || wanted.includes(entry.status))
  const page = listed.slice(start, start + Math.min(max, PAGE_SIZE))
  const next = start + page.length
  return {
    Regions: page.map(entry => ({ RegionName: entry.name, RegionOptStatus: entry.status })),
    ...(next < listed.length ? { NextToken: Buffer.from(String(next)).toString('base64url') } : {})
  }
}

/** Answers one Account Management call: { status, body, headers, operation }, errors included. */
export function handleAccount(state, { method, path, region, body, requestId }) {
  const operation = method === 'POST' && path === '/listRegions' ? 'ListRegions' : 'UnknownOperation'
  const headers = { 'x-amzn-RequestId': requestId, 'Content-Type': 'application/json' }
  try {
    if (operation !== 'ListRegions') throw new AccountError(404, 'UnknownOperationException', `${method} ${path}`)
    let parsed
    try {
      parsed = body.length === 0 ? {} : JSON.parse(body.toString('utf8'))
    } catch {
      throw new AccountError(400, 'SerializationException', 'Could not parse the request body as JSON.')
    }
    return { status: 200, body: Buffer.from(JSON.stringify(listRegions(state, region, parsed))), headers, operation }
  } catch (error) {
    const failure =
      error instanceof AccountError ? error : new AccountError(500, 'InternalServerException', String(error))
    return {
      status: failure.status,
      body: Buffer.from(JSON.stringify({ message: failure.message })),
      headers: { ...headers, 'x-amzn-ErrorType': failure.type },
      operation
    }
  }
}
