// python-cluster 0.6.1's usage examples (its manual, chapter 1.2 and 1.3), line for line in TypeScript. Runs on
// whatever batch system is found here (PCLUSTER_QTYPE=local to use the local queue), in the current folder, and
// cleans up after itself. Each python line is the comment above its translation.
import { writeFileSync } from 'node:fs'
import { Job, Queue, RemoteError, cleanDir, getClusterEnvironment, submit, submitFile } from 'pcluster'
import { fails, slowSquare, wordCount } from './functions.js'

// 1.2.1: queue.MODE / get_cluster_environment()
const mode = await getClusterEnvironment()
console.log(`mode: ${mode}`)

// 1.2.2: job = cluster.submit(<command1>)
//        job2 = cluster.submit(<command2>, dependencies=job1)
//        exitcode, stdout, stderr = job2.get()  # Will block until job completes
const job = await submit('echo one > chain.txt')
const job2 = await submit('cat chain.txt; echo two', { dependencies: job })
const { exitCode, stdout, stderr } = await job2.get()
console.log(`chain: exit ${exitCode}, stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr)}`)

// 1.2.3: submit() works with functions as well as with shell commands
const counted = await submit(wordCount, ['the cat and the hat'])
console.log(`function: ${JSON.stringify([...(await counted.get()).result])}`)
const squared = await submit(slowSquare, [12], { cpus: 1 })
console.log(`async function: ${(await squared.get()).result}`)
try {
  await (await submit(fails, ['on purpose'])).get()
} catch (e) {
  if (!(e instanceof RemoteError)) throw e
  console.log(`remote error: ${e.remote.message} ${e.remote.stack.split('\n')[1]?.trim()}`)
}

// 1.2.4: from cluster import submit_file
//        submit_file('/path/to/script', dependencies=[7, 9])
writeFileSync('script.sh', '#!/bin/bash\necho "from a file: $1"\n')
const filed = await submitFile('script.sh', { dependencies: [job, job2], args: ['hello'] })
console.log(`file: submitted ${filed.id}`)

// 1.2.5: job = cluster.Job(my_job, cores=16)   (2 here: the examples run on small test machines)
//        job.submit(); job.wait(); print(job.stdout)
//        if job.exitcode != 0: print(job.stderr)
const myJob = `mkdir -p folder && for i in 1 2 3; do echo "line $i" > folder/$i.txt; done
for i in folder/*.txt; do
    echo $i >> my_output.txt
    echo job_$i done!
done`
const classJob = new Job(myJob, { cores: 2 })
await classJob.submit()
await classJob.wait()
console.log(`class: ${JSON.stringify(classJob.stdout)}`)
if (classJob.exitCode !== 0) console.log(classJob.stderr)

// 1.3: q = cluster.Queue(user='self'); q.jobs, q.running, q.complete, q.queued
const q = new Queue({ user: 'self' })
await q.update()
const mine = [job, job2, counted, squared, classJob].map((j) => j.id!)
console.log(`queue: ${mine.filter((id) => q.complete.has(id)).length} of ${mine.length} complete, ` +
  `${q.running.size} running, ${q.queued.size} queued, ${q.jobs.size} in all`)

// 1.4.3: clean_dir()  (the job files pcluster wrote here, and the examples' own)
await (await import('pcluster')).wait([filed.id], { qtype: filed.qtype })
const deleted = await cleanDir('.', { confirm: false })
console.log(`cleaned: ${deleted.length} files`)
