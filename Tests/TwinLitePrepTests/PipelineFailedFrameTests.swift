import Foundation
import Testing
import TwinLiteCatalog
import TwinLitePrep

@Suite struct PipelineFailedFrameTests {
  @Test func failedFramesGiveExitCodeThreeAndAreRecordedWithReasons() throws {
    let fixture = try PipelineFixture(count: 20, bad: 3)
    let summary = try fixture.pipeline().0.run()
    #expect(summary.exitCode == 3)
    #expect(summary.failed == 3 && summary.converted == 20)
    #expect(summary.failures.map(\.frame).sorted() == ["train/bad0", "train/bad1", "train/bad2"])
    #expect(summary.failures.allSatisfy { $0.error.contains("cannot convert") })
    let catalog = try Catalog.openReadOnly(at: ShardLayout(out: fixture.out).catalogURL)
    let failed = try catalog.frames(status: .failed)
    #expect(failed.map(\.id) == ["train/bad0", "train/bad1", "train/bad2"])
    #expect(failed.allSatisfy { $0.error?.contains($0.id) == true && $0.outputs.isEmpty })
    // A rerun skips the complete shards but still reports the failures.
    let again = try fixture.pipeline().0.run()
    #expect(again.exitCode == 3 && again.failed == 3 && again.converted == 0)
  }

  @Test func cleanRunExitsZero() throws {
    let summary = try PipelineFixture(count: 8).pipeline().0.run()
    #expect(summary.exitCode == 0 && summary.failures.isEmpty)
  }
}

struct TestConversionError: Error, CustomStringConvertible {
  let frame: String
  var description: String { "\(frame): cannot convert (test label error)" }
}
