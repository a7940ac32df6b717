// The whole flow (scenarios.ts) on torque6: a file of its own, with the runner's whole per-file time.
import { wholeFlow } from './scenarios.js'

wholeFlow('torque6')
