/**
 * A small Python program run with the runner's (or build image's) python: pip evaluates PEP 508
 * markers for the Python running it, even with --python-version/--platform (pypa/pip#10050), for
 * the requirements given and for every dependency. The helper sets pip's vendored
 * packaging.markers default environment to the target runtime's before pip starts, so every
 * marker (top-level and of dependencies) is decided for the layer's Python and platform. It
 * also hands pip's resolver the target Python version for Requires-Python, which pip before 23.3
 * checked against its own Python.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BuildError, type CommandRunner } from './run-command.js'

const HELPER = `
import json, platform, sys
mode, environment = sys.argv[1], json.loads(sys.argv[2])
from pip._vendor.packaging import markers
if not callable(getattr(markers, "default_environment", None)):
    sys.exit("this pip has no packaging.markers.default_environment to set for the target")
markers.default_environment = lambda: dict(environment)
if mode == "pip":
    # pip before 23.3 (pypa/pip#12216) checks a candidate's Requires-Python metadata against the Python running it,
    # not --python-version; hand the resolver the target version as newer pips do.
    from pip._internal.cli import req_command
    make_resolver = req_command.RequirementCommand.make_resolver.__func__
    def target_resolver(cls, *args, **kwargs):
        options = kwargs.get("options", args[2] if len(args) > 2 else None)
        if kwargs.get("py_version_info") is None and getattr(options, "python_version", None):
            kwargs["py_version_info"] = options.python_version
        return make_resolver(cls, *args, **kwargs)
    req_command.RequirementCommand.make_resolver = classmethod(target_resolver)
    from pip._internal.cli.main import main
    sys.exit(main(sys.argv[3:]))
if mode == "about":
    print(json.dumps({"version": "%d.%d" % sys.version_info[:2], "machine": platform.machine(), "platform": sys.platform}))
    sys.exit(0)
from pip._vendor.packaging.requirements import Requirement
with open(sys.argv[3]) as source:
    asked = json.load(source)
answer = {"markers": [markers.Marker(m).evaluate() for m in asked["markers"]], "requirements": []}
for line in asked["requirements"]:
    requirement = Requirement(line)
    answer["requirements"].append({
        "name": requirement.name,
        "extras": sorted(requirement.extras),
        "specifier": str(requirement.specifier),
        "url": requirement.url,
        "applies": requirement.marker is None or requirement.marker.evaluate(),
    })
with open(sys.argv[4], "w") as target:
    json.dump(answer, target)
`

/** Writes the helper into the scratch folder (mounted in a build image too) and returns its path. */
async function helperFile(stagingDir: string): Promise<string> {
  const path = join(stagingDir, 'lambda_layer_pip.py')
  await writeFile(path, HELPER)
  return path
}

/** Runs the helper's pip with the target marker environment; output streams to the log. */
export async function runTargetPip(
  runner: CommandRunner,
  python: string,
  environment: Record<string, string>,
  pipArgs: string[],
  dirs: { cwd: string; stagingDir: string }
): Promise<void> {
  const helper = await helperFile(dirs.stagingDir)
  await runner.run({ program: python, args: [helper, 'pip', JSON.stringify(environment), ...pipArgs], cwd: dirs.cwd })
}

/** The Python that runs the install: its X.Y, machine (x86_64, aarch64) and sys.platform. */
export interface BuilderPython {
  version: string
  machine: string
  platform: string
}

export async function describePython(
  runner: CommandRunner,
  python: string,
  stagingDir: string
): Promise<BuilderPython> {
  const helper = await helperFile(stagingDir)
  const answer = await runner.output({ program: python, args: [helper, 'about', '{}'], cwd: stagingDir })
  if (answer === undefined) throw new BuildError(`${python} could not run pip's packaging (${runner.where})`)
  return JSON.parse(answer) as BuilderPython
}

export interface ParsedRequirement {
  name: string
  extras: string[]
  specifier: string
  url: string | null
  /** Its marker holds for the target (or it has none). */
  applies: boolean
}

export interface Evaluation {
  markers: boolean[]
  requirements: ParsedRequirement[]
}

/** Evaluates markers and parses PEP 508 requirements with pip's own packaging, for the target environment. */
export async function evaluateForTarget(
  runner: CommandRunner,
  python: string,
  environment: Record<string, string>,
  asked: { markers: string[]; requirements: string[] },
  stagingDir: string
): Promise<Evaluation> {
  const input = join(stagingDir, 'markers-asked.json')
  const output = join(stagingDir, 'markers-answered.json')
  await writeFile(input, JSON.stringify(asked))
  const helper = await helperFile(stagingDir)
  await runner.run({
    program: python,
    args: [helper, 'evaluate', JSON.stringify(environment), input, output],
    cwd: stagingDir
  })
  return JSON.parse(await readFile(output, 'utf8')) as Evaluation
}
