import type { LambdaRuntime } from '../model/runtimes.js'
import { glibcNewerThan, type NativeFile } from '../package/native-binary.js'
import type { Architecture } from '../model/architecture.js'

export type CompatibilityMode = 'error' | 'warn' | 'off'

/** One reason a file in the layer would fail to load on the target runtime. */
export interface CompatibilityFinding {
  path: string
  /** What the file is, e.g. "ELF 64-bit shared object for arm64 (aarch64)". */
  what: string
  /** What the runtime needs instead. */
  needs: string
}

const AMAZON_LINUX_NAME = { AL2: 'Amazon Linux 2', AL2023: 'Amazon Linux 2023' } as const

function architectureFinding(file: NativeFile, architecture: Architecture): CompatibilityFinding | undefined {
  const { binary } = file
  if (binary.format !== 'elf') {
    return {
      path: file.path,
      what: binary.description,
      needs: `Lambda runs Linux: an ${architecture} layer needs ELF code for ${architecture}`
    }
  }
  if (binary.machine !== architecture) {
    return {
      path: file.path,
      what: binary.description,
      needs: `an ${architecture} layer needs ELF code for ${architecture}`
    }
  }
  return undefined
}

function glibcFinding(file: NativeFile, runtime: LambdaRuntime): CompatibilityFinding | undefined {
  const needed = file.binary.maxGlibc
  if (!needed || !glibcNewerThan(needed, runtime.glibc)) return undefined
  return {
    path: file.path,
    what: `${file.binary.description} requiring GLIBC_${needed}`,
    needs: `${runtime.id} runs on ${AMAZON_LINUX_NAME[runtime.amazonLinux]} with glibc ${runtime.glibc}; build against glibc ${runtime.glibc} or older`
  }
}

/** Every native file that the runtime could not load on the target architecture(s). */
export function compatibilityFindings(
  files: NativeFile[],
  runtime: LambdaRuntime,
  architectures: Architecture[]
): CompatibilityFinding[] {
  if (architectures.length > 1) {
    return files.map(file => ({
      path: file.path,
      what: file.binary.description,
      needs: `a layer published for both ${architectures.join(' and ')} must hold no native code; publish one layer per architecture with a matrix`
    }))
  }
  const findings: CompatibilityFinding[] = []
  for (const file of files) {
    const wrongPlatform = architectureFinding(file, architectures[0])
    if (wrongPlatform) {
      findings.push(wrongPlatform)
      continue
    }
    const tooNew = glibcFinding(file, runtime)
    if (tooNew) findings.push(tooNew)
  }
  return findings
}

export function formatFinding(finding: CompatibilityFinding): string {
  return `${finding.path}: ${finding.what}; ${finding.needs}`
}
