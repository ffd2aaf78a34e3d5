// Production and development HTTP server: Express in front of the Remix request handler.
// It owns what must happen before any route runs: the client address, the same-origin check
// for every non-GET request (CSRF), the security headers with a per-request CSP nonce, and
// compression. Honours PORT and HOST; in production WEB_CONCURRENCY=N (default 1) runs N worker
// processes sharing the port (node:cluster), e.g. one per core.
import "dotenv/config";
import cluster from "node:cluster";
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";

const production = process.env.NODE_ENV === "production";
const WORKERS = production ? Math.max(1, Number.parseInt(process.env.WEB_CONCURRENCY ?? "1", 10) || 1) : 1;

if (WORKERS > 1 && cluster.isPrimary) {
  // The primary only keeps the workers running: one that dies is replaced, a signal ends them all.
  let stopping = false;
  for (let i = 0; i < WORKERS; i += 1) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`worker ${worker.process.pid} ended (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = (signal) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(0), 6000).unref();
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGTERM"));
} else {
  await serve();
}

async function serve() {
installGlobals();

const here = path.dirname(fileURLToPath(import.meta.url));
const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? "0.0.0.0";
const BUILD_PATH = path.join(here, "build/index.js");

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy set TRUST_PROXY (e.g. "loopback" or "1") so req.ip is the client's.
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origin this request was addressed to, as the browser sees it. */
function expectedOrigin(req) {
  return process.env.APP_ORIGIN ?? `${req.protocol}://${req.get("host")}`;
}

// Security headers first, so that every response carries them, the CSRF refusal included.
app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  // Remix reads the client address from this header; overwrite whatever the client sent.
  req.headers["x-zs-client-ip"] = req.ip ?? "";
  res.set({
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'${production ? "" : " 'unsafe-inline'"}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self'${production ? "" : " ws:"}`,
      "font-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  });
  if (production) res.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
});

// CSRF: a state-changing request must come from our own pages. Browsers send Origin on every
// POST and Sec-Fetch-Site on every request; either one proving same-origin is enough, and a
// request carrying neither is refused.
app.use((req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.get("origin");
  const site = req.get("sec-fetch-site");
  const sameOrigin = origin ? origin === expectedOrigin(req) : site === "same-origin";
  if (sameOrigin && (!site || site === "same-origin" || site === "none")) return next();
  res.status(403).type("text/plain; charset=utf-8").send("请求来源不被允许（跨站请求已拒绝）。");
});

app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
// The build's scripts and styles are cached by browsers for a year: compressed at zlib's default
// level. Pages are made per request and are mostly markup that compresses well at any level:
// level 1 takes half the time of the default on a 220 KB cockpit (0.9 ms against 1.8 ms) for
// 15 % more bytes (docs/benchmarks.md).
app.use("/build", compression(), express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(compression({ level: 1 }));
app.use(express.static("public", { maxAge: "1h" }));

async function loadBuild() {
  return import(`${BUILD_PATH}?t=${Date.now()}`);
}

if (production) {
  const build = await import(BUILD_PATH);
  app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }) }));
} else {
  const { broadcastDevReady } = await import("@remix-run/node");
  let build = await loadBuild();
  broadcastDevReady(build);
  const chokidar = await import("chokidar");
  chokidar.default.watch(BUILD_PATH, { ignoreInitial: true }).on("all", async () => {
    build = await loadBuild();
    broadcastDevReady(build);
  });
  app.all("*", (req, res, next) =>
    createRequestHandler({ build, mode: "development", getLoadContext: (_req, r) => ({ cspNonce: r.locals.cspNonce }) })(req, res, next),
  );
}

const server = app.listen(PORT, HOST, () => {
  console.log(`招商引资项目管理平台 listening on http://${HOST === "0.0.0.0" ? "localhost" : HOST}:${PORT}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
// A worker whose primary is gone (killed with SIGKILL) does not outlive it.
if (cluster.isWorker) process.on("disconnect", () => process.exit(0));
}
