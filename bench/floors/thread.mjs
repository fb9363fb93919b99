// Floor: Node starts a worker thread (as the dashboard starts its database
// thread) and prints one line when the thread first answers.
import { Worker } from 'node:worker_threads';

const thread = new Worker('import { parentPort } from "node:worker_threads"; parentPort.postMessage("up");', {
  eval: true,
});
thread.once('message', () => {
  process.stdout.write(`  ${new Date().toISOString()} a worker thread answered\n`);
  void thread.terminate();
});
