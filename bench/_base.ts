import path from "node:path";
import { benchDatabase, PASSWORD } from "./pages";
const { url } = benchDatabase("sqlite");
process.env.DATABASE_URL = url; process.env.NODE_ENV = "production"; process.env.ZS_INSECURE_COOKIES = "1";
const { installGlobals, createRequestHandler } = await import("@remix-run/node");
installGlobals();
const build = await import(path.resolve("build/index.js"));
const handle = createRequestHandler(build, "production");
const BASE = "http://127.0.0.1:3999";
const res = await handle(new Request(`${BASE}/login`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, Host: "127.0.0.1:3999" }, body: new URLSearchParams({ username: "leader", password: PASSWORD }) }), { cspNonce: "x" });
const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
for (const p of ["/account/password", "/login"]) {
  const times = [];
  for (let i = 0; i < 300; i++) { const t = performance.now(); const r = await handle(new Request(`${BASE}${p}`, { headers: { cookie } }), { cspNonce: "x" }); await r.text(); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  console.log(p, times[150]!.toFixed(2), times[10]!.toFixed(2));
}
process.exit(0);
