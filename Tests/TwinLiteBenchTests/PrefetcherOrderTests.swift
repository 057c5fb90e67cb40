import Foundation
import Synchronization
import Testing
import TwinLiteBench

/// The prefetch thread that decodes batch k+1 during batch k: order, look-ahead bound, errors, cancel.
@Suite struct PrefetcherOrderTests {
  struct Failure: Error, Equatable { let index: Int }

  @Test func itemsArriveInOrderAndAtMostDepthAhead() throws {
    let produced = Atomic<Int>(0)
    let prefetcher = AccuracyPrefetcher(count: 6, depth: 1) { index in
      produced.add(1, ordering: .relaxed)
      return index * 10
    }
    var seen: [Int] = []
    for k in 0..<6 {
      seen.append(try prefetcher.next())
      // Consumed k + 1 items; the producer may have made at most one more (plus the one in hand).
      #expect(produced.load(ordering: .relaxed) <= k + 3)
    }
    prefetcher.cancel()
    #expect(seen == [0, 10, 20, 30, 40, 50])
  }

  @Test func producerErrorSurfacesAtItsIndex() throws {
    let prefetcher = AccuracyPrefetcher(count: 5) { index in
      if index == 2 { throw Failure(index: 2) }
      return index
    }
    #expect(try prefetcher.next() == 0)
    #expect(try prefetcher.next() == 1)
    #expect(throws: Failure(index: 2)) { try prefetcher.next() }
    prefetcher.cancel()
  }

  @Test func cancelStopsAnUnfinishedProducer() {
    let produced = Atomic<Int>(0)
    let prefetcher = AccuracyPrefetcher(count: 1000, depth: 2) { index in
      produced.add(1, ordering: .relaxed)
      return index
    }
    prefetcher.cancel()
    #expect(produced.load(ordering: .relaxed) <= 3)
  }

  // A producer blocked on a full queue leaves the slot semaphore below its starting count; freeing the
  // prefetcher then must not trap (libdispatch checks that count on deallocation).
  @Test func cancelAfterTheQueueFilledFreesCleanly() {
    let produced = Atomic<Int>(0)
    do {
      let prefetcher = AccuracyPrefetcher(count: 1000, depth: 2) { index in
        produced.add(1, ordering: .relaxed)
        return index
      }
      while produced.load(ordering: .relaxed) < 2 { usleep(1000) }
      prefetcher.cancel()
    }
    #expect(produced.load(ordering: .relaxed) == 2)
  }
}
