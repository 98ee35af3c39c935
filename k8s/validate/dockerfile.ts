/**
 * Just enough of a Dockerfile parser to check the image's shape: its stages, and per
 * stage the instructions (line continuations joined, comments dropped).
 */
export interface Stage {
  name: string;
  base: string;
  instructions: { keyword: string; args: string }[];
}

export function parseDockerfile(source: string): Stage[] {
  const logical = source
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === "FROM") {
      const [, base = "", name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ name: name ?? String(stages.length), base, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: upper, args });
    }
  }
  return stages;
}

/**
 * Problems with the image's shape: several stages, a runtime that is not root, the right
 * entry, and every workspace's package.json in place before each `bun install`
 * (--frozen-lockfile fails when one is missing).
 */
export function dockerfileProblems(source: string, workspaces: string[]): string[] {
  const stages = parseDockerfile(source);
  const problems: string[] = [];
  for (const stage of stages) {
    const install = stage.instructions.findIndex(
      (i) => i.keyword === "RUN" && /\bbun install\b/.test(i.args),
    );
    if (install === -1) continue;
    const copied = stage.instructions
      .slice(0, install)
      .filter((i) => i.keyword === "COPY")
      .map((i) => i.args);
    for (const workspace of workspaces) {
      if (!copied.some((args) => args.split(/\s+/).includes(`${workspace}/package.json`))) {
        problems.push(`stage ${stage.name} installs without ${workspace}/package.json`);
      }
    }
  }
  if (stages.length < 2)
    problems.push(`the Dockerfile has ${stages.length} stage(s): build and runtime must be separate`);
  const runtime = stages.at(-1);
  if (!runtime) return problems;
  const users = runtime.instructions.filter((i) => i.keyword === "USER");
  const user = users.at(-1)?.args.split(":")[0];
  if (user === undefined) problems.push("the runtime stage has no USER: it would run as root");
  else if (user === "root" || user === "0") problems.push(`the runtime stage runs as ${user}`);
  else if (!/^\d+$/.test(user))
    problems.push(`USER ${user} is not numeric: Kubernetes cannot verify runAsNonRoot`);
  const stageNames = new Set(stages.slice(0, -1).map((s) => s.name));
  const copiedFrom = runtime.instructions
    .filter((i) => i.keyword === "COPY")
    .map((i) => /--from=(\S+)/.exec(i.args)?.[1])
    .filter((from): from is string => from !== undefined);
  if (!copiedFrom.some((from) => stageNames.has(from)))
    problems.push("the runtime stage copies nothing from a build stage");
  const installs = stages.flatMap((s) =>
    s.instructions.filter((i) => i.keyword === "RUN" && /\bbun install\b/.test(i.args)),
  );
  if (!installs.some((i) => /--frozen-lockfile/.test(i.args) && /--production/.test(i.args))) {
    problems.push("no stage runs bun install --frozen-lockfile --production");
  }
  if (!stages.some((s) => s.instructions.some((i) => i.keyword === "RUN" && /build:web/.test(i.args)))) {
    problems.push("no stage builds the web app");
  }
  if (
    !copiedFrom.length ||
    !runtime.instructions.some((i) => i.keyword === "COPY" && /web\/\.output/.test(i.args))
  ) {
    problems.push("the runtime stage does not copy web/.output");
  }
  if (!runtime.instructions.some((i) => i.keyword === "EXPOSE" && /\b8080\b/.test(i.args))) {
    problems.push("the runtime stage does not EXPOSE 8080");
  }
  if (!runtime.instructions.some((i) => i.keyword === "ENV" && /\bFUNCTION=/.test(i.args))) {
    problems.push("the runtime stage sets no FUNCTION default");
  }
  const cmd = runtime.instructions.filter((i) => i.keyword === "CMD" || i.keyword === "ENTRYPOINT").at(-1);
  if (!cmd || !/functions\/serve\.ts/.test(cmd.args))
    problems.push("the image does not start functions/serve.ts");
  return problems;
}
