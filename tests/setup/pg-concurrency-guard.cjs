// Preloaded into every Jest worker (NODE_OPTIONS, set by global-setup.ts). pg 8 only warns when one client is given a
// query while another is still running on it (a Promise.all inside a transaction); pg 9 will refuse it. Each such
// warning is written down with its stack, and global-teardown.ts fails the run when there is any.
const { appendFileSync } = require('node:fs');

const file = process.env.VANTHU_PG_WARNINGS_FILE;
process.on('warning', (w) => {
  if (file && w.name === 'DeprecationWarning' && /already executing a query/.test(w.message)) {
    appendFileSync(file, `${w.stack}\n---\n`);
  }
});
