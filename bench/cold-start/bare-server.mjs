// The baseline: the smallest node:http server, answering every request with a hello.
import { createServer } from "node:http";

createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("hello");
}).listen(Number(process.env.PORT), "127.0.0.1");
