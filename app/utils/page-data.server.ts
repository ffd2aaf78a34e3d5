// Loader data of the largest pages (the cockpit, the project list), handed to the document's
// render as it is. A loader's plain object goes through json(): stringified into a Response,
// parsed back for the render, then stringified once more into the page. A deferred value without
// promises skips the first two; for the cockpit's 85 KB that is about 1 ms of 9 (ADR 014).
//
// The render then sees the loader's own object where the browser sees it after JSON, so the
// type admits JSON values only: a Date, an undefined or a Map would render one way on the server
// and another in the browser.
import { defer } from "@remix-run/node";

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export function pageData<T extends { readonly [key: string]: Json }>(data: T) {
  return defer(data);
}
