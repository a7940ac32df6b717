// One handler per request (hello is the server's handshake); a request type without one does not compile.
import type { Request } from '../protocol.js'
import { cancel } from './cancel.js'
import type { Handler } from './context.js'
import { info } from './info.js'
import { queue } from './queue.js'
import { release } from './release.js'
import { status } from './status.js'
import { stop } from './stop.js'
import { submit } from './submit.js'
import { watch } from './watch.js'

export const HANDLERS = { submit, status, queue, watch, cancel, release, info, stop } satisfies { [T in Exclude<Request['type'], 'hello'>]: Handler<T> }
