import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parse } from 'ini'
import { deleteKeyText, deleteSectionText, setKeyText } from '../../../src/core/configedit.js'

describe('config text edited in place', () => {
  it("a key's line keeps its spacing and inline comment; a value the INI reader would cut is quoted", () => {
    const text = '[queue]\nmax_queue_len =   5\t; less\n'
    assert.equal(setKeyText(text, 'queue', 'max_queue_len', '9'), '[queue]\nmax_queue_len =   9\t; less\n')
    const odd = setKeyText(text, 'queue', 'max_queue_len', 'a;b')
    assert.equal((parse(odd) as { queue: { max_queue_len: string } }).queue.max_queue_len, 'a;b')
  })
  it('a new key goes after the last key of its section, before the comments that end it; a new section at the end', () => {
    const text = '[a]\nx = 1\n; about b\n\n[b]\ny = 2\n'
    assert.equal(setKeyText(text, 'a', 'z', '3'), '[a]\nx = 1\nz = 3\n; about b\n\n[b]\ny = 2\n')
    assert.equal(setKeyText(text, 'c', 'z', '3'), `${text}\n[c]\nz = 3\n`)
    assert.equal(setKeyText('', 'c', 'z', '3'), '[c]\nz = 3\n')
  })
  it('CRLF line ends and a last line without one are kept', () => {
    assert.equal(setKeyText('[a]\r\nx = 1\r\n', 'a', 'y', '2'), '[a]\r\nx = 1\r\ny = 2\r\n')
    assert.equal(setKeyText('[a]\nx = 1', 'a', 'x', '2'), '[a]\nx = 2')
    assert.equal(deleteKeyText('[a]\nx = 1\ny = 2', 'a', (k) => k === 'y'), '[a]\nx = 1')
  })
  it('a key written under several names (synonyms) ends as one line, where the last one was', () => {
    const text = '[prof_p]\ncpus = 2\nmem = 1G\ncores = 4\n'
    assert.equal(setKeyText(text, 'prof_p', 'cores', '8', (k) => k === 'cpus' || k === 'cores'), '[prof_p]\nmem = 1G\ncores = 8\n')
  })
  it('a section goes with its keys and the comments among them, not with those after it', () => {
    const text = '# top\n\n[a]\nx = 1\n; inside\ny = 2\n\n# about b\n[b]\nz = 3\n'
    assert.equal(deleteSectionText(text, 'a'), '# top\n\n# about b\n[b]\nz = 3\n')
    assert.equal(deleteSectionText(text, 'b'), '# top\n\n[a]\nx = 1\n; inside\ny = 2\n\n# about b\n')
    assert.equal(deleteSectionText(text, 'c'), text)
  })
})
