import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  at: number;
  path: string;
  contentType: string | undefined;
  body: any;
  raw: string;
}

/** A fake Discord on 127.0.0.1: records posts, answers from `plan` (then 204), checks nothing leaks. */
export class FakeDiscord {
  readonly received: Received[] = [];
  plan: (number | { status: number; body?: unknown })[] = [];
  server!: Server;
  url = "";

  async start() {
    this.server = createServer(async (req: IncomingMessage, res) => {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {}
      this.received.push({
        at: performance.now(),
        path: req.url ?? "",
        contentType: req.headers["content-type"],
        body,
        raw,
      });
      const step = this.plan.shift() ?? 204;
      const { status, body: answer } = typeof step === "number" ? { status: step, body: undefined } : step;
      res.writeHead(status, answer ? { "content-type": "application/json" } : {});
      res.end(answer ? JSON.stringify(answer) : undefined);
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}
