/**
 * Numbers DAP clients hold on to (frame ids, variable references, source references), unique across
 * the whole run so that two threads never share one. A thread's handles go when it resumes or exits.
 */
export class Handles<T extends { threadId: number }> {
  private next = 1
  private readonly values = new Map<number, T>()

  add(value: T): number {
    const handle = this.next++
    this.values.set(handle, value)
    return handle
  }

  get(handle: number): T | undefined {
    return this.values.get(handle)
  }

  releaseThread(threadId: number): void {
    for (const [handle, value] of this.values) {
      if (value.threadId === threadId) {
        this.values.delete(handle)
      }
    }
  }
}
