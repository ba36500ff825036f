import { Input } from './action-io.js'
import { InputError, quote } from './errors.js'

/**
 * S3's naming rules for general purpose buckets (Amazon S3 User Guide, "General purpose bucket
 * naming rules"): why a name is refused, or undefined when S3 accepts it.
 */

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-']
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']

const BUCKET_FORMS =
  'expected 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, e.g. layers-{region}-123456789012'

export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters long`
  if (!/^[a-z0-9.-]+$/.test(name)) return 'has a character other than lowercase letters, digits, dots and hyphens'
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'does not start and end with a letter or digit'
  if (name.includes('..')) return 'has two adjacent dots'
  if (/-\.|\.-/.test(name)) return 'has a dot next to a hyphen, which is not a valid host name for the bucket'
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'is formatted as an IP address'
  const prefix = RESERVED_PREFIXES.find(reserved => name.startsWith(reserved))
  if (prefix) return `starts with ${prefix}, a prefix S3 reserves`
  const suffix = RESERVED_SUFFIXES.find(reserved => name.endsWith(reserved))
  if (suffix) return `ends with ${suffix}, a suffix S3 reserves for access points, directory and table buckets`
  return undefined
}

/** The s3-bucket input error for a bucket name S3 refuses, naming the rule it breaks. */
export function bucketNameError(bucket: string): InputError | undefined {
  const problem = bucketNameProblem(bucket)
  if (problem === undefined) return undefined
  return new InputError(Input.S3Bucket, `${quote(bucket)} is not a bucket name; ${BUCKET_FORMS}; it ${problem}.`)
}
