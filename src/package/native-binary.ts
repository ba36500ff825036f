/** Pure inspection of native code: what platform a file's bytes were built for. */

export type NativeFormat = 'elf' | 'mach-o' | 'pe'
export type NativeMachine = 'x86_64' | 'arm64' | 'x86' | 'arm' | 'other'
export type ElfType = 'shared-object' | 'executable' | 'relocatable' | 'other'

export interface NativeBinary {
  format: NativeFormat
  machine: NativeMachine
  /** Highest GLIBC_x.y symbol version the ELF file requires. */
  maxGlibc?: string
  description: string
}

const ELF_MACHINES: Record<number, NativeMachine> = { 62: 'x86_64', 183: 'arm64', 3: 'x86', 40: 'arm' }
const ELF_TYPES: Record<number, ElfType> = { 1: 'relocatable', 2: 'executable', 3: 'shared-object' }
const MACHO_CPUS: Record<number, NativeMachine> = { 0x01000007: 'x86_64', 0x0100000c: 'arm64', 7: 'x86', 12: 'arm' }
const PE_MACHINES: Record<number, NativeMachine> = { 0x8664: 'x86_64', 0xaa64: 'arm64', 0x14c: 'x86', 0x1c4: 'arm' }
const MACHINE_NAMES: Record<NativeMachine, string> = {
  x86_64: 'x86_64',
  arm64: 'arm64 (aarch64)',
  x86: '32-bit x86',
  arm: '32-bit arm',
  other: 'an unknown CPU'
}
const SHT_GNU_VERNEED = 0x6ffffffe
const GLIBC_VERSION = /^GLIBC_(\d+(?:\.\d+)+)$/

function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number)
  const right = b.split('.').map(Number)
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}

/** True when glibc version a is newer than b ("2.28" > "2.26", "2.3.4" < "2.17"). */
export function glibcNewerThan(a: string, b: string): boolean {
  return compareVersions(a, b) > 0
}

/** Bounds-checked reads over a byte array in one byte order; out-of-range reads give undefined. */
class Reader {
  private readonly view: DataView
  constructor(
    readonly bytes: Uint8Array,
    private readonly littleEndian: boolean
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  u16(offset: number): number | undefined {
    return offset >= 0 && offset + 2 <= this.bytes.length ? this.view.getUint16(offset, this.littleEndian) : undefined
  }
  u32(offset: number): number | undefined {
    return offset >= 0 && offset + 4 <= this.bytes.length ? this.view.getUint32(offset, this.littleEndian) : undefined
  }
  u64(offset: number): number | undefined {
    if (offset < 0 || offset + 8 > this.bytes.length) return undefined
    const value = this.view.getBigUint64(offset, this.littleEndian)
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(value)
  }
  word(offset: number, bits: 32 | 64): number | undefined {
    return bits === 64 ? this.u64(offset) : this.u32(offset)
  }
  cString(offset: number): string | undefined {
    if (offset < 0 || offset >= this.bytes.length) return undefined
    const end = this.bytes.indexOf(0, offset)
    if (end < 0) return undefined
    return Buffer.from(this.bytes.subarray(offset, end)).toString('latin1')
  }
}

interface Section {
  type: number
  offset: number
  link: number
}

function elfSections(reader: Reader, bits: 32 | 64): Section[] {
  const shoff = reader.word(bits === 64 ? 0x28 : 0x20, bits)
  const shentsize = reader.u16(bits === 64 ? 0x3a : 0x2e)
  const shnum = reader.u16(bits === 64 ? 0x3c : 0x30)
  if (!shoff || !shentsize || !shnum) return []
  const sections: Section[] = []
  for (let index = 0; index < shnum; index++) {
    const at = shoff + index * shentsize
    const type = reader.u32(at + 4)
    const offset = reader.word(at + (bits === 64 ? 0x18 : 0x10), bits)
    const link = reader.u32(at + (bits === 64 ? 0x28 : 0x18))
    if (type === undefined || offset === undefined || link === undefined) break
    sections.push({ type, offset, link })
  }
  return sections
}

/** The version names an ELF file needs from its shared libraries (Elf_Verneed / Elf_Vernaux). */
function neededVersionNames(reader: Reader, bits: 32 | 64): string[] {
  const sections = elfSections(reader, bits)
  const names: string[] = []
  for (const verneed of sections.filter(section => section.type === SHT_GNU_VERNEED)) {
    const strings = sections[verneed.link]
    if (!strings) continue
    let entry = verneed.offset
    for (let guard = 0; guard < 1000; guard++) {
      const count = reader.u16(entry + 2)
      const auxOffset = reader.u32(entry + 8)
      const next = reader.u32(entry + 12)
      if (count === undefined || auxOffset === undefined || next === undefined) break
      let aux = entry + auxOffset
      for (let index = 0; index < count; index++) {
        const nameOffset = reader.u32(aux + 8)
        const auxNext = reader.u32(aux + 12)
        if (nameOffset === undefined || auxNext === undefined) break
        const name = reader.cString(strings.offset + nameOffset)
        if (name) names.push(name)
        if (auxNext === 0) break
        aux += auxNext
      }
      if (next === 0) break
      entry += next
    }
  }
  return names
}

function inspectElf(bytes: Uint8Array): NativeBinary {
  const bits = bytes[4] === 2 ? 64 : 32
  const reader = new Reader(bytes, bytes[5] !== 2)
  const machine = ELF_MACHINES[reader.u16(0x12) ?? -1] ?? 'other'
  const elfType = ELF_TYPES[reader.u16(0x10) ?? -1] ?? 'other'
  const glibcVersions = [...new Set(neededVersionNames(reader, bits).map(name => GLIBC_VERSION.exec(name)?.[1]))]
    .filter((version): version is string => version !== undefined)
    .sort(compareVersions)
  const kind = elfType === 'shared-object' ? 'shared object' : elfType
  return {
    format: 'elf',
    machine,
    maxGlibc: glibcVersions.at(-1),
    description: `ELF ${bits}-bit ${kind} for ${MACHINE_NAMES[machine]}`
  }
}

const MACHO_THIN = new Set([0xfeedface, 0xfeedfacf])
const MACHO_THIN_SWAPPED = new Set([0xcefaedfe, 0xcffaedfe])
const MACHO_FAT = new Set([0xcafebabe, 0xcafebabf])
/** A fat header with more architectures than this is a Java class file (same magic). */
const MAX_FAT_ARCHITECTURES = 30

function inspectMachO(bytes: Uint8Array): NativeBinary | undefined {
  const big = new Reader(bytes, false)
  const magic = big.u32(0)
  if (magic === undefined) return undefined
  if (MACHO_THIN.has(magic) || MACHO_THIN_SWAPPED.has(magic)) {
    const reader = new Reader(bytes, MACHO_THIN_SWAPPED.has(magic))
    const machine = MACHO_CPUS[reader.u32(4) ?? -1] ?? 'other'
    return { format: 'mach-o', machine, description: `Mach-O binary (macOS) for ${MACHINE_NAMES[machine]}` }
  }
  if (MACHO_FAT.has(magic)) {
    const count = big.u32(4) ?? 0
    if (count === 0 || count > MAX_FAT_ARCHITECTURES) return undefined
    const stride = magic === 0xcafebabf ? 32 : 20
    const machines = new Set<NativeMachine>()
    for (let index = 0; index < count; index++) machines.add(MACHO_CPUS[big.u32(8 + index * stride) ?? -1] ?? 'other')
    const machine = machines.size === 1 ? [...machines][0] : 'other'
    return {
      format: 'mach-o',
      machine,
      description: `Mach-O universal binary (macOS) for ${[...machines].join(' + ')}`
    }
  }
  return undefined
}

function inspectPe(bytes: Uint8Array): NativeBinary | undefined {
  const reader = new Reader(bytes, true)
  const header = reader.u32(0x3c)
  if (header === undefined || reader.u32(header) !== 0x00004550) return undefined
  const machine = PE_MACHINES[reader.u16(header + 4) ?? -1] ?? 'other'
  return { format: 'pe', machine, description: `PE/COFF (Windows) binary for ${MACHINE_NAMES[machine]}` }
}

function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 20 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46
}

function isMz(bytes: Uint8Array): boolean {
  return bytes.length >= 0x40 && bytes[0] === 0x4d && bytes[1] === 0x5a
}

/** What native code the bytes are, or undefined when they are not ELF, Mach-O or PE. Never throws. */
export function inspectNativeBinary(bytes: Uint8Array): NativeBinary | undefined {
  if (isElf(bytes)) return inspectElf(bytes)
  if (isMz(bytes)) return inspectPe(bytes)
  return inspectMachO(bytes)
}

/** Cheap test on a file's first bytes (64 are enough for ELF and Mach-O; PE needs its header offset in range). */
export function looksNative(head: Uint8Array): boolean {
  if (isElf(head)) return true
  if (isMz(head)) {
    const offset = new Reader(head, true).u32(0x3c)
    return offset !== undefined
  }
  return inspectMachO(head) !== undefined
}

/** A native file found in the layer, with what its header says. */
export interface NativeFile {
  /** Path inside the zip. */
  path: string
  binary: NativeBinary
}
