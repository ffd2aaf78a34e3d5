// The product's notion of "now". Code that compares times calls now() instead of new Date()
// so tests can move the clock with vi.setSystemTime() instead of sleeping.
export function now(): Date {
  return new Date();
}
