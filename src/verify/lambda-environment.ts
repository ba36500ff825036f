/**
 * The environment a module loads in: Lambda's variables for the runtime, rooted where the layer
 * is (/opt inside the Lambda image, a scratch copy of the extracted zip on the runner).
 */
import type { LambdaRuntime } from '../model/runtimes.js'

/** Where the layer and the (empty) function code folder are, and whether this is Lambda's own image. */
export interface LoadRoots {
  /** /opt in the image; the scratch copy of the extracted zip on the runner. */
  layer: string
  /** /var/task in the image; an empty folder on the runner. */
  task: string
  /** True inside a Lambda base image: its runtime folders (/var/runtime, /var/lang) are Lambda's too. */
  image: boolean
  /** On the runner: the folder of the interpreter that loads the modules. */
  interpreterDir?: string
  /** AWS_REGION as a function there would see it (no credentials are ever given to a load). */
  region: string
}

function joined(paths: string[]): string {
  return paths.filter(Boolean).join(':')
}

/** Lambda's NODE_PATH order: the versioned folder first, then nodejs/node_modules, then the runtime's own. */
export function nodePath(runtime: LambdaRuntime, roots: LoadRoots): string {
  const layer = [
    `${roots.layer}/nodejs/node${runtime.languageVersion}/node_modules`,
    `${roots.layer}/nodejs/node_modules`
  ]
  return joined(roots.image ? [...layer, '/var/runtime/node_modules', '/var/runtime', roots.task] : layer)
}

function familyVariables(runtime: LambdaRuntime, roots: LoadRoots): Record<string, string> {
  const version = runtime.languageVersion
  switch (runtime.family) {
    case 'nodejs':
      return { NODE_PATH: nodePath(runtime, roots) }
    case 'python': {
      const layer = [`${roots.layer}/python/lib/python${version}/site-packages`, `${roots.layer}/python`]
      return { PYTHONPATH: joined(roots.image ? [...layer, '/var/runtime'] : layer), PYTHONNOUSERSITE: '1' }
    }
    case 'ruby': {
      const gems = `${roots.layer}/ruby/gems/${version}.0`
      return {
        GEM_HOME: gems,
        GEM_PATH: roots.image ? joined([gems, '/var/runtime', `/var/runtime/ruby/${version}.0`]) : gems,
        RUBYLIB: joined(
          roots.image ? [roots.task, '/var/runtime/lib', `${roots.layer}/ruby/lib`] : [`${roots.layer}/ruby/lib`]
        )
      }
    }
    default:
      return {}
  }
}

/**
 * The whole environment of a load: nothing inherited from the runner. PATH ends in the layer's bin/
 * and LD_LIBRARY_PATH in its lib/, in Lambda's order.
 */
export function lambdaEnvironment(runtime: LambdaRuntime, roots: LoadRoots): Record<string, string> {
  const system = ['/usr/local/bin', '/usr/bin', '/bin']
  const path = roots.image
    ? joined(['/var/lang/bin', ...system, `${roots.layer}/bin`])
    : joined([roots.interpreterDir ?? '', ...system, `${roots.layer}/bin`])
  const libraries = roots.image
    ? ['/var/lang/lib', '/lib64', '/usr/lib64', '/var/runtime', '/var/runtime/lib', roots.task, `${roots.task}/lib`]
    : []
  return {
    PATH: path,
    LD_LIBRARY_PATH: joined([...libraries, `${roots.layer}/lib`]),
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: roots.region,
    AWS_DEFAULT_REGION: roots.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime.id}`,
    LAMBDA_TASK_ROOT: roots.task,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    ...(roots.image ? {} : { HOME: roots.task }),
    ...familyVariables(runtime, roots)
  }
}
