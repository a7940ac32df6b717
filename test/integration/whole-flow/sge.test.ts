// The whole flow (scenarios.ts) on sge: a file of its own, with the runner's whole per-file time.
import { wholeFlow } from './scenarios.js'

wholeFlow('sge')
