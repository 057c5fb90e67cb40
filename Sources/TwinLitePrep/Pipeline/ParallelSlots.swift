import Dispatch
import Synchronization

/// Work over indices `0..<count` on up to `threads` threads, each taking the next free index
/// (uneven per-item costs balance themselves).
enum ParallelSlots {
  /// Calls `body(slot)` once per slot until all are done or a call returns false.
  static func run(count: Int, threads: Int, _ body: @Sendable (Int) -> Bool) {
    let next = Atomic(0)
    let stopped = Atomic(false)
    DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
      while !stopped.load(ordering: .relaxed) {
        let slot = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard slot < count else { break }
        if !body(slot) { stopped.store(true, ordering: .relaxed) }
      }
    }
  }
}
