import * as core from '@actions/core'

function seconds(startedAt: number): string {
  return `${((Date.now() - startedAt) / 1000).toFixed(1)}s`
}

/** Runs one phase of the pipeline in a collapsible log group and logs how long it took. */
export async function timedGroup<T>(name: string, phase: () => Promise<T>): Promise<T> {
  const startedAt = Date.now()
  return core.group(name, async () => {
    try {
      const result = await phase()
      core.info(`${name}: done in ${seconds(startedAt)}`)
      return result
    } catch (error) {
      core.info(`${name}: failed after ${seconds(startedAt)}`)
      throw error
    }
  })
}
