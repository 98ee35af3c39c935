import pino from "pino";

export type Logger = pino.Logger;

export function createLogger(level: string, name = "fintrack"): Logger {
  return pino({
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
      ],
      censor: "[redacted]",
    },
  });
}
