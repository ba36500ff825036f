/** Test-only builders of small but well-formed native binaries. */

const MACHINES = { x86_64: 62, arm64: 183 } as const
const TYPES = { executable: 2, 'shared-object': 3 } as const
const SHT_STRTAB = 3
const SHT_GNU_VERNEED = 0x6ffffffe

export interface ElfSpec {
  machine: keyof typeof MACHINES
  type?: keyof typeof TYPES
  /** Version names needed from libc.so.6, e.g. ['GLIBC_2.2.5', 'GLIBC_2.38']. */
  glibc?: string[]
}

function strings(values: string[]): { table: Buffer; offsets: Map<string, number> } {
  const offsets = new Map<string, number>()
  const parts: Buffer[] = [Buffer.from([0])]
  let length = 1
  for (const value of values) {
    offsets.set(value, length)
    const encoded = Buffer.from(`${value}\0`, 'latin1')
    parts.push(encoded)
    length += encoded.length
  }
  return { table: Buffer.concat(parts), offsets }
}

function align(value: number, to: number): number {
  return Math.ceil(value / to) * to
}

/** A 64-bit little-endian ELF with .dynstr, .gnu.version_r (needs of libc.so.6) and .shstrtab. */
export function buildElf(spec: ElfSpec): Buffer {
  const glibc = spec.glibc ?? []
  const dynstr = strings(['libc.so.6', ...glibc])
  const shstr = strings(['.dynstr', '.gnu.version_r', '.shstrtab'])

  const verneed = Buffer.alloc(glibc.length === 0 ? 0 : 16 + 16 * glibc.length)
  if (glibc.length > 0) {
    verneed.writeUInt16LE(1, 0)
    verneed.writeUInt16LE(glibc.length, 2)
    verneed.writeUInt32LE(dynstr.offsets.get('libc.so.6')!, 4)
    verneed.writeUInt32LE(16, 8)
    verneed.writeUInt32LE(0, 12)
    glibc.forEach((name, index) => {
      const at = 16 + index * 16
      verneed.writeUInt32LE(0x0d696910 + index, at)
      verneed.writeUInt16LE(0, at + 4)
      verneed.writeUInt16LE(index + 2, at + 6)
      verneed.writeUInt32LE(dynstr.offsets.get(name)!, at + 8)
      verneed.writeUInt32LE(index === glibc.length - 1 ? 0 : 16, at + 12)
    })
  }

  const dynstrOffset = 64
  const verneedOffset = align(dynstrOffset + dynstr.table.length, 8)
  const shstrOffset = verneedOffset + verneed.length
  const sectionsOffset = align(shstrOffset + shstr.table.length, 8)
  const sections = [
    { name: 0, type: 0, offset: 0, size: 0, link: 0 },
    { name: shstr.offsets.get('.dynstr')!, type: SHT_STRTAB, offset: dynstrOffset, size: dynstr.table.length, link: 0 },
    {
      name: shstr.offsets.get('.gnu.version_r')!,
      type: SHT_GNU_VERNEED,
      offset: verneedOffset,
      size: verneed.length,
      link: 1
    },
    { name: shstr.offsets.get('.shstrtab')!, type: SHT_STRTAB, offset: shstrOffset, size: shstr.table.length, link: 0 }
  ].filter(section => section.type !== SHT_GNU_VERNEED || verneed.length > 0)

  const file = Buffer.alloc(sectionsOffset + sections.length * 64)
  file.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0)
  file.writeUInt16LE(TYPES[spec.type ?? 'shared-object'], 0x10)
  file.writeUInt16LE(MACHINES[spec.machine], 0x12)
  file.writeUInt32LE(1, 0x14)
  file.writeBigUInt64LE(BigInt(sectionsOffset), 0x28)
  file.writeUInt16LE(64, 0x34)
  file.writeUInt16LE(64, 0x3a)
  file.writeUInt16LE(sections.length, 0x3c)
  file.writeUInt16LE(sections.length - 1, 0x3e)
  file.set(dynstr.table, dynstrOffset)
  file.set(verneed, verneedOffset)
  file.set(shstr.table, shstrOffset)
  sections.forEach((section, index) => {
    const at = sectionsOffset + index * 64
    file.writeUInt32LE(section.name, at)
    file.writeUInt32LE(section.type, at + 4)
    file.writeBigUInt64LE(BigInt(section.offset), at + 0x18)
    file.writeBigUInt64LE(BigInt(section.size), at + 0x20)
    file.writeUInt32LE(section.link, at + 0x28)
  })
  return file
}

/** A thin 64-bit Mach-O header for arm64 or x86_64, padded to 64 bytes. */
export function buildMachO(machine: 'arm64' | 'x86_64'): Buffer {
  const file = Buffer.alloc(64)
  file.writeUInt32LE(0xfeedfacf, 0)
  file.writeUInt32LE(machine === 'arm64' ? 0x0100000c : 0x01000007, 4)
  return file
}

/** A fat (universal) Mach-O header listing both architectures. */
export function buildUniversalMachO(): Buffer {
  const file = Buffer.alloc(64)
  file.writeUInt32BE(0xcafebabe, 0)
  file.writeUInt32BE(2, 4)
  file.writeUInt32BE(0x01000007, 8)
  file.writeUInt32BE(0x0100000c, 28)
  return file
}

/** An MZ stub with a PE header for the given COFF machine. */
export function buildPe(machine: 'x86_64' | 'arm64'): Buffer {
  const file = Buffer.alloc(0x100)
  file.write('MZ', 0, 'latin1')
  file.writeUInt32LE(0x80, 0x3c)
  file.write('PE\0\0', 0x80, 'latin1')
  file.writeUInt16LE(machine === 'x86_64' ? 0x8664 : 0xaa64, 0x84)
  return file
}

/** The start of a Java class file, which shares 0xCAFEBABE with universal Mach-O. */
export function buildJavaClass(): Buffer {
  const file = Buffer.alloc(64)
  file.writeUInt32BE(0xcafebabe, 0)
  file.writeUInt16BE(0, 4)
  file.writeUInt16BE(65, 6)
  return file
}
