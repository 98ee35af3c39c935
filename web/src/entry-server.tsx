// @refresh reload
import { createHandler, StartServer } from "@solidjs/start/server";

// Client-rendered (ssr: false): this renders the HTML shell once, at build time.
export default createHandler(() => (
  <StartServer
    document={({ assets, children, scripts }) => (
      <html lang="en-PH">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
          <meta name="description" content="FinTrack: your household's money, in pesos." />
          <meta name="theme-color" content="#047857" media="(prefers-color-scheme: light)" />
          <meta name="theme-color" content="#09090b" media="(prefers-color-scheme: dark)" />
          <link rel="icon" href="/icon.svg" type="image/svg+xml" />
          <link rel="apple-touch-icon" href="/icon-192.png" />
          <link rel="manifest" href="/manifest.webmanifest" />
          {/* a file, not inline: the CSP allows scripts from 'self' only */}
          <script src="/theme-boot.js" />
          {assets}
        </head>
        <body>
          <div id="app">{children}</div>
          {scripts}
        </body>
      </html>
    )}
  />
));
