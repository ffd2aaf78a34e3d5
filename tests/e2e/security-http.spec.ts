// The HTTP layer of server.js (DESIGN §8 "CSRF", "Headers", "Sessions"; ADR 003), checked over
// real HTTP against the production build.
//
// Why a Playwright spec and not a Vitest integration test: it needs the production build, and
// only the e2e run is guaranteed one (`npm test` builds after the Vitest phases; a Vitest test
// would fail on a fresh clone). The e2e server (scripts/e2e-server.mjs) sets
// ZS_INSECURE_COOKIES=1 so that Chromium keeps its cookies over plain http; the cookie flags are
// therefore checked against a second server.js this spec starts itself without that variable,
// on the same e2e database.
import { expect, test } from "@playwright/test";
import { login } from "./fixtures";
import { createE2eUser, startServer, type SpawnedServer } from "./support/e2e-db";

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

test.describe("same-origin check on every non-GET request", () => {
  test("a cross-origin POST /login is refused with 403 before the app runs", async ({ request }) => {
    const res = await request.post("/login", {
      headers: { ...FORM, Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      data: form({ username: "city", password: "Zhaoshang@2026" }),
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain("跨站请求已拒绝");
    expect(res.headers()["set-cookie"]).toBeUndefined();
  });

  test("a POST with neither Origin nor Sec-Fetch-Site is refused with 403", async ({ request }) => {
    const res = await request.post("/login", { headers: FORM, data: form({ username: "city", password: "Zhaoshang@2026" }), maxRedirects: 0 });
    expect(res.status()).toBe(403);
  });

  test("other cross-site shapes are refused too", async ({ request, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const shapes: Record<string, string>[] = [
      { "Sec-Fetch-Site": "cross-site" }, // no Origin
      { "Sec-Fetch-Site": "same-site" }, // a sibling subdomain is not us
      { Origin: "null" }, // sandboxed frame, data: URL
      { Origin: origin.replace("http:", "https:") }, // another scheme is another origin
      { Origin: origin, "Sec-Fetch-Site": "cross-site" }, // contradicting headers
    ];
    for (const headers of shapes) {
      const res = await request.post("/logout", { headers, maxRedirects: 0 });
      expect(res.status(), JSON.stringify(headers)).toBe(403);
    }
  });

  test("a same-origin POST reaches the app (which answers the login itself)", async ({ request, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const byOrigin = await request.post("/login", {
      headers: { ...FORM, Origin: origin },
      data: form({ username: "no_such_user_http", password: "Zhaoshang@2026" }),
      maxRedirects: 0,
    });
    expect(byOrigin.status()).toBe(401);
    expect(await byOrigin.text()).toContain("用户名或密码错误");

    const byFetchMetadata = await request.post("/login", {
      headers: { ...FORM, "Sec-Fetch-Site": "same-origin" },
      data: form({ username: "no_such_user_http", password: "Zhaoshang@2026" }),
      maxRedirects: 0,
    });
    expect(byFetchMetadata.status()).toBe(401);
  });

  test("GET is not checked, and a GET never signs anybody out", async ({ request }) => {
    const res = await request.get("/logout", { headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
    expect(res.status()).toBe(302);
    expect(res.headers()["set-cookie"]).toBeUndefined();
  });
});

test("security headers on pages, on /healthz and on the 403 itself", async ({ request }) => {
  const responses = [
    await request.get("/login"),
    await request.get("/healthz"),
    await request.post("/login", { headers: { Origin: "https://evil.example" }, maxRedirects: 0 }),
  ];
  for (const res of responses) {
    const h = res.headers();
    const csp = h["content-security-policy"] ?? "";
    const directives = csp.split(";").map((d) => d.trim());
    expect(directives, res.url()).toEqual(expect.arrayContaining(["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"]));
    // Production: scripts only from us or with this response's nonce, never 'unsafe-inline'.
    const scriptSrc = directives.find((d) => d.startsWith("script-src")) ?? "";
    expect(scriptSrc).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'$/);
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["strict-transport-security"]).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(h["x-powered-by"]).toBeUndefined();
  }
});

test("each page gets its own CSP nonce, and Remix's inline scripts carry it", async ({ request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];
  const nonce = nonceOf(first.headers()["content-security-policy"]!);
  expect(nonce).toBeTruthy();
  expect(nonceOf(second.headers()["content-security-policy"]!)).not.toBe(nonce);
  const html = await first.text();
  const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]!);
  expect(inlineScripts.length).toBeGreaterThan(0);
  for (const attrs of inlineScripts) expect(attrs).toContain(`nonce="${nonce}"`);
});

test("GET /healthz answers exactly {\"status\":\"ok\",\"db\":\"ok\"} without a login", async ({ request }) => {
  const res = await request.get("/healthz");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^application\/json/);
  expect(await res.text()).toBe('{"status":"ok","db":"ok"}');
});

test.describe("session cookie in production (server without ZS_INSECURE_COOKIES)", () => {
  let server: SpawnedServer;
  test.beforeAll(async () => {
    server = await startServer({ NODE_ENV: "production", ZS_INSECURE_COOKIES: undefined });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("a successful login sets __Host-zs_session; Path=/; HttpOnly; Secure; SameSite=Lax, and nothing else", async ({ playwright }) => {
    const user = createE2eUser("cookie");
    const request = await playwright.request.newContext({ baseURL: server.url });
    try {
      const res = await request.post("/login", {
        headers: { ...FORM, Origin: server.url },
        data: form({ username: user.username, password: user.password }),
        maxRedirects: 0,
      });
      expect(res.status(), server.output()).toBe(302);
      expect(res.headers().location).toBe("/");
      const setCookies = res.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie");
      expect(setCookies).toHaveLength(1);
      const [pair, ...attributes] = setCookies[0]!.value.split(";").map((s) => s.trim());
      expect(pair).toMatch(/^__Host-zs_session=[a-z0-9]{20,}$/);
      // A browser-session cookie: no Max-Age, no Expires; and no Domain (required by __Host-).
      expect(attributes.sort()).toEqual(["HttpOnly", "Path=/", "SameSite=Lax", "Secure"]);

      // The cookie is the session: it opens 工作台 (a client would only send it over https).
      const home = await request.get("/", { headers: { Cookie: pair! }, maxRedirects: 0 });
      expect(home.status()).toBe(200);
      expect(await home.text()).toContain("工作台");

      // Logout blanks it with the same name and flags.
      const out = await request.post("/logout", { headers: { Cookie: pair!, Origin: server.url }, maxRedirects: 0 });
      expect(out.status()).toBe(302);
      expect(out.headers()["set-cookie"]).toMatch(/^__Host-zs_session=; .*Max-Age=0/);
      expect(out.headers()["set-cookie"]).toContain("Secure");
      const after = await request.get("/", { headers: { Cookie: pair! }, maxRedirects: 0 });
      expect(after.status()).toBe(302);
      expect(after.headers().location).toMatch(/^\/login/);
    } finally {
      await request.dispose();
    }
  });
});

test("a signed-in user's browser posting a business form cross-site is refused and nothing is saved", async ({ page }) => {
  await login(page, "hanyin");
  const name = `跨站登记${Date.now()}有限公司`;
  const body = new URLSearchParams({ name, confirmDuplicate: "on" }).toString();
  // The session cookie goes along (page.request shares the browser's cookies), as in a real CSRF.
  const crossSite = await page.request.post("/companies/new", {
    headers: { ...FORM, Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    data: body,
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  await page.goto(`/companies?q=${encodeURIComponent(name)}`);
  await expect(page.getByText(name)).toHaveCount(0);
  // The same post from our own origin is the app's to answer (it saves the company).
  const sameOrigin = await page.request.post("/companies/new", { headers: { ...FORM, Origin: new URL(page.url()).origin }, data: body, maxRedirects: 0 });
  expect(sameOrigin.status()).toBe(302);
  await page.goto(`/companies?q=${encodeURIComponent(name)}`);
  await expect(page.getByText(name).first()).toBeVisible();
});
