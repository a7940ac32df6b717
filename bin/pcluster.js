#!/usr/bin/env node
// The launcher as an ES module, for whoever runs bin/pcluster.js: the same as bin/pcluster.cjs, which
// `pcluster` (package.json "bin", bin/pcluster) runs directly.
import { createRequire } from 'node:module'
createRequire(import.meta.url)('./pcluster.cjs')
