export const JOB_BACKEND_PROBE = Symbol('JOB_BACKEND_PROBE');

/** Implemented by the queue module: answers when the job backend (PostgreSQL or Redis) is reachable. */
export interface JobBackendProbe {
  readonly name: string;
  check(): Promise<string>;
}
