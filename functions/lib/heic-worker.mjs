// Decodes one HEIC/HEIF image (libheif in WebAssembly) off the main thread: a 12 MP iPhone
// photo takes about a second of CPU, during which the function must keep answering requests.
import { parentPort, workerData } from "node:worker_threads";
import decode from "heic-decode";

const { width, height, data } = await decode({ buffer: workerData });
parentPort.postMessage({ width, height, data }, [data.buffer]);
