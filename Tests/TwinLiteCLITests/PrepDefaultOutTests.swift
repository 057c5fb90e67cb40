import Foundation
import Testing
import _TwinLiteTestSupport

/// `twinlite-prep ROOT` without `--out` writes to the sibling `ROOT-twinlite` and says so; an OUT
/// that is ROOT or inside it is refused (given or not) before anything is written.
@Suite struct PrepDefaultOutTests {
  @Test func withoutOutTheOutputsGoBesideRoot() throws {
    let work = try Fixtures.temporaryDirectory("default-out")
    let sample = try ConcurrentRunsTests.sample(work, frames: 4)
    let run = try ToolProcess.run("twinlite-prep", [sample, "--shard-size", "4"])
    #expect(run.status == 0, "\(run.stderr)")
    let out = sample + "-twinlite"
    #expect(run.stderr.contains("prep: writing to \(out)\n"), "\(run.stderr)")
    #expect(FileManager.default.fileExists(atPath: "\(out)/catalog.sqlite"))
    #expect(!FileManager.default.fileExists(atPath: "\(sample)/segments"))
  }

  @Test func anOutAtOrInsideRootIsAUsageError() throws {
    let work = try Fixtures.temporaryDirectory("inside-out")
    let sample = try ConcurrentRunsTests.sample(work, frames: 4)
    for out in [sample, "\(sample)/prepared"] {
      let run = try ToolProcess.run("twinlite-prep", [sample, "--out", out, "--quiet"])
      #expect(run.status == 64 && run.stderr.contains("choose a folder outside ROOT"), "\(run.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: "\(sample)/prepared"))
  }

}
