import { execFileSync } from 'node:child_process'
import { mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errorLines, runAction } from './helpers/run-action.js'
import { wheelhouse } from './helpers/wheels.js'
import { zipEntryNames } from './helpers/zip-contents.js'

describe('a bare machine (like a job in amazonlinux:2023)', () => {
  it('builds with nothing on PATH but python (no pip script, zip, unzip, file or readelf)', async () => {
    const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim()
    const bin = await mkdtemp(join(tmpdir(), 'bare-bin-'))
    // Named "python", as some images call it: the action tries python3, then python.
    await symlink(python, join(bin, 'python'))
    const source = await mkdtemp(join(tmpdir(), 'python-source-'))
    await writeFile(join(source, 'requirements.txt'), 'native-demo==2.0.0\n')
    const run = await runAction(
      {
        'layer-name': 'bare',
        runtime: 'python3.12',
        architectures: 'arm64',
        regions: 'eu-west-1',
        source,
        publish: 'false'
      },
      { env: { PATH: bin, PIP_NO_INDEX: '1', PIP_FIND_LINKS: await wheelhouse() } }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(zipEntryNames(run.outputs['archive-path'])).toContain(
      'python/lib/python3.12/site-packages/native_demo/_native.cpython-312-aarch64-linux-gnu.so'
    )
    expect(run.stdout).toMatch(new RegExp(`Build environment: .+, glibc \\d+\\.\\d+, ${process.arch}`))
  })
})
