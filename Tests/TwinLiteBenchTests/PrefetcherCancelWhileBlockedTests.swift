import Foundation
import Synchronization
import Testing
import TwinLiteBench

/// Cancelling while the producer waits for a free slot (what an error in the middle of an accuracy
/// run does) releases the prefetcher cleanly; libdispatch used to trap freeing its semaphore.
@Suite struct PrefetcherCancelWhileBlockedTests {
  @Test(arguments: [1, 2])
  func cancelWhileTheProducerWaitsDoesNotTrap(depth: Int) throws {
    let produced = Atomic<Int>(0)
    do {
      let prefetcher = AccuracyPrefetcher(count: 100, depth: depth) { index in
        produced.add(1, ordering: .relaxed)
        return index
      }
      // Let the producer fill every slot and block on the next one.
      let deadline = Date().addingTimeInterval(10)
      while produced.load(ordering: .relaxed) < depth && Date() < deadline { usleep(1000) }
      usleep(20_000)
      #expect(try prefetcher.next() == 0)
      usleep(20_000)
      prefetcher.cancel()
    }
    #expect(produced.load(ordering: .relaxed) <= depth + 2)
  }
}
