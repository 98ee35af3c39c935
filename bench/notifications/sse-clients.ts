/**
 * The browser tabs of bench/notifications/sse.ts, in their own process so that the server's
 * memory is measured alone: opens one SSE stream per line of the plan (url + cookie), and
 * prints one JSON line per `unread` event: {c: client index, u: count, t: epoch ms}.
 * Reads the plan as JSON from stdin; prints {"ready": n} once every stream sent its first count.
 */
import { text } from "node:stream/consumers";

const plan = JSON.parse(await text(process.stdin)) as { url: string; cookie: string }[];
const now = () => performance.timeOrigin + performance.now();
let ready = 0;
const out: string[] = [];
let flushing = false;
const emit = (line: string) => {
  out.push(line);
  if (flushing) return;
  flushing = true;
  queueMicrotask(() => {
    flushing = false;
    process.stdout.write(`${out.splice(0).join("\n")}\n`);
  });
};

await Promise.all(
  plan.map(async ({ url, cookie }, c) => {
    const res = await fetch(url, { headers: { cookie, accept: "text/event-stream" } });
    if (res.status !== 200) throw new Error(`stream ${c}: HTTP ${res.status}`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let first = true;
    (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const t = now();
        buffer += value;
        let cut = buffer.indexOf("\n\n");
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf("\n\n");
          if (!block.includes("event: unread")) continue;
          const data = block.split("\n").find((l) => l.startsWith("data:"));
          const u = (JSON.parse(data!.slice(5)) as { unread: number }).unread;
          if (first) {
            first = false;
            if (++ready === plan.length) emit(JSON.stringify({ ready }));
          } else emit(JSON.stringify({ c, u, t }));
        }
      }
    })();
  }),
);
