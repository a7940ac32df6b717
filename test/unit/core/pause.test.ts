// A pause cut short by an AbortSignal leaves no listener behind: a wait of many polls under one --timeout signal
// added one per poll, and Node warned (MaxListenersExceededWarning) after ten.
import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import { describe, it } from 'node:test'
import { pause } from '../../../src/core/pause.js'

describe('pause', () => {
  it('a pause that ran its time leaves no listener on the signal, however many were taken', async () => {
    const signal = new AbortController().signal
    for (let i = 0; i < 20; i++) await pause(1, signal)
    assert.equal(getEventListeners(signal, 'abort').length, 0)
  })
  it('an abort ends it at once, also one that came before it began', async () => {
    const c = new AbortController()
    const cut = pause(60_000, c.signal)
    c.abort()
    await cut
    await pause(60_000, c.signal)
    assert.equal(getEventListeners(c.signal, 'abort').length, 0)
  })
})
