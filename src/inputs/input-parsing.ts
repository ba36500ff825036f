/** Small parsers for action inputs. Each failure is an InputError naming the input. */
import { InputError } from '../model/errors.js'

/** Splits a list input on commas, spaces and newlines, dropping empty items and duplicates. */
export function parseList(value: string): string[] {
  const items = value
    .split(/[\s,]+/)
    .map(item => item.trim())
    .filter(item => item.length > 0)
  return [...new Set(items)]
}

/** Splits a list of glob patterns like parseList, but keeps commas inside braces ({md,txt}). */
export function parseGlobList(value: string): string[] {
  const items: string[] = []
  let current = ''
  let depth = 0
  for (const character of value) {
    if (character === '{') depth++
    if (character === '}') depth = Math.max(0, depth - 1)
    if (/\s/.test(character) || (character === ',' && depth === 0)) {
      if (current) items.push(current)
      current = ''
    } else {
      current += character
    }
  }
  if (current) items.push(current)
  return [...new Set(items)]
}

const TRUE_WORDS = ['true', 'True', 'TRUE']
const FALSE_WORDS = ['false', 'False', 'FALSE']

export function parseBoolean(input: string, value: string, defaultValue: boolean): boolean {
  const trimmed = value.trim()
  if (trimmed === '') return defaultValue
  if (TRUE_WORDS.includes(trimmed)) return true
  if (FALSE_WORDS.includes(trimmed)) return false
  throw new InputError(input, `"${trimmed}" is not a boolean; expected true or false.`)
}
