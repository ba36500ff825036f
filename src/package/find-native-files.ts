import { inspectNativeBinary, looksNative, type NativeFile } from './native-binary.js'
import type { LayerFileSource } from './file-sources.js'

const MAGIC_BYTES = 64

/** Reads the start of every file and inspects the ones that are native code. */
export async function findNativeFiles(files: LayerFileSource[]): Promise<NativeFile[]> {
  const found: NativeFile[] = []
  for (const file of files) {
    if (file.size < 4) continue
    if (!looksNative(await file.head(MAGIC_BYTES))) continue
    const binary = inspectNativeBinary(await file.read())
    if (binary) found.push({ path: file.path, binary })
  }
  return found
}
