import { createRedactor, redactStream, secretForms } from '../src/report/redact.js'

const env = {
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+KEY',
  AWS_SESSION_TOKEN: 'token/with+slash==',
  AWS_ACCESS_KEY_ID: 'AKIDPUBLIC'
}

describe('redaction', () => {
  it('masks each secret as it is, URL-encoded, JSON-escaped and escaped as in a workflow command', () => {
    const redact = createRedactor(env)
    expect(
      redact(
        'key wJalrXUtnFEMI/K7MDENG+KEY token token%2Fwith%2Bslash%3D%3D log token%252Fwith%252Bslash%253D%253D id AKIDPUBLIC'
      )
    ).toBe('key *** token *** log *** id AKIDPUBLIC')
  })

  it('leaves text alone when no secret is set, and ignores values too short to be real', () => {
    expect(secretForms({})).toEqual([])
    expect(secretForms({ AWS_SESSION_TOKEN: 'short' })).toEqual([])
    expect(createRedactor({ AWS_SESSION_TOKEN: 'short' })('short text')).toBe('short text')
  })

  it('catches a secret split across two writes of a stream', () => {
    const written: string[] = []
    const stream = { write: (chunk: string) => written.push(chunk) > 0 } as unknown as NodeJS.WriteStream
    redactStream(stream, createRedactor(env))
    stream.write('npm: token/wi')
    stream.write(Buffer.from('th+slash== printed\nnext '))
    stream.write('line\n')
    expect(written.join('')).toBe('npm: *** printed\nnext line\n')
  })
})
