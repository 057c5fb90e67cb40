import Foundation
import Testing

@testable import TwinLiteBench

/// The timing guard waits for a quiet machine within its bound, retries a spread-out timing, and
/// marks what stays busy instead of hiding it.
@Suite struct TimingGuardMarksBusyMachineTests {
  /// A finished timing with the given pass times (no backend is run).
  static func timing(_ samples: [Double]) -> SpeedResult {
    SpeedResult(
      options: SpeedOptions(), weightsDescription: "test", samples: samples, profile: [], pamSkipped: nil)
  }

  final class Calls: @unchecked Sendable {
    var samples = 0
    var sleeps = 0
  }

  @Test func busyMachineWithNoWaitIsTimedOnceAndMarked() throws {
    var g = TimingGuard(maxWait: 0)
    g.cores = 2
    g.sample = { (3.0, 5.4) }
    var runs = 0
    let (_, verdict) = try g.measure {
      runs += 1
      return Self.timing([10, 10, 10, 10])
    }
    #expect(runs == 1)
    #expect(verdict.busy)
    #expect(verdict.note?.hasPrefix("machine busy: unreliable (load 5.4 on 2 cores") == true)
  }

  @Test func quietMachineAndTightRunsAreTrusted() throws {
    var g = TimingGuard(maxWait: 0)
    g.cores = 2
    g.sample = { (0.2, 0.3) }
    let (_, verdict) = try g.measure { Self.timing([10, 10.2, 10.1, 10.3]) }
    #expect(!verdict.busy)
    #expect(verdict.note == nil)
  }

  @Test func waitsUntilTheMachineIsQuiet() throws {
    let calls = Calls()
    var g = TimingGuard(maxWait: 30)
    g.cores = 2
    // Busy for the first three looks, quiet after.
    g.sample = {
      calls.samples += 1
      return (calls.samples <= 3 ? 4 : 0, 1)
    }
    g.sleep = { _ in calls.sleeps += 1 }
    let (_, verdict) = try g.measure { Self.timing([5, 5, 5]) }
    #expect(calls.sleeps == 3)
    #expect(!verdict.busy)
  }

  @Test func spreadOutRunIsRetriedAndTheTighterOneKept() throws {
    var g = TimingGuard(maxWait: 30)
    g.cores = 2
    g.sample = { (0, 0.5) }
    var runs = 0
    let (result, verdict) = try g.measure {
      runs += 1
      // p90/median 2 on the first run, 1 on the second.
      return runs == 1 ? Self.timing([10, 10, 10, 10, 10, 10, 10, 10, 10, 30]) : Self.timing([12, 12, 12])
    }
    #expect(runs == 2)
    #expect(!verdict.busy)
    #expect(result.medianMilliseconds == 12)
  }
}
