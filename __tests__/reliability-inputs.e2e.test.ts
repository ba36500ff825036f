import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { folderWith, zipWithNames } from './helpers/bad-files.js'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'

// The wiring of a bad input through the bundled action: exit 1, one error line, no output, no
// request and nothing built. Every bad input's message is asserted in input-errors.test.ts; these
// are one per stage that refuses inputs (readInputs, planFromSources, reading the archive, the
// layout check) and main.ts's naming of the archive input.

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')
const ARCHIVE_FORMS = 'expected a zip whose entries are relative paths inside the layer, e.g. nodejs/node_modules/...'

const server = useLoopbackServer()

/** Files the run left in its RUNNER_TEMP: none when it stopped before building or packing anything. */
async function builtFiles(runnerTemp: string): Promise<string[]> {
  const entries = await readdir(join(runnerTemp, 'temp'), { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter(entry => !entry.isDirectory()).map(entry => entry.name)
}

type Given = Record<string, string>

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const CASES: Array<[string, () => Promise<Given>, (given: Given) => string | RegExp]> = [
  [
    'unknown runtime',
    async () => ({ runtime: 'dotnet99' }),
    () => /^Input "runtime": "dotnet99" is not a known Lambda runtime; expected one of nodejs18.x, .*provided.al2023\.$/
  ],
  [
    'attach without update-functions',
    async () => ({ attach: 'true' }),
    () =>
      'Input "attach": true has no function to attach to; expected update-functions to name the functions, or attach: false.'
  ],
  [
    'missing source folder',
    async () => ({ source: '/nonexistent/layer-source', install: 'true' }),
    () =>
      'Input "source": no folder at /nonexistent/layer-source; expected the folder holding the manifest (default ".").'
  ],
  [
    'archive that is not a zip',
    async () => ({ archive: join(await folderWith({ 'layer.zip': 'plain text, not a zip' }), 'layer.zip') }),
    given =>
      new RegExp(
        `^Input "archive": ${escapeRegExp(given.archive)} is not a readable zip file \\([^\\r\\n]+\\); ${escapeRegExp(ARCHIVE_FORMS)}\\.$`
      )
  ],
  [
    'zip with a ".." entry',
    async () => ({ archive: await zipWithNames(['nodejs/index.js', 'nodejs/../../etc/cron.d/evil']) }),
    given =>
      `Input "archive": ${given.archive} holds an entry "nodejs/../../etc/cron.d/evil" that climbs out of the layer with ".."; ${ARCHIVE_FORMS}.`
  ],
  [
    'zip with nothing where the runtime loads from',
    async () => ({ archive: await zipWithNames(['python/lib/x.py']) }),
    () =>
      'Input "archive": nothing in the layer is where nodejs22.x loads from (/opt/nodejs/node_modules or /opt/nodejs/node22/node_modules or /opt/bin or /opt/lib); its top level holds python.'
  ]
]

describe('bad inputs end to end', () => {
  it.each(CASES)('%s: one error line, exit 1, no output, no request, nothing built', async (_name, prepare, says) => {
    const given = await prepare()
    const run = await runAction(
      {
        'layer-name': 'bad',
        runtime: 'nodejs22.x',
        regions: 'eu-west-1',
        source: PREBUILT_FIXTURE,
        install: 'false',
        ...given
      },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    const errors = errorLines(run)
    expect(errors).toHaveLength(1)
    const expected = says(given)
    if (typeof expected === 'string') expect(errors[0]).toBe(expected)
    else expect(errors[0]).toMatch(expected)
    expect(server.requests).toEqual([])
    expect(run.outputs).toEqual({})
    expect(await builtFiles(run.runnerTemp)).toEqual([])
  })
})
