/**
 * Polls until `probe` returns without throwing, then returns its value; after the time
 * limit, rethrows the probe's last error, so a failure says what was still wrong.
 */
export async function eventually<T>(probe: () => Promise<T> | T, { timeoutMs = 20_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
