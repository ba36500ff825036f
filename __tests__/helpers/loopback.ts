import { startLambdaApiServer, type LambdaApiServer } from '../../loopback/lambda-api-server.js'

/**
 * Starts one loopback AWS API server for the test file, resets it before each test and closes
 * it afterwards. Returns a stand-in that forwards to the running server.
 */
export function useLoopbackServer(): LambdaApiServer {
  let current: LambdaApiServer | undefined
  beforeAll(async () => {
    current = await startLambdaApiServer()
  })
  afterAll(async () => {
    await current?.close()
  })
  beforeEach(() => current?.reset())
  return new Proxy({} as LambdaApiServer, {
    get(_target, property) {
      if (!current) throw new Error('the loopback server is not running yet')
      const value = Reflect.get(current, property)
      return typeof value === 'function' ? value.bind(current) : value
    }
  })
}
