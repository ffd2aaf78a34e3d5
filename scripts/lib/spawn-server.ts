// Starts the production server (`node server.js`) as a child process for the scripts and tests
// that drive it over HTTP (crash test, route benchmark, e2e helpers), and waits until GET
// /healthz answers. The last few KB of its output are kept for error messages.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type ServerProcess = {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** SIGTERM, resolved when the process has exited. */
  stop: () => Promise<void>;
};

export async function spawnServer(env: NodeJS.ProcessEnv, opts: { url: string; timeoutMs?: number; pollMs?: number }): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["server.js"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server.js exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${opts.url}/healthz`)).ok) return { child, url: opts.url, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 100));
  }
  child.kill("SIGKILL");
  throw new Error(`server.js did not answer ${opts.url}/healthz within ${timeoutMs / 1000} s:\n${output}`);
}
