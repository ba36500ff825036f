// Loopback STS (Query protocol, version 2011-06-15): GetCallerIdentity, answered in XML with the server's
// account and an ARN in the partition of the region the request was signed for, as STS does.
import { partitionOf } from './partition.js'

const VERSION = '2011-06-15'
const NAMESPACE = `https://sts.amazonaws.com/doc/${VERSION}/`
const ROLE = 'loopback-publisher'
const SESSION = 'loopback-session'

/** An error in STS's Query shape: <ErrorResponse><Error><Type/><Code/><Message/></Error>... */
export class StsError extends Error {
  constructor(code, message, status = 400, type = 'Sender') {
    super(message)
    Object.assign(this, { code, status, type })
  }
}

/** Known refusals a test may ask for, with the status and message STS answers them with. */
const REFUSALS = {
  InvalidClientTokenId: [403, 'The security token included in the request is invalid.'],
  ExpiredToken: [400, 'The security token included in the request is expired'],
  SignatureDoesNotMatch: [
    403,
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.'
  ]
}

/** What GetCallerIdentity answers: the default identity, or one a test set (other ARN, account, or a refusal). */
export function createStsState(accountId) {
  let identity
  return {
    accountId,
    /** @param {{ account?: string, arn?: string, refuse?: string } | undefined} value */
    set: value => (identity = value === undefined ? undefined : { ...value }),
    get: () => identity,
    clear: () => (identity = undefined)
  }
}

const escapeXml = text =>
  String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function xml(root, inner) {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NAMESPACE}">${inner}</${root}>\n`)
}

function getCallerIdentity(state, region, requestId) {
  const chosen = state.get() ?? {}
  if (chosen.refuse !== undefined) {
    const [status, message] = REFUSALS[chosen.refuse] ?? [403, `${chosen.refuse} (loopback refusal)`]
    throw new StsError(chosen.refuse, message, status)
  }
  const account = chosen.account ?? state.accountId
  const arn = chosen.arn ?? `arn:${partitionOf(region)}:sts::${account}:assumed-role/${ROLE}/${SESSION}`
  return xml(
    'GetCallerIdentityResponse',
    `<GetCallerIdentityResult><Arn>${escapeXml(arn)}</Arn><UserId>AROALOOPBACKEXAMPLE:${SESSION}</UserId>` +
      `<Account>${escapeXml(account)}</Account></GetCallerIdentityResult>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`
  )
}

/** Answers one STS call (a form-encoded POST): { status, body, headers }, errors included. */
export function handleSts(state, { region, body, requestId }) {
  const headers = { 'x-amzn-RequestId': requestId, 'Content-Type': 'text/xml' }
  const params = new URLSearchParams(body.toString('utf8'))
  const action = params.get('Action') ?? 'UnknownOperation'
  try {
    if (params.get('Version') !== VERSION)
      throw new StsError('InvalidParameterValue', `Version ${params.get('Version')} is not supported`)
    if (action !== 'GetCallerIdentity')
      throw new StsError('InvalidAction', `Could not find operation ${action} for version ${VERSION}`)
    return { status: 200, body: getCallerIdentity(state, region, requestId), headers, operation: action }
  } catch (error) {
    const stsError = error instanceof StsError ? error : new StsError('InternalFailure', String(error), 500, 'Receiver')
    const inner =
      `<Error><Type>${stsError.type}</Type><Code>${stsError.code}</Code><Message>${escapeXml(stsError.message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId>`
    return { status: stsError.status, body: xml('ErrorResponse', inner), headers, operation: action }
  }
}
