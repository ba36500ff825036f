import {
  CENTRAL_HEADER_BYTES,
  centralDirectoryHeader,
  chooseMethod,
  DEFLATED,
  END_OF_CENTRAL_DIRECTORY_BYTES,
  endOfCentralDirectory,
  externalAttributes,
  LOCAL_HEADER_BYTES,
  localFileHeader,
  STORED,
  ZipLimitError,
  type ZipRecord
} from '../src/package/zip-records.js'

function record(overrides: Partial<ZipRecord> = {}): ZipRecord {
  return {
    name: 'nodejs/node_modules/pkg/index.js',
    type: 'file',
    method: DEFLATED,
    crc32: 0xcafebabe,
    compressedSize: 1234,
    size: 5678,
    mode: 0o600,
    offset: 0x01020304,
    ...overrides
  }
}

describe('local file header', () => {
  it('encodes every field of APPNOTE 4.3.7, with the fixed 1980-01-01 timestamp', () => {
    const header = localFileHeader(record())
    const name = 'nodejs/node_modules/pkg/index.js'
    expect(header.length).toBe(LOCAL_HEADER_BYTES + name.length)
    expect(header.readUInt32LE(0)).toBe(0x04034b50)
    expect(header.readUInt16LE(4)).toBe(20) // version needed: deflate
    expect(header.readUInt16LE(6)).toBe(0) // flags: ASCII name, sizes in the header
    expect(header.readUInt16LE(8)).toBe(8)
    expect(header.readUInt16LE(10)).toBe(0) // 00:00:00
    expect(header.readUInt16LE(12)).toBe((0 << 9) | (1 << 5) | 1) // 1980-01-01
    expect(header.readUInt32LE(14)).toBe(0xcafebabe)
    expect(header.readUInt32LE(18)).toBe(1234)
    expect(header.readUInt32LE(22)).toBe(5678)
    expect(header.readUInt16LE(26)).toBe(name.length)
    expect(header.readUInt16LE(28)).toBe(0)
    expect(header.subarray(30).toString()).toBe(name)
  })

  it('asks for version 1.0 for stored data and flags UTF-8 names', () => {
    const header = localFileHeader(record({ method: STORED, name: 'python/café.py' }))
    expect(header.readUInt16LE(4)).toBe(10)
    expect(header.readUInt16LE(6)).toBe(0x0800)
    expect(header.readUInt16LE(26)).toBe(Buffer.byteLength('python/café.py'))
  })
})

describe('central directory header', () => {
  it('records Unix as the maker, the normalized mode and the local header offset', () => {
    const header = centralDirectoryHeader(record())
    expect(header.length).toBe(CENTRAL_HEADER_BYTES + 'nodejs/node_modules/pkg/index.js'.length)
    expect(header.readUInt32LE(0)).toBe(0x02014b50)
    expect(header.readUInt16LE(4)).toBe(0x0314)
    expect(header.readUInt16LE(10)).toBe(8)
    expect(header.readUInt32LE(16)).toBe(0xcafebabe)
    expect(header.readUInt32LE(20)).toBe(1234)
    expect(header.readUInt32LE(24)).toBe(5678)
    expect(header.readUInt32LE(38) >>> 16).toBe(0o100644)
    expect(header.readUInt32LE(42)).toBe(0x01020304)
  })

  it.each([
    ['file', 0o600, 0o100644 * 0x10000],
    ['file', 0o700, 0o100755 * 0x10000],
    ['directory', 0o700, 0o40755 * 0x10000 + 0x10],
    ['symlink', 0o755, 0o120777 * 0x10000]
  ] as const)('gives a %s with mode %o the attributes %d', (type, mode, expected) => {
    expect(externalAttributes(type, mode)).toBe(expected)
    expect(centralDirectoryHeader(record({ type, mode })).readUInt32LE(38)).toBe(expected)
  })
})

describe('end of central directory', () => {
  it('counts the entries and points at the directory', () => {
    const end = endOfCentralDirectory(3, 200, 5000)
    expect(end.length).toBe(END_OF_CENTRAL_DIRECTORY_BYTES)
    expect(end.readUInt32LE(0)).toBe(0x06054b50)
    expect(end.readUInt16LE(8)).toBe(3)
    expect(end.readUInt16LE(10)).toBe(3)
    expect(end.readUInt32LE(12)).toBe(200)
    expect(end.readUInt32LE(16)).toBe(5000)
    expect(end.readUInt16LE(20)).toBe(0)
  })
})

describe('limits without ZIP64', () => {
  it('refuses sizes and offsets of 4 GiB or more', () => {
    expect(() => localFileHeader(record({ size: 0xffffffff }))).toThrow(ZipLimitError)
    expect(() => centralDirectoryHeader(record({ offset: 2 ** 32 }))).toThrow(/offset 4294967296 needs ZIP64/)
    expect(() => endOfCentralDirectory(2, 0x100, 0xffffff00)).toThrow(/4 GiB/)
  })

  it('refuses more than 65,535 entries', () => {
    expect(() => endOfCentralDirectory(65_536, 100, 0)).toThrow(/65,535/)
    expect(endOfCentralDirectory(65_535, 100, 0).readUInt16LE(8)).toBe(65_535)
  })
})

describe('stored or deflated', () => {
  it('deflates only when that makes the data smaller', () => {
    expect(chooseMethod(100, 40)).toBe(DEFLATED)
    expect(chooseMethod(100, 100)).toBe(STORED)
    expect(chooseMethod(5, 7)).toBe(STORED)
  })
})
