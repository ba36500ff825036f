import { DeleteLayerVersionCommand, paginateListLayerVersions, type LambdaClient } from '@aws-sdk/client-lambda'

/** Versions to delete so that only the newest `keep` remain; never `current`. Pure. */
export function versionsToDelete(versions: number[], keep: number, current: number): number[] {
  if (keep <= 0) return []
  const newestFirst = [...new Set(versions)].sort((a, b) => b - a)
  const kept = new Set(newestFirst.slice(0, keep))
  kept.add(current)
  return newestFirst.filter(version => !kept.has(version))
}

/** Deletes the region's versions older than the newest `keep`, sparing `current`. Returns those deleted. */
export async function pruneOldVersions(
  client: LambdaClient,
  layerName: string,
  keep: number,
  current: number
): Promise<number[]> {
  if (keep <= 0) return []
  const versions: number[] = []
  for await (const page of paginateListLayerVersions({ client }, { LayerName: layerName })) {
    for (const item of page.LayerVersions ?? []) if (item.Version !== undefined) versions.push(item.Version)
  }
  const doomed = versionsToDelete(versions, keep, current)
  for (const version of doomed) {
    await client.send(new DeleteLayerVersionCommand({ LayerName: layerName, VersionNumber: version }))
  }
  return doomed
}
