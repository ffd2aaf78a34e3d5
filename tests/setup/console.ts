// A console.error during a test is a bug until the test says otherwise (Epic Stack habit):
// errors that code logs and swallows would otherwise pass unnoticed. The message is still
// printed, and the test fails after it ends, even if the code under test caught our error.
//
// A test that expects an error silences it, and can assert on it:
//   import { consoleError } from "#tests/setup/console";
//   consoleError.mockImplementation(() => {});
//   ...
//   expect(consoleError).toHaveBeenCalledTimes(1);
import { afterEach, beforeEach, vi, type MockInstance } from "vitest";

export let consoleError: MockInstance<(typeof console)["error"]>;

let failOnError: (...args: unknown[]) => void;
let unexpected: unknown[][] = [];

beforeEach(() => {
  const original = console.error;
  unexpected = [];
  failOnError = (...args: unknown[]) => {
    unexpected.push(args);
    original(...args);
  };
  consoleError = vi.spyOn(console, "error").mockImplementation(failOnError);
});

afterEach(() => {
  // A test that replaced the implementation expected the error; ours was not called then.
  const calls = unexpected;
  unexpected = [];
  consoleError.mockRestore();
  if (calls.length > 0) {
    const first = calls[0]!.map((a) => (a instanceof Error ? a.stack ?? a.message : String(a))).join(" ");
    throw new Error(
      `console.error was called ${calls.length} time(s) during this test; first: ${first}\n` +
        "If the test expects it, call consoleError.mockImplementation(() => {}) (from #tests/setup/console).",
    );
  }
});
