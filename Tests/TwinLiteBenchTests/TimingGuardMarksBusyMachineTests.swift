import Foundation
import Testing
import TwinLiteBench

/// The timing guard waits for a quiet machine within its bound, retries a spread-out timing, and
/// marks what stays busy instead of hiding it.
@Suite struct TimingGuardMarksBusyMachineTests {
  /// p90 / median of pass times, as the speed benchmark computes it (linear interpolation).
  static func spread(_ samples: [Double]) -> Double {
    let s = samples.sorted()
    func q(_ f: Double) -> Double {
      let p = f * Double(s.count - 1)
      let lo = Int(p)
      return s[lo] + (s[min(lo + 1, s.count - 1)] - s[lo]) * (p - Double(lo))
    }
    return q(0.9) / q(0.5)
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
    let (_, verdict) = try g.measure(
      {
        runs += 1
        return [10.0, 10, 10, 10]
      }, spread: Self.spread)
    #expect(runs == 1)
    #expect(verdict.busy)
    #expect(verdict.note?.hasPrefix("machine busy: unreliable (load 5.4 on 2 cores") == true)
  }

  @Test func quietMachineAndTightRunsAreTrusted() throws {
    var g = TimingGuard(maxWait: 0)
    g.cores = 2
    g.sample = { (0.2, 0.3) }
    let (_, verdict) = try g.measure({ [10, 10.2, 10.1, 10.3] }, spread: Self.spread)
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
    let (_, verdict) = try g.measure({ [5.0, 5, 5] }, spread: Self.spread)
    #expect(calls.sleeps == 3)
    #expect(!verdict.busy)
  }

  @Test func spreadOutRunIsRetriedAndTheTighterOneKept() throws {
    var g = TimingGuard(maxWait: 30)
    g.cores = 2
    g.sample = { (0, 0.5) }
    var runs = 0
    let (result, verdict) = try g.measure(
      {
        runs += 1
        // p90/median 1.2 on the first run, 1 on the second.
        return runs == 1 ? [10.0, 10, 10, 10, 10, 10, 10, 10, 10, 30] : [12.0, 12, 12]
      }, spread: Self.spread)
    #expect(runs == 2)
    #expect(!verdict.busy)
    #expect(result == [12, 12, 12])
  }
}
