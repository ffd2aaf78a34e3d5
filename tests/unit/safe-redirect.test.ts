// Where the login sends the browser afterwards (redirectTo) must be a path of this site (OWASP
// ASVS 5.1.5, no open redirect). A browser drops tabs and newlines from a Location and reads a
// backslash as a slash, so the check reads the path the same way; the expected answers are
// what Chromium does with each Location, written out by hand.
import { safeRedirect } from "#app/schemas/auth";

test.each([
  ["/projects", "/projects"],
  ["/projects?stage=LEAD&page=2", "/projects?stage=LEAD&page=2"],
  ["/projects/abc#follow-ups", "/projects/abc#follow-ups"],
  ["/companies/%E4%B8%AD", "/companies/%E4%B8%AD"],
])("a path of this site is kept: %j", (to, kept) => {
  expect(safeRedirect(to)).toBe(kept);
});

test.each([
  "https://evil.example/",
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example", // a browser drops the tab: //evil.example
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  "/\\\t/evil.example",
  "javascript:alert(1)",
  "evil.example",
  "",
])("another origin falls back to /: %j", (to) => {
  expect(safeRedirect(to)).toBe("/");
});

test("non-strings fall back, to the given fallback", () => {
  expect(safeRedirect(undefined)).toBe("/");
  expect(safeRedirect(["/projects"], "/inbox")).toBe("/inbox");
});
