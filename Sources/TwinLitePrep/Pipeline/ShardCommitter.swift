import Dispatch
import Synchronization

/// Runs shard commits on one background thread, one at a time, so the next shard's conversion
/// overlaps the previous shard's syncfs, catalog transaction and publishing. The catalog thus
/// keeps a single writer thread.
final class ShardCommitter: Sendable {
  private let queue = DispatchQueue(label: "twinlite.prep.commit")
  private let group = DispatchGroup()
  private let failure = Mutex<(any Error)?>(nil)

  /// Waits for the previous commit (rethrowing its error), then starts `work`.
  func submit(_ work: @escaping @Sendable () throws -> Void) throws {
    try finish()
    group.enter()
    queue.async { [self] in
      defer { group.leave() }
      do {
        try work()
      } catch {
        failure.withLock { $0 = error }
      }
    }
  }

  /// Waits for the commit in flight; rethrows its error once.
  func finish() throws {
    group.wait()
    if let error = failure.withLock({ state -> (any Error)? in
      defer { state = nil }
      return state
    }) {
      throw error
    }
  }
}
