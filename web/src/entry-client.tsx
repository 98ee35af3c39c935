// @refresh reload
import { mount, StartClient } from "@solidjs/start/client";

// biome-ignore lint/style/noNonNullAssertion: the shell in entry-server.tsx always has #app
mount(() => <StartClient />, document.getElementById("app")!);
