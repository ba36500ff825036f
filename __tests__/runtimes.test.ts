import { RUNTIMES, findRuntime, installPath } from '../src/model/runtimes.js'

describe('runtime table', () => {
  it('knows every runtime the action promises', () => {
    const ids = [
      'nodejs18.x',
      'nodejs20.x',
      'nodejs22.x',
      'nodejs24.x',
      'python3.10',
      'python3.11',
      'python3.12',
      'python3.13',
      'python3.14',
      'ruby3.2',
      'ruby3.3',
      'ruby3.4',
      'java8.al2',
      'java11',
      'java17',
      'java21',
      'java25',
      'provided.al2',
      'provided.al2023'
    ]
    expect(RUNTIMES.map(runtime => runtime.id).sort()).toEqual([...ids].sort())
  })

  it.each([
    ['nodejs22.x', 'nodejs/node_modules', 'AL2023', '2.34'],
    ['nodejs18.x', 'nodejs/node_modules', 'AL2', '2.26'],
    ['python3.11', 'python/lib/python3.11/site-packages', 'AL2', '2.26'],
    ['python3.14', 'python/lib/python3.14/site-packages', 'AL2023', '2.34'],
    ['ruby3.3', 'ruby/gems/3.3.0', 'AL2023', '2.34'],
    ['java17', 'java/lib', 'AL2', '2.26'],
    ['provided.al2023', 'bin', 'AL2023', '2.34']
  ])('%s installs into %s on %s (glibc %s)', (id, path, amazonLinux, glibc) => {
    const runtime = findRuntime(id)!
    expect(installPath(runtime)).toBe(path)
    expect(runtime.amazonLinux).toBe(amazonLinux)
    expect(runtime.glibc).toBe(glibc)
  })
})
