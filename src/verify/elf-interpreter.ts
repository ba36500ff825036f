/** The program interpreter (PT_INTERP) an ELF executable asks the kernel for, read from its header. */
import type { Architecture } from '../model/architecture.js'

const PT_INTERP = 3

/**
 * The interpreter path of an ELF file, null when it has none (static or a shared library), or
 * undefined when the bytes are not ELF.
 */
export function elfInterpreter(bytes: Uint8Array): string | null | undefined {
  if (bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46)
    return undefined
  const bits64 = bytes[4] === 2
  const little = bytes[5] !== 2
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const word = (offset: number) => (bits64 ? Number(view.getBigUint64(offset, little)) : view.getUint32(offset, little))
  if (bytes.length < (bits64 ? 64 : 52)) return undefined
  const phoff = word(bits64 ? 0x20 : 0x1c)
  const phentsize = view.getUint16(bits64 ? 0x36 : 0x2a, little)
  const phnum = view.getUint16(bits64 ? 0x38 : 0x2c, little)
  for (let index = 0; index < phnum; index++) {
    const at = phoff + index * phentsize
    if (at + phentsize > bytes.length) return undefined
    if (view.getUint32(at, little) !== PT_INTERP) continue
    const offset = word(at + (bits64 ? 0x08 : 0x04))
    const size = word(at + (bits64 ? 0x20 : 0x10))
    if (offset + size > bytes.length) return undefined
    return Buffer.from(bytes.subarray(offset, offset + size))
      .toString('latin1')
      .replace(/\0+$/, '')
  }
  return null
}

/** The glibc dynamic loaders Amazon Linux has for each architecture. */
export const AMAZON_LINUX_LOADERS: Record<Architecture, string[]> = {
  x86_64: ['/lib64/ld-linux-x86-64.so.2', '/usr/lib64/ld-linux-x86-64.so.2'],
  arm64: ['/lib/ld-linux-aarch64.so.1', '/lib64/ld-linux-aarch64.so.1', '/usr/lib64/ld-linux-aarch64.so.1']
}

/**
 * Whether Lambda has the interpreter: Amazon Linux's glibc loader for one of the architectures, or
 * a file the layer itself puts under /opt.
 */
export function interpreterPresent(
  interpreter: string,
  architectures: Architecture[],
  layerFiles: Set<string>
): boolean {
  if (architectures.some(architecture => AMAZON_LINUX_LOADERS[architecture].includes(interpreter))) return true
  return interpreter.startsWith('/opt/') && layerFiles.has(interpreter.slice('/opt/'.length))
}
