/**
 * Pure encoding of the zip records (APPNOTE 6.3): local file header, central directory header and
 * end of central directory. No ZIP64: a layer is at most 250 MB unzipped, far below its limits,
 * and anything beyond them is refused with ZipLimitError rather than written wrong.
 */
import { normalizedMode, type EntryType } from './layer-entries.js'

export const STORED = 0
export const DEFLATED = 8

/** What the headers say about one entry. */
export interface ZipRecord {
  /** Entry name as written: posix path, trailing slash for folders. */
  name: string
  type: EntryType
  method: typeof STORED | typeof DEFLATED
  crc32: number
  compressedSize: number
  size: number
  /** Unix mode bits as found on disk; normalized when encoded. */
  mode: number
  /** Where the local header starts. */
  offset: number
}

const LOCAL_HEADER_SIGNATURE = 0x04034b50
const CENTRAL_HEADER_SIGNATURE = 0x02014b50
const END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50
export const LOCAL_HEADER_BYTES = 30
export const CENTRAL_HEADER_BYTES = 46
export const END_OF_CENTRAL_DIRECTORY_BYTES = 22

/** DOS time 00:00:00 and date 1980-01-01, the earliest a zip can hold: every entry gets it. */
const FIXED_DOS_TIME = 0
const FIXED_DOS_DATE = (1 << 5) | 1
/** "Made by" Unix, spec 2.0: external attributes carry Unix modes. */
const MADE_BY_UNIX = (3 << 8) | 20
/** Spec version needed to extract: 1.0 for stored data and folders, 2.0 for deflate. */
const NEEDS_STORED = 10
const NEEDS_DEFLATE = 20
/** General purpose flag bit 11: the name is UTF-8. */
const UTF8_NAME = 0x0800

const S_IFREG = 0o100000
const S_IFDIR = 0o040000
const S_IFLNK = 0o120000
const MSDOS_DIRECTORY = 0x10

const MAX_16 = 0xffff
const MAX_32 = 0xffffffff

export class ZipLimitError extends Error {
  override name = 'ZipLimitError'
}

/** Unix type and normalized permission bits in the high half, the MS-DOS folder bit for folders. */
export function externalAttributes(type: EntryType, mode: number): number {
  const permissions = normalizedMode({ type, mode })
  if (type === 'directory') return (((S_IFDIR | permissions) << 16) | MSDOS_DIRECTORY) >>> 0
  if (type === 'symlink') return ((S_IFLNK | permissions) << 16) >>> 0
  return ((S_IFREG | permissions) << 16) >>> 0
}

function nameFlags(name: Buffer): number {
  return name.some(byte => byte >= 0x80) ? UTF8_NAME : 0
}

function checkRecord(record: ZipRecord, name: Buffer): void {
  if (name.length > MAX_16)
    throw new ZipLimitError(`the entry name ${record.name.slice(0, 60)}… is longer than 65,535 bytes`)
  for (const [what, value] of [
    ['size', record.size],
    ['compressed size', record.compressedSize],
    ['offset', record.offset]
  ] as const) {
    if (value >= MAX_32) {
      throw new ZipLimitError(
        `${record.name}: ${what} ${value} needs ZIP64 (4 GiB or more), which layer zips never need and this writer does not write`
      )
    }
  }
}

/** Fields shared by the local and the central header, from "version needed" to "extra length". */
function writeCommonFields(buffer: Buffer, at: number, record: ZipRecord, name: Buffer): void {
  buffer.writeUInt16LE(record.method === DEFLATED ? NEEDS_DEFLATE : NEEDS_STORED, at)
  buffer.writeUInt16LE(nameFlags(name), at + 2)
  buffer.writeUInt16LE(record.method, at + 4)
  buffer.writeUInt16LE(FIXED_DOS_TIME, at + 6)
  buffer.writeUInt16LE(FIXED_DOS_DATE, at + 8)
  buffer.writeUInt32LE(record.crc32 >>> 0, at + 10)
  buffer.writeUInt32LE(record.compressedSize, at + 14)
  buffer.writeUInt32LE(record.size, at + 18)
  buffer.writeUInt16LE(name.length, at + 22)
  buffer.writeUInt16LE(0, at + 24)
}

/** The local file header that precedes the entry's data. */
export function localFileHeader(record: ZipRecord): Buffer {
  const name = Buffer.from(record.name)
  checkRecord(record, name)
  // Every byte is written below: unsafe (pooled, not zeroed) allocation is safe here.
  const header = Buffer.allocUnsafe(LOCAL_HEADER_BYTES + name.length)
  header.writeUInt32LE(LOCAL_HEADER_SIGNATURE, 0)
  writeCommonFields(header, 4, record, name)
  name.copy(header, LOCAL_HEADER_BYTES)
  return header
}

/** The entry's central directory header. */
export function centralDirectoryHeader(record: ZipRecord): Buffer {
  const name = Buffer.from(record.name)
  checkRecord(record, name)
  const header = Buffer.allocUnsafe(CENTRAL_HEADER_BYTES + name.length)
  header.writeUInt32LE(CENTRAL_HEADER_SIGNATURE, 0)
  header.writeUInt16LE(MADE_BY_UNIX, 4)
  writeCommonFields(header, 6, record, name)
  header.writeUInt16LE(0, 32) // comment length
  header.writeUInt16LE(0, 34) // disk number start
  header.writeUInt16LE(0, 36) // internal attributes
  header.writeUInt32LE(externalAttributes(record.type, record.mode), 38)
  header.writeUInt32LE(record.offset, 42)
  name.copy(header, CENTRAL_HEADER_BYTES)
  return header
}

/** The end of central directory record, for a single-disk archive without comment. */
export function endOfCentralDirectory(entryCount: number, directoryBytes: number, directoryOffset: number): Buffer {
  if (entryCount > MAX_16)
    throw new ZipLimitError(`${entryCount} entries need ZIP64 (more than 65,535), which this writer does not write`)
  if (directoryOffset + directoryBytes >= MAX_32)
    throw new ZipLimitError('the archive would reach 4 GiB, which needs ZIP64 and this writer does not write')
  const record = Buffer.alloc(END_OF_CENTRAL_DIRECTORY_BYTES)
  record.writeUInt32LE(END_OF_CENTRAL_DIRECTORY_SIGNATURE, 0)
  record.writeUInt16LE(0, 4) // this disk
  record.writeUInt16LE(0, 6) // disk with the central directory
  record.writeUInt16LE(entryCount, 8)
  record.writeUInt16LE(entryCount, 10)
  record.writeUInt32LE(directoryBytes, 12)
  record.writeUInt32LE(directoryOffset, 16)
  record.writeUInt16LE(0, 20) // comment length
  return record
}

/** Deflate only pays when it shrinks the data; otherwise the bytes are stored as they are. */
export function chooseMethod(size: number, deflatedSize: number): typeof STORED | typeof DEFLATED {
  return deflatedSize < size ? DEFLATED : STORED
}
