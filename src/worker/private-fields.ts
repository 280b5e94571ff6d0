/**
 * A base class whose constructor returns its argument: a subclass that declares private fields adds them
 * to any object it is constructed with. Such fields are invisible to reflection and to Vitest's equality
 * and snapshots, unlike symbol properties, so the worker can keep data on objects it does not own.
 */
export class ReturnsItsArgument {
  constructor(target: object) {
    return target
  }
}
