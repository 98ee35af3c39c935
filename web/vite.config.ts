import { solidStart } from "@solidjs/start/config";
import tailwindcss from "@tailwindcss/vite";
import { nitro } from "nitro/vite";
import { defineConfig, type Plugin } from "vite";
import { pagePatterns } from "./route-patterns";

/**
 * Writes the page routes to `_build/routes.json` so the web handler can tell an
 * app page (serve the shell, 200) from an unknown path (serve the shell, 404).
 */
function routeManifest(): Plugin {
  return {
    name: "fintrack:route-manifest",
    applyToEnvironment: (environment) => environment.name === "client",
    async generateBundle() {
      // biome-ignore lint/suspicious/noExplicitAny: SolidStart's file router lives on globalThis during a build
      const router = (globalThis as any).ROUTERS?.client;
      if (!router) throw new Error("SolidStart file router not found");
      const routes: Array<{ path: string; page?: boolean }> = await router.getRoutes();
      const patterns = pagePatterns(routes.filter((route) => route.page).map((route) => route.path));
      this.emitFile({ type: "asset", fileName: "_build/routes.json", source: JSON.stringify(patterns) });
    },
  };
}

const apiUrl = process.env.FINTRACK_API_URL ?? "http://localhost:3000";

export default defineConfig({
  plugins: [
    // Client-rendered: the API is a separate origin-local service and every page needs the
    // signed-in user, so the build is plain static files served by handler.ts.
    // (the dev overlay is off: its source-map dependency fails to load from the hoisted node_modules)
    solidStart({ ssr: false, devOverlay: false }),
    nitro({
      preset: "static",
      compressPublicAssets: true,
      // the build is served by FinTrack itself, not by a preview server
      framework: { name: "solid-start", previewCommand: "npm start" },
      // `bun run dev` in web/ talks to a running API (`bun run serve`, port 3000 by default)
      devProxy: { "/api/**": { target: apiUrl, changeOrigin: false } },
    }),
    tailwindcss(),
    routeManifest(),
  ],
});
