import type { Logger } from "../lib/logger";

/**
 * Work that continues after the response (a committed import runs in chunks while the client
 * polls its progress). Shutdown waits for it, so a stopping process finishes what it started.
 */
export class BackgroundJobs {
  readonly #running = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  start(name: string, job: () => Promise<void>): void {
    const running: Promise<void> = job()
      .catch((err) => this.log.error({ err, job: name }, "background job failed"))
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }
}
