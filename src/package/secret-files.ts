/** Pure rules for files that must never end up in a layer: credentials, keys, VCS metadata. */

/** Folders whose whole content is private, wherever they sit. */
const SECRET_FOLDERS = ['.aws', '.ssh', '.git', '.gnupg']

/** Config files that are only secret when they carry a credential. */
const CREDENTIAL_PATTERNS: Record<string, RegExp> = {
  '.npmrc': /(_authToken|_auth|_password)\s*=/,
  '.pypirc': /^\s*password\s*[:=]/m,
  '.netrc': /\bpassword\s+\S/
}

const PRIVATE_KEY =
  /-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----|^PuTTY-User-Key-File-\d+:/m
const KEY_FILE_NAME = /^(id_(rsa|dsa|ecdsa|ed25519)|.*\.(pem|key|p8|ppk))$/

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/** True when a file's name means its first bytes must be read to tell whether it holds a secret. */
export function needsContentCheck(path: string): boolean {
  const name = baseName(path)
  return name in CREDENTIAL_PATTERNS || KEY_FILE_NAME.test(name)
}

/**
 * Why the entry at path is a secret that must not be packed, or undefined. `head` is the start
 * of the file's content, given for the names needsContentCheck selects.
 */
export function secretReason(path: string, type: 'file' | 'directory' | 'symlink', head?: string): string | undefined {
  const parts = path.split('/')
  const folder = parts.find(
    (part, index) => SECRET_FOLDERS.includes(part) && (index < parts.length - 1 || type === 'directory')
  )
  if (folder) return `${folder}/ holds credentials or repository metadata`
  if (type === 'directory') return undefined
  const name = baseName(path)
  if (name.startsWith('.env')) return 'environment file (.env*) may hold secrets'
  const credential = CREDENTIAL_PATTERNS[name]
  if (credential && head !== undefined && credential.test(head)) return `${name} holds a credential`
  if (KEY_FILE_NAME.test(name) && head !== undefined && PRIVATE_KEY.test(head)) return 'holds a private key'
  return undefined
}
