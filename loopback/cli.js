#!/usr/bin/env node
// Usage: node loopback/cli.js [--port N] [--host H] [--account-id ID]
import { startLambdaApiServer } from './lambda-api-server.js'

const USAGE = 'usage: node loopback/cli.js [--port N] [--host H] [--account-id 123456789012]'

function parseArguments(argv) {
  const options = {}
  for (let index = 0; index < argv.length; index += 1) {
    const [flag, inlineValue] = argv[index].split(/=(.*)/s, 2)
    const value = inlineValue ?? argv[++index]
    if (value === undefined) throw new Error(`${flag} needs a value`)
    if (flag === '--port') options.port = parsePort(value)
    else if (flag === '--host') options.host = value
    else if (flag === '--account-id') options.accountId = value
    else throw new Error(`unknown argument ${flag}`)
  }
  return options
}

function parsePort(value) {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${value}`)
  return port
}

async function main() {
  let options
  try {
    options = parseArguments(process.argv.slice(2))
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`)
    process.exit(2)
  }
  const server = await startLambdaApiServer(options)
  console.log(`listening on ${server.url}`)
  const stop = async () => {
    await server.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

await main()
