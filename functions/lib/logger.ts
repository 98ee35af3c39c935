import pino from "pino";

export type Logger = pino.Logger;

/** `destination`: where the lines go (stdout unless a test captures them). */
export function createLogger(level: string, name = "fintrack", destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      // never log credentials, even by accident
      redact: {
        paths: [
          "password",
          "*.password",
          "*.newPassword",
          "*.currentPassword",
          "req.headers.cookie",
          "*.token",
          // a Discord webhook URL is a bearer secret (docs/security.md#discord-webhook-urls)
          "DISCORD_WEBHOOK_URL",
          "*.DISCORD_WEBHOOK_URL",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
