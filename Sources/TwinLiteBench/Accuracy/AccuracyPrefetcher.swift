import Foundation
import Synchronization

/// Produces items `0..<count` on its own thread, at most `depth` ahead of the consumer, so that
/// decoding batch k+1 overlaps the forward pass of batch k.
public final class AccuracyPrefetcher<Item: Sendable>: Sendable {
  private let ready = DispatchSemaphore(value: 0)
  private let free: DispatchSemaphore
  private let queue = Mutex<[Result<Item, any Error>]>([])
  private let cancelled = Atomic<Bool>(false)
  private let done = DispatchSemaphore(value: 0)
  public let count: Int

  /// Starts producing immediately. `produce` runs on the prefetch thread, one index at a time, in order.
  public init(count: Int, depth: Int = 1, produce: @escaping @Sendable (Int) throws -> Item) {
    precondition(depth >= 1, "prefetch depth must be at least 1")
    self.count = count
    // Starts at 0 and is signalled up to `depth`: libdispatch traps when a semaphore is freed while its
    // value is below the value it was created with, which a cancelled or abandoned prefetcher leaves.
    free = DispatchSemaphore(value: 0)
    for _ in 0..<depth { free.signal() }
    let thread = Thread { [self] in
      defer { done.signal() }
      for index in 0..<count {
        free.wait()
        if cancelled.load(ordering: .acquiring) { return }
        let result = Result { try produce(index) }
        queue.withLock { $0.append(result) }
        ready.signal()
        if case .failure = result { return }
      }
    }
    thread.start()
  }

  /// The next item in order (blocks until produced); rethrows the producer's error for that item.
  public func next() throws -> Item {
    ready.wait()
    let result = queue.withLock { $0.removeFirst() }
    free.signal()
    return try result.get()
  }

  /// Stops the producer after its current item and waits for its thread to end.
  public func cancel() {
    cancelled.store(true, ordering: .releasing)
    free.signal()
    done.wait()
  }
}
