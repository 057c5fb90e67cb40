import Foundation
import Testing
import _TwinLiteTestSupport

/// The built `twinlite-prep` binary end to end: help, sample, conversion, and exit codes.
@Suite struct PrepCLITests {
  func run(_ arguments: [String]) throws -> ToolProcess.Result {
    try ToolProcess.run("twinlite-prep", arguments)
  }

  func pngs(_ path: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".png") }
  }

  @Test func helpListsEveryOptionWithItsDefault() throws {
    let root = try run(["--help"])
    #expect(root.status == 0)
    #expect(root.stdout.contains("sample") && root.stdout.contains("convert"))
    let convert = try run(["convert", "--help"])
    #expect(convert.status == 0)
    for expected in [
      "--out", "ROOT-twinlite", "--splits", "train and val", "--threads", "--worker-index",
      "--summary-format", "--format", "default: twinlite",
      "--layout", "yolop", "--lane-width", "default: 2.0", "--train-dilation", "default: 8",
      "--pair-threshold", "default: 30.0", "--min-overlap", "--drop-vertical", "--drop-crosswalk",
      "--exclude-lane-types", "--copy-images", "--no-images", "--labels", "--drivable-source",
      "--quiet",
    ] {
      #expect(convert.stdout.contains(expected), "convert --help lacks \(expected)")
    }
    let sample = try run(["sample", "--help"])
    #expect(sample.status == 0 && sample.stdout.contains("--frames") && sample.stdout.contains("--seed"))
  }

  @Test func sampleThenConvertWritesTheTwinLiteTree() throws {
    let folder = try Fixtures.temporaryDirectory("cli-prep")
    let data = folder.appendingPathComponent("bdd100k").path
    let out = folder.appendingPathComponent("prepared").path
    let sample = try run(["sample", data, "--frames", "4", "--seed", "7"])
    #expect(sample.status == 0, "\(sample.stderr)")
    #expect(sample.stdout.contains("3 train + 1 val"))
    let convert = try run([data, "--out", out])
    #expect(convert.status == 0, "\(convert.stderr)")
    #expect(convert.stdout.contains("4 converted") && convert.stdout.contains("peak RSS"))
    #expect(convert.stderr.contains("using 2020 Scalabel"), "detection report on stderr")
    #expect(pngs("\(out)/segments/train").count == 3 && pngs("\(out)/lane/val").count == 1)
    #expect(FileManager.default.fileExists(atPath: "\(out)/images/val"))

    let yolop = folder.appendingPathComponent("yolop").path
    let second = try run([data, "--out", yolop, "--layout", "yolop", "--quiet", "--no-images"])
    #expect(second.status == 0 && second.stderr.isEmpty, "\(second.stderr)")
    #expect(pngs("\(yolop)/da_seg_annotations/train").count == 3)
    #expect(pngs("\(yolop)/ll_seg_annotations/val").count == 1)
  }

  @Test func usageErrorsExitSixtyFourAndUnusableInputsTwo() throws {
    let folder = try Fixtures.temporaryDirectory("cli-usage")
    #expect(try run(["--no-such-option"]).status == 64)
    #expect(try run([folder.path]).status == 2, "no labels (OUT defaults to a sibling)")
    #expect(try run([folder.path, "--out", "\(folder.path)/o", "--threads", "0"]).status == 64)
    #expect(try run([folder.path, "--out", "\(folder.path)/o", "--format", "png"]).status == 64)
    #expect(
      try run([folder.path, "--out", "\(folder.path)/o", "--exclude-lane-types", "rainbow"]).status == 64)
    let missing = try run(["\(folder.path)/absent", "--out", "\(folder.path)/o"])
    #expect(missing.status == 2 && missing.stderr.contains("dataset root not found"))
    let empty = try run([folder.path, "--out", "\(folder.path)/o"])
    #expect(empty.status == 2 && empty.stderr.contains("no BDD100K labels found"))
    #expect(try run(["sample", "\(folder.path)/s", "--frames", "0"]).status == 64)
  }

  @Test func failedFramesExitThreeAndTheRestConvert() throws {
    let folder = try Fixtures.temporaryDirectory("cli-bad")
    let data = folder.appendingPathComponent("bdd100k").path
    #expect(try run(["sample", data, "--frames", "4", "--quiet"]).status == 0)
    let labels = "\(data)/labels/100k/train"
    let broken = try #require(try FileManager.default.contentsOfDirectory(atPath: labels).sorted().first)
    try Data("{\"name\": \"x\", \"frames\": [{\"objects\": [{\"category\": 3}]}]}".utf8)
      .write(to: URL(fileURLWithPath: "\(labels)/\(broken)"))
    let out = folder.appendingPathComponent("out").path
    let result = try run([data, "--out", out, "--labels", "2018-per-image", "--quiet"])
    #expect(result.status == 3)
    #expect(result.stdout.contains("3 converted, 1 failed"))
    #expect(
      result.stderr.contains("\(labels)/\(broken)") && result.stderr.contains("label 0"), "\(result.stderr)")
    #expect(pngs("\(out)/segments/train").count == 2)
  }

  @Test func anOutputThatIsAFileIsAUsageErrorNotACrash() throws {
    let folder = try Fixtures.temporaryDirectory("cli-internal")
    let data = folder.appendingPathComponent("bdd100k").path
    #expect(try run(["sample", data, "--frames", "1", "--quiet"]).status == 0)
    let file = folder.appendingPathComponent("file").path
    _ = FileManager.default.createFile(atPath: file, contents: Data())
    let result = try run([data, "--out", file, "--quiet"])
    #expect(result.status == 64 && !result.signalled)
    #expect(result.stderr.contains("\(file) exists and is not a folder"), "\(result.stderr)")
  }
}
