/** The one-module loaders: a program and arguments that load a module the way the runtime would. */
import type { LambdaRuntime } from '../model/runtimes.js'

/** Exit code of a loader when the package is there but has no entry point to load (types, CLIs). */
export const NOTHING_TO_LOAD = 3

/**
 * Node.js: require() through NODE_PATH only (the eval module's own lookup paths are cleared, as a
 * function's code folder holds no node_modules). ESM-only packages, which require() of older Node
 * versions refuses, are imported by the path of their entry point instead.
 */
export const NODE_LOADER = `
const name = process.argv[1]
const fs = require('fs'), path = require('path'), url = require('url')
module.paths.length = 0
function packageDir() {
  for (const dir of (process.env.NODE_PATH || '').split(':').filter(Boolean)) {
    if (fs.existsSync(path.join(dir, name, 'package.json'))) return path.join(dir, name)
  }
}
function exported(target) {
  if (typeof target === 'string') return target
  if (!target || typeof target !== 'object') return undefined
  if (Array.isArray(target)) return target.map(exported).find(Boolean)
  if ('.' in target) return exported(target['.'])
  for (const condition of ['node', 'import', 'default']) if (condition in target) return exported(target[condition])
}
function entryPoint(dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
  if (manifest.exports !== undefined) {
    const entry = exported(manifest.exports)
    return entry && path.join(dir, entry)
  }
  if (manifest.main) return path.join(dir, manifest.main)
  for (const index of ['index.js', 'index.cjs', 'index.mjs', 'index.json', 'index.node'])
    if (fs.existsSync(path.join(dir, index))) return path.join(dir, index)
}
function fail(error) {
  // The stack, then the message alone: the last line names what is missing or what threw.
  console.error(error && error.stack ? error.stack : String(error))
  console.error(error && error.message ? String(error.message).split('\\n')[0] : String(error))
  process.exit(1)
}
try {
  require(name)
} catch (error) {
  const dir = packageDir()
  const esm = ['ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE', 'ERR_PACKAGE_PATH_NOT_EXPORTED'].includes(error.code)
  const entry = dir && entryPoint(dir)
  const message = String(error.message)
  const itself =
    message.startsWith("Cannot find module '" + name + "'") ||
    (error.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' && dir && message.includes(path.join(dir, 'package.json')))
  if (dir && !entry && itself) {
    console.log(name + ' has no entry point (no main, "." export or index.js): nothing to load')
    process.exit(${NOTHING_TO_LOAD})
  }
  if (!esm || !entry) fail(error)
  import(url.pathToFileURL(entry).href).catch(fail)
}
`.trim()

/**
 * Python: import_module. Run with -I -S on the runner, the interpreter reads no PYTHON* variables,
 * no user or system site-packages and not the working folder; the loader then puts exactly
 * PYTHONPATH's folders (the layer's) first on sys.path, so only the standard library and the layer
 * can satisfy an import. In the Lambda image (no flags) PYTHONPATH applies as on Lambda.
 */
export const PYTHON_LOADER = [
  'import importlib, os, sys',
  'if sys.flags.isolated: sys.path[0:0] = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]',
  'importlib.import_module(sys.argv[1])'
].join('\n')

/** Ruby: require the gem's name, then (as Bundler.require does) the name with dashes as slashes. */
export const RUBY_LOADER = [
  'name = ARGV[0]',
  'begin',
  '  begin',
  '    require name',
  '  rescue LoadError => error',
  "    raise unless name.include?('-') && error.path == name",
  "    require name.tr('-', '/')",
  '  end',
  'rescue Exception => error',
  // The backtrace, then the message alone: the last line names what is missing or what raised.
  '  warn error.full_message(highlight: false)',
  '  warn "#{error.class}: #{error.message.lines.first}"',
  '  exit 1',
  'end'
].join('\n')

export interface LoaderCommand {
  program: string
  args: string[]
}

/** The command that loads one module with the given interpreter; undefined for runtimes nothing is loaded for. */
export function loaderCommand(
  runtime: LambdaRuntime,
  interpreter: string,
  module: string,
  isolated: boolean
): LoaderCommand | undefined {
  switch (runtime.family) {
    case 'nodejs':
      return { program: interpreter, args: ['-e', NODE_LOADER, module] }
    case 'python':
      return { program: interpreter, args: [...(isolated ? ['-I', '-S'] : []), '-c', PYTHON_LOADER, module] }
    case 'ruby':
      return { program: interpreter, args: ['-e', RUBY_LOADER, module] }
    default:
      return undefined
  }
}
