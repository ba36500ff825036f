// @actions/workflow-parser imports its JSON schemas without an import attribute (it expects a
// bundler). The load hook in json-modules-hook.mjs serves them as JSON modules so Node.js runs it as is.
import { register } from 'node:module'

register('./json-modules-hook.mjs', import.meta.url)
