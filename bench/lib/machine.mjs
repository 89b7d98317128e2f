import os from 'node:os';

export async function machineFacts(pg) {
  const [{ server_version: pgVersion }] = (await pg.query('SHOW server_version')).rows;
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version, postgres: pgVersion, platform: `${os.platform()} ${os.release()}`, loadAverage1m: os.loadavg()[0],
  };
}
