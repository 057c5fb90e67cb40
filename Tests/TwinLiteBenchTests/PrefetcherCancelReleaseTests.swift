import Foundation
import Testing
import TwinLiteBench

/// A prefetcher cancelled while its producer waits for room is freed without a crash. libdispatch
/// traps (SIGILL) when a semaphore is freed below the value it was created with, so this runs in
/// its own process.
@Suite struct PrefetcherCancelReleaseTests {
  @Test func cancellingAWaitingProducerAndReleasingItExitsCleanly() async {
    await #expect(processExitsWith: .success) {
      do {
        let prefetcher = AccuracyPrefetcher(count: 100, depth: 1) { $0 }
        _ = try? prefetcher.next()
        // Item 1 is made; the producer now waits for room for item 2.
        usleep(200_000)
        prefetcher.cancel()
      }
      // The producer thread drops the last reference as it ends.
      usleep(200_000)
    }
  }
}
