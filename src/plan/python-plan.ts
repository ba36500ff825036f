/** Which Python manifest a layer is installed from when several are present. */
import { Input } from '../model/action-io.js'
import { InputError } from '../model/errors.js'

export type PythonManifest = 'requirements.txt' | 'pyproject.toml' | 'Pipfile.lock'
export type PythonLockfile = 'uv.lock' | 'poetry.lock' | 'Pipfile.lock'

export interface PythonInstallPlan {
  family: 'python'
  manifest: PythonManifest
  /** The lockfile that pins the versions, when one is used. */
  lockfile?: PythonLockfile
  /** [project.optional-dependencies] groups to install too. */
  extras: string[]
  /** Python manifests present but not used, for the log. */
  ignored: string[]
}

/**
 * Order of preference: a lockfile pins exact versions, so uv.lock (with pyproject.toml), then
 * poetry.lock (with pyproject.toml), then Pipfile.lock; then requirements.txt; then pyproject.toml.
 */
const PREFERENCE: Array<{ manifest: PythonManifest; lockfile?: PythonLockfile; needs: string[] }> = [
  { manifest: 'pyproject.toml', lockfile: 'uv.lock', needs: ['pyproject.toml', 'uv.lock'] },
  { manifest: 'pyproject.toml', lockfile: 'poetry.lock', needs: ['pyproject.toml', 'poetry.lock'] },
  { manifest: 'Pipfile.lock', lockfile: 'Pipfile.lock', needs: ['Pipfile.lock'] },
  { manifest: 'requirements.txt', needs: ['requirements.txt'] },
  { manifest: 'pyproject.toml', needs: ['pyproject.toml'] }
]

const PYTHON_FILES = ['uv.lock', 'poetry.lock', 'Pipfile.lock', 'Pipfile', 'requirements.txt', 'pyproject.toml']

/** Picks the manifest (and lockfile) to install from; undefined when the folder has none. */
export function planPythonInstall(files: string[], extras: string[]): PythonInstallPlan | undefined {
  const choice = PREFERENCE.find(option => option.needs.every(name => files.includes(name)))
  if (!choice) return undefined
  if (extras.length > 0 && choice.manifest !== 'pyproject.toml') {
    throw new InputError(
      Input.PythonExtras,
      `selects [project.optional-dependencies] groups of pyproject.toml, but the layer is installed from ${choice.manifest}; remove python-extras or install from pyproject.toml.`
    )
  }
  const used = choice.needs
  const ignored = PYTHON_FILES.filter(name => files.includes(name) && !used.includes(name))
  return { family: 'python', manifest: choice.manifest, lockfile: choice.lockfile, extras, ignored }
}

/** One log line: what is installed from, and what else was there. */
export function describePythonPlan(plan: PythonInstallPlan): string {
  const from =
    plan.lockfile && plan.lockfile !== plan.manifest ? `${plan.lockfile} (with ${plan.manifest})` : plan.manifest
  const extras = plan.extras.length > 0 ? `, extras ${plan.extras.join(', ')}` : ''
  const ignored =
    plan.ignored.length > 0
      ? `; also present, not used: ${plan.ignored.join(', ')} (lockfiles first: uv.lock, poetry.lock, Pipfile.lock, then requirements.txt, then pyproject.toml)`
      : ''
  return `Python dependencies from ${from}${extras}${ignored}`
}
