import { existsSync, readFileSync } from 'node:fs'
import { glibcNewerThan, inspectNativeBinary, looksNative } from '../src/package/native-binary.js'
import { compatibilityFindings, formatFinding } from '../src/checks/compatibility.js'
import { findRuntime } from '../src/model/runtimes.js'
import { buildElf, buildJavaClass, buildMachO, buildPe, buildUniversalMachO } from './helpers/native-builders.js'

describe('inspectNativeBinary', () => {
  it('reads an aarch64 shared object and the newest glibc it needs', () => {
    expect(
      inspectNativeBinary(buildElf({ machine: 'arm64', glibc: ['GLIBC_2.17', 'GLIBC_2.2.5', 'GLIBC_2.38'] }))
    ).toEqual({
      format: 'elf',
      machine: 'arm64',
      maxGlibc: '2.38',
      description: 'ELF 64-bit shared object for arm64 (aarch64)'
    })
  })

  it('reads an x86_64 executable without version needs', () => {
    expect(inspectNativeBinary(buildElf({ machine: 'x86_64', type: 'executable' }))).toMatchObject({
      machine: 'x86_64',
      maxGlibc: undefined,
      description: 'ELF 64-bit executable for x86_64'
    })
  })

  it('survives a truncated file', () => {
    const truncated = buildElf({ machine: 'arm64', glibc: ['GLIBC_2.28'] }).subarray(0, 40)
    expect(inspectNativeBinary(truncated)).toMatchObject({ format: 'elf', machine: 'arm64', maxGlibc: undefined })
  })

  it('tells Mach-O, universal Mach-O and PE files apart from Java classes and text', () => {
    expect(inspectNativeBinary(buildMachO('arm64'))).toEqual({
      format: 'mach-o',
      machine: 'arm64',
      description: 'Mach-O binary (macOS) for arm64 (aarch64)'
    })
    expect(inspectNativeBinary(buildUniversalMachO())).toMatchObject({ format: 'mach-o', machine: 'other' })
    expect(inspectNativeBinary(buildPe('x86_64'))).toEqual({
      format: 'pe',
      machine: 'x86_64',
      description: 'PE/COFF (Windows) binary for x86_64'
    })
    expect(inspectNativeBinary(buildJavaClass())).toBeUndefined()
    expect(looksNative(buildJavaClass())).toBe(false)
    expect(inspectNativeBinary(Buffer.from('#!/bin/sh\necho hi\n'))).toBeUndefined()
    expect(inspectNativeBinary(Buffer.alloc(0))).toBeUndefined()
    expect(inspectNativeBinary(Buffer.from('PK\u0003\u0004rest of a zip'))).toBeUndefined()
  })

  it("agrees with readelf on this machine's binaries", () => {
    const path = ['/bin/ls', '/usr/bin/ls'].find(candidate => existsSync(candidate))!
    const binary = inspectNativeBinary(readFileSync(path))!
    expect(binary.format).toBe('elf')
    expect(binary.machine).toBe(process.arch === 'arm64' ? 'arm64' : 'x86_64')
    expect(glibcNewerThan(binary.maxGlibc!, '2.2.4')).toBe(true)
  })

  it('compares glibc versions numerically', () => {
    expect(glibcNewerThan('2.28', '2.26')).toBe(true)
    expect(glibcNewerThan('2.3.4', '2.17')).toBe(false)
    expect(glibcNewerThan('2.34', '2.34')).toBe(false)
  })
})

describe('compatibilityFindings', () => {
  const al2Python = findRuntime('python3.11')!
  const node22 = findRuntime('nodejs22.x')!
  const file = (path: string, bytes: Buffer) => ({ path, binary: inspectNativeBinary(bytes)! })

  it('flags the wrong CPU, another OS and a glibc newer than Amazon Linux has', () => {
    const findings = compatibilityFindings(
      [
        file('python/a.so', buildElf({ machine: 'arm64' })),
        file('python/b.so', buildElf({ machine: 'x86_64', glibc: ['GLIBC_2.38'] })),
        file('python/c.so', buildElf({ machine: 'x86_64', glibc: ['GLIBC_2.26'] })),
        file('python/d.node', buildMachO('x86_64'))
      ],
      al2Python,
      ['x86_64']
    )
    expect(findings.map(formatFinding)).toEqual([
      'python/a.so: ELF 64-bit shared object for arm64 (aarch64); an x86_64 layer needs ELF code for x86_64',
      'python/b.so: ELF 64-bit shared object for x86_64 requiring GLIBC_2.38; python3.11 runs on Amazon Linux 2 with glibc 2.26; build against glibc 2.26 or older',
      'python/d.node: Mach-O binary (macOS) for x86_64; Lambda runs Linux: an x86_64 layer needs ELF code for x86_64'
    ])
  })

  it('refuses any native code in a layer for both architectures', () => {
    const findings = compatibilityFindings([file('nodejs/x.node', buildElf({ machine: 'x86_64' }))], node22, [
      'x86_64',
      'arm64'
    ])
    expect(findings.map(formatFinding)).toEqual([
      'nodejs/x.node: ELF 64-bit shared object for x86_64; a layer published for both x86_64 and arm64 must hold no native code; publish one layer per architecture with a matrix'
    ])
  })
})
