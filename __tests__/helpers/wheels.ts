import AdmZip from 'adm-zip'
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface WheelSpec {
  name: string
  version: string
  /** e.g. py3-none-any or cp312-cp312-manylinux2014_aarch64 */
  tag: string
  files: Record<string, string | Buffer>
  requires?: string[]
  /** Provides-Extra names, for requires with extra == "…" markers. */
  extras?: string[]
  /** Requires-Python, e.g. >=3.11 */
  requiresPython?: string
}

function recordHash(content: Buffer): string {
  return `sha256=${createHash('sha256').update(content).digest('base64url')}`
}

/** Writes a valid wheel (PEP 427) into folder and returns its path, so pip installs it offline. */
export function writeWheel(folder: string, spec: WheelSpec): string {
  const distribution = spec.name.replace(/-/g, '_')
  const distInfo = `${distribution}-${spec.version}.dist-info`
  const [python, abi, platform] = spec.tag.split('-')
  const metadata = [
    'Metadata-Version: 2.1',
    `Name: ${spec.name}`,
    `Version: ${spec.version}`,
    ...(spec.requiresPython ? [`Requires-Python: ${spec.requiresPython}`] : []),
    ...(spec.extras ?? []).map(extra => `Provides-Extra: ${extra}`),
    ...(spec.requires ?? []).map(requirement => `Requires-Dist: ${requirement}`),
    ''
  ].join('\n')
  const wheel = [
    'Wheel-Version: 1.0',
    'Generator: lambda-layer-tests',
    `Root-Is-Purelib: ${platform === 'any'}`,
    `Tag: ${spec.tag}`,
    ''
  ].join('\n')
  const files: Record<string, Buffer> = {}
  for (const [path, content] of Object.entries(spec.files)) files[path] = Buffer.from(content)
  files[`${distInfo}/METADATA`] = Buffer.from(metadata)
  files[`${distInfo}/WHEEL`] = Buffer.from(wheel)
  const record = Object.entries(files).map(([path, content]) => `${path},${recordHash(content)},${content.length}`)
  record.push(`${distInfo}/RECORD,,`)
  files[`${distInfo}/RECORD`] = Buffer.from(`${record.join('\n')}\n`)

  const zip = new AdmZip()
  for (const [path, content] of Object.entries(files)) zip.addFile(path, content)
  const fileName = `${distribution}-${spec.version}-${python}-${abi}-${platform}.whl`
  const path = join(folder, fileName)
  zip.writeZip(path)
  return path
}

/** A folder of wheels for pip --find-links: demo-pure (pure Python) and native-demo for cp312 on both Linux CPUs. */
export async function wheelhouse(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'wheelhouse-'))
  writeWheel(folder, {
    name: 'demo-pure',
    version: '1.0.0',
    tag: 'py3-none-any',
    files: { 'demo_pure/__init__.py': 'ANSWER = 42\n' }
  })
  for (const machine of ['aarch64', 'x86_64']) {
    writeWheel(folder, {
      name: 'native-demo',
      version: '2.0.0',
      tag: `cp312-cp312-manylinux2014_${machine}`,
      files: {
        'native_demo/__init__.py': 'from ._native import *\n',
        [`native_demo/_native.cpython-312-${machine}-linux-gnu.so`]: `compiled for ${machine}`
      },
      requires: ['demo-pure>=1.0']
    })
  }
  return folder
}

export interface ScriptedWheelSpec extends WheelSpec {
  /** console_scripts entry points: name → module:function. */
  consoleScripts?: Record<string, string>
  /** Files of <dist>.data/scripts, e.g. a "#!python" script pip rewrites to the Python running it. */
  dataScripts?: Record<string, string>
}

/** A wheel with console scripts: entry_points.txt and .data/scripts files. */
export function writeScriptedWheel(folder: string, spec: ScriptedWheelSpec): string {
  const distribution = spec.name.replace(/-/g, '_')
  const files: Record<string, string | Buffer> = { ...spec.files }
  const scripts = Object.entries(spec.consoleScripts ?? {})
  if (scripts.length > 0) {
    files[`${distribution}-${spec.version}.dist-info/entry_points.txt`] =
      `[console_scripts]\n${scripts.map(([name, target]) => `${name} = ${target}`).join('\n')}\n`
  }
  for (const [name, content] of Object.entries(spec.dataScripts ?? {}))
    files[`${distribution}-${spec.version}.data/scripts/${name}`] = content
  return writeWheel(folder, { ...spec, files })
}

/**
 * A PEP 517 build backend in the source tree (backend-path = ["."]): it needs nothing from an
 * index, so pip builds offline. It packs the files listed in backend-spec.json into a wheel.
 */
const IN_TREE_BACKEND = `import base64, hashlib, json, os, zipfile

def _spec():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "backend-spec.json")) as f:
        return json.load(f)

def get_requires_for_build_wheel(config_settings=None):
    return []

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    spec = _spec()
    dist = spec["name"].replace("-", "_")
    info = "%s-%s.dist-info" % (dist, spec["version"])
    files = dict(spec["files"])
    files[info + "/METADATA"] = "Metadata-Version: 2.1\\nName: %s\\nVersion: %s\\n%s%s" % (
        spec["name"], spec["version"], "".join("Provides-Extra: %s\\n" % e for e in spec.get("extras", [])),
        "".join("Requires-Dist: %s\\n" % r for r in spec.get("requires", [])))
    files[info + "/WHEEL"] = "Wheel-Version: 1.0\\nGenerator: in-tree\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    scripts = spec.get("scripts", {})
    if scripts:
        files[info + "/entry_points.txt"] = "[console_scripts]\\n" + "".join("%s = %s\\n" % kv for kv in scripts.items())
    record = []
    for path, text in files.items():
        data = text.encode()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
    record.append(info + "/RECORD,,")
    files[info + "/RECORD"] = "\\n".join(record) + "\\n"
    name = "%s-%s-py3-none-any.whl" % (dist, spec["version"])
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as wheel:
        for path, text in files.items():
            wheel.writestr(path, text)
    return name
`

export interface ProjectSpec {
  name: string
  version: string
  files: Record<string, string>
  requires?: string[]
  extras?: string[]
  scripts?: Record<string, string>
}

const IN_TREE_BUILD_SYSTEM = '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n'

/** Writes an in-tree-backend project into folder: backend.py, backend-spec.json and a pyproject.toml (its [build-system] first, then projectToml). */
export async function writeInTreeProject(folder: string, spec: ProjectSpec, projectToml: string): Promise<void> {
  await mkdir(folder, { recursive: true })
  await writeFile(join(folder, 'backend.py'), IN_TREE_BACKEND)
  await writeFile(join(folder, 'backend-spec.json'), JSON.stringify(spec))
  await writeFile(join(folder, 'pyproject.toml'), `${IN_TREE_BUILD_SYSTEM}\n${projectToml}`)
}

/** A source distribution (name-version.tar.gz) only pip can build, offline, with the in-tree backend. */
export async function writeSdist(folder: string, spec: ProjectSpec): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'sdist-'))
  const root = `${spec.name.replace(/-/g, '_')}-${spec.version}`
  await writeInTreeProject(join(scratch, root), spec, `[project]\nname = "${spec.name}"\nversion = "${spec.version}"\n`)
  await writeFile(
    join(scratch, root, 'PKG-INFO'),
    `Metadata-Version: 2.1\nName: ${spec.name}\nVersion: ${spec.version}\n`
  )
  const path = join(folder, `${root}.tar.gz`)
  execFileSync('tar', ['-czf', path, '-C', scratch, root])
  return path
}
