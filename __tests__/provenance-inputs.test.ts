import type * as github from '@actions/github'
import { readInputs } from '../src/inputs/read-inputs.js'
import { readWorkflowRun } from '../src/inputs/github-context.js'
import { expandDescription } from '../src/inputs/description.js'
import { commitUrl, runUrl, type WorkflowRun } from '../src/model/workflow-run.js'
import { actionOutputs } from '../src/report/outputs.js'
import type { RegionResult } from '../src/publish/publish-region.js'
import type { LayerArchive } from '../src/package/zip-archive.js'

const RUN: WorkflowRun = {
  sha: 'fedcba9876543210fedcba9876543210fedcba98',
  ref: 'refs/tags/v1.2.0',
  repository: 'octo/layers',
  runId: '77',
  serverUrl: 'https://ghe.example.com'
}

const read = (values: Record<string, string>) => (name: string) =>
  ({ 'layer-name': 'deps', runtime: 'python3.12', regions: 'eu-west-1 ap-southeast-2', ...values })[name] ?? ''

describe('description placeholders', () => {
  it('keeps the template and fills it per region with the run and layer values', () => {
    const inputs = readInputs(read({ description: '{layer} {arch} {runtime} {region} {ref} {short-sha}' }), {}, RUN)
    expect(inputs.description).toBe('{layer} {arch} {runtime} {region} {ref} {short-sha}')
    const layer = { layer: 'deps', arch: 'x86_64', runtime: 'python3.12', region: 'ap-southeast-2' }
    expect(expandDescription(inputs.description as string, layer, RUN)).toBe(
      'deps x86_64 python3.12 ap-southeast-2 refs/tags/v1.2.0 fedcba9'
    )
  })

  it('checks the length in the region with the longest name', () => {
    const padding = 'x'.repeat(256 - ' ap-southeast-2'.length)
    expect(() => readInputs(read({ description: `${padding} {region}` }), {}, RUN)).not.toThrow()
    expect(() => readInputs(read({ description: `${padding}x {region}` }), {}, RUN)).toThrow(
      'Input "description": 257 characters once the placeholders are filled (ap-southeast-2); Lambda accepts at most 256.'
    )
    expect(() => readInputs(read({ description: 'y'.repeat(257) }), {}, RUN)).toThrow(
      'Input "description": 257 characters given; Lambda accepts at most 256.'
    )
  })

  it('refuses a placeholder the run has no value for, naming the variable', () => {
    expect(() => readInputs(read({ description: 'run {run-url}' }), {}, { ...RUN, runId: undefined })).toThrow(
      'Input "description": {run-url} has no value: GITHUB_REPOSITORY or GITHUB_RUN_ID is not set'
    )
    expect(() => readInputs(read({ description: 'plain text, no braces' }), {})).not.toThrow()
  })
})

describe('readWorkflowRun', () => {
  it('reads the context, and leaves out what the environment does not set', () => {
    const context = {
      sha: RUN.sha,
      ref: RUN.ref,
      runId: 77,
      serverUrl: 'https://ghe.example.com/',
      repo: { owner: 'octo', repo: 'layers' }
    } as unknown as typeof github.context
    expect(readWorkflowRun(context)).toEqual(RUN)
    const outside = {
      sha: undefined,
      ref: undefined,
      runId: NaN,
      serverUrl: 'https://github.com',
      get repo(): never {
        throw new Error("context.repo requires a GITHUB_REPOSITORY environment variable like 'owner/repo'")
      }
    } as unknown as typeof github.context
    expect(readWorkflowRun(outside)).toEqual({ serverUrl: 'https://github.com' })
    expect(commitUrl(RUN)).toBe(`https://ghe.example.com/octo/layers/commit/${RUN.sha}`)
    expect(runUrl(RUN)).toBe('https://ghe.example.com/octo/layers/actions/runs/77')
  })
})

describe('layer-version-arn', () => {
  const archive = { path: '/tmp/x.zip', codeSha256: 'x', zipBytes: 1, unzippedBytes: 1 } as LayerArchive
  const result = (region: string, status: RegionResult['status']): RegionResult => ({
    region,
    status,
    layerVersionArn: status === 'failed' ? undefined : `arn:aws:lambda:${region}:123456789012:layer:deps:1`,
    grantedStatements: [],
    deletedVersions: [],
    functions: [],
    warnings: []
  })

  it('is the first region of the input, whatever order the results came in, and empty when it failed', () => {
    const done = [result('us-east-1', 'published'), result('eu-west-1', 'reused')]
    expect(actionOutputs(archive, done, { firstRegion: 'eu-west-1' })['layer-version-arn']).toBe(
      'arn:aws:lambda:eu-west-1:123456789012:layer:deps:1'
    )
    const failed = [result('eu-west-1', 'failed'), result('us-east-1', 'published')]
    expect(actionOutputs(archive, failed, { firstRegion: 'eu-west-1' })['layer-version-arn']).toBe('')
  })
})
