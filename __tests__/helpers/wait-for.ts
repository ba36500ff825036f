/** Polls until the condition holds, e.g. until the loopback server's request log shows a call. */
export async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise(resolvePromise => setTimeout(resolvePromise, 10))
  }
}
