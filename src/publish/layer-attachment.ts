/** Pure planning of a function's new layer list when a new version of one layer is published. */

export const MAX_LAYERS_PER_FUNCTION = 5

/** arn:aws:lambda:region:account:layer:name:version → arn:aws:lambda:region:account:layer:name */
export function layerArnOf(layerVersionArn: string): string {
  return layerVersionArn.replace(/:\d+$/, '')
}

export type LayerListChange =
  | { kind: 'unchanged'; layers: string[] }
  | { kind: 'replaced'; layers: string[]; previous: string }
  | { kind: 'attached'; layers: string[] }
  | { kind: 'refused'; reason: string }

/**
 * Replaces the function's version of this layer with the new one, keeping the other layers in
 * order; when the function does not carry the layer, appends it only if `attach` allows and
 * the five-layer limit leaves room.
 */
export function planLayerList(current: string[], newVersionArn: string, attach: boolean): LayerListChange {
  const layer = layerArnOf(newVersionArn)
  const index = current.findIndex(arn => layerArnOf(arn) === layer)
  if (index >= 0) {
    if (current[index] === newVersionArn) return { kind: 'unchanged', layers: current }
    const layers = current.map((arn, position) => (position === index ? newVersionArn : arn))
    return { kind: 'replaced', layers, previous: current[index] }
  }
  if (!attach) return { kind: 'refused', reason: `does not use layer ${layer}; set attach: true to add it` }
  if (current.length >= MAX_LAYERS_PER_FUNCTION) {
    return {
      kind: 'refused',
      reason: `already has ${current.length} layers, Lambda's limit is ${MAX_LAYERS_PER_FUNCTION}`
    }
  }
  return { kind: 'attached', layers: [...current, newVersionArn] }
}
