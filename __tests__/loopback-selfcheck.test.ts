import { spawnSync } from 'node:child_process'

describe('loopback server', () => {
  it('passes its self-check driven by the real Lambda, S3 and SSM SDK clients', () => {
    const result = spawnSync(process.execPath, ['loopback/selfcheck.mjs'], {
      encoding: 'utf8',
      env: { ...process.env, AWS_ENDPOINT_URL: '' }
    })
    const failed = result.stdout.split('\n').filter(line => line.startsWith('FAIL'))
    expect(failed).toEqual([])
    expect(result.stdout).toMatch(/^(\d+)\/\1 checks passed$/m)
    expect(result.status).toBe(0)
  })
})
