import AdmZip from 'adm-zip'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'
import { wheelhouse, writeWheel } from './helpers/wheels.js'

const NODE_FIXTURE = resolve('__tests__/fixtures/node-layer')
const SITE = 'python/lib/python3.12/site-packages'

const server = useLoopbackServer()

async function manifestOf(path: string) {
  return JSON.parse(await readFile(path, 'utf8'))
}

describe('package manifest of every route', () => {
  it('lists what npm installed (production dependencies only)', async () => {
    const run = await runAction(
      { 'layer-name': 'npm-deps', runtime: 'nodejs22.x', regions: 'eu-west-1', source: NODE_FIXTURE, publish: 'false' },
      {}
    )
    expect(errorLines(run)).toEqual([])
    expect((await manifestOf(run.outputs['package-manifest'])).packages).toEqual([
      { name: 'ms', version: '2.1.3', folder: 'nodejs/node_modules/ms', kind: 'npm' }
    ])
  })

  it('lists what pip installed, and a second run shows exactly the dependency that changed', async () => {
    const wheels = await wheelhouse()
    writeWheel(wheels, {
      name: 'demo-pure',
      version: '1.1.0',
      tag: 'py3-none-any',
      files: { 'demo_pure/__init__.py': 'ANSWER = 43\n' }
    })
    const source = await mkdtemp(join(tmpdir(), 'python-source-'))
    const env = { PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels }
    const inputs = { 'layer-name': 'py-deps', runtime: 'python3.12', regions: 'eu-west-1', source }

    await writeFile(join(source, 'requirements.txt'), 'native-demo==2.0.0\ndemo-pure==1.0.0\n')
    const first = await runAction(inputs, { endpoint: server.url, env })
    expect(errorLines(first)).toEqual([])
    expect((await manifestOf(first.outputs['package-manifest'])).packages).toEqual([
      { name: 'demo-pure', version: '1.0.0', folder: SITE, kind: 'python' },
      { name: 'native-demo', version: '2.0.0', folder: SITE, kind: 'python' }
    ])
    expect(first.summary).toContain('First version of py-deps in eu-west-1')

    await writeFile(join(source, 'requirements.txt'), 'native-demo==2.0.0\ndemo-pure==1.1.0\n')
    const second = await runAction(inputs, { endpoint: server.url, env })
    expect(errorLines(second)).toEqual([])
    const rows = [...second.summary.matchAll(/<tr><td>(added|removed|changed)<\/td>(.*?)<\/tr>/g)].map(row => row[0])
    expect(rows).toEqual([`<tr><td>changed</td><td>demo-pure</td><td>1.0.0 → 1.1.0</td><td>${SITE}</td></tr>`])
  })

  it('lists the jars of an archive by their Maven coordinates', async () => {
    const jar = new AdmZip()
    jar.addFile(
      'META-INF/maven/org.apache.commons/commons-lang3/pom.properties',
      Buffer.from('groupId=org.apache.commons\nartifactId=commons-lang3\nversion=3.14.0\n')
    )
    jar.addFile('org/apache/commons/lang3/StringUtils.class', Buffer.from([0xca, 0xfe, 0xba, 0xbe]))
    const layer = new AdmZip()
    layer.addFile('java/lib/commons-lang3-3.14.0.jar', jar.toBuffer())
    const handmade = new AdmZip()
    handmade.addFile('META-INF/MANIFEST.MF', Buffer.from('Manifest-Version: 1.0\n'))
    layer.addFile('java/lib/handmade-0.3.jar', handmade.toBuffer())
    const archive = join(await mkdtemp(join(tmpdir(), 'java-archive-')), 'layer.zip')
    layer.writeZip(archive)
    const run = await runAction(
      { 'layer-name': 'jars', runtime: 'java21', regions: 'eu-west-1', archive, publish: 'false' },
      {}
    )
    expect(errorLines(run)).toEqual([])
    expect((await manifestOf(run.outputs['package-manifest'])).packages).toEqual([
      { name: 'handmade', version: '0.3', folder: 'java/lib', kind: 'jar' },
      { name: 'org.apache.commons:commons-lang3', version: '3.14.0', folder: 'java/lib', kind: 'jar' }
    ])
    expect(run.outputs['package-manifest']).not.toContain('java-archive-')
  })
})
