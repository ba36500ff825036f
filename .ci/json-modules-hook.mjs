import { readFile } from 'node:fs/promises'

/** Serves @actions/workflow-parser's schema files as JSON modules. */
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith('.json') && url.includes('/@actions/workflow-parser/')) {
    return { format: 'json', source: await readFile(new URL(url), 'utf8'), shortCircuit: true }
  }
  return nextLoad(url, context)
}
