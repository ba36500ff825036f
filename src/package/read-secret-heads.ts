import { needsContentCheck } from './secret-files.js'
import type { LayerFileSource } from './file-sources.js'

const HEAD_BYTES = 8192

/** The first bytes, as text, of the files whose names need a content check for secrets. */
export async function readSecretHeads(files: LayerFileSource[]): Promise<Map<string, string>> {
  const heads = new Map<string, string>()
  for (const file of files) {
    if (needsContentCheck(file.path)) heads.set(file.path, (await file.head(HEAD_BYTES)).toString('latin1'))
  }
  return heads
}
