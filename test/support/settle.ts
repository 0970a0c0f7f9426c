import request from 'supertest';

type Settle = () => Promise<void>;
type Then = request.Test['then'];

let current: Settle | null = null;
let original: Then | null = null;

/**
 * The server answers a request after its own write; routing, SLA clocks, remedies, mail and pushes
 * follow on the change feed a moment later. Tests that assert those effects right after a request
 * would race them, so while a test server runs, every supertest request resolves only once that
 * server's feed is idle again — as a person would look a moment later. Round-trip and fault tests
 * measure the request itself (command monitoring, separate processes) and are not affected.
 */
export function settleAfterRequests(settle: Settle | null): void {
  current = settle;
  const proto = request.Test.prototype as { then: Then };
  if (settle && !original) {
    original = proto.then;
    proto.then = function (this: request.Test, onFulfilled: (res: request.Response) => unknown, onRejected: (err: unknown) => unknown) {
      const settled = original!.call(this, async (res: request.Response) => {
        await current?.();
        return res;
      }) as Promise<request.Response>;
      return settled.then(onFulfilled, onRejected);
    } as unknown as Then;
  }
  if (!settle && original) {
    proto.then = original;
    original = null;
  }
}
