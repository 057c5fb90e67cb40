import Foundation
import Testing
import _TwinLiteTestSupport

/// Every error a user can cause names the file and says what is wrong with it in words (never
/// `NSCocoaErrorDomain` or a raw NSError), with exit 2 for an unusable input; a file name starting
/// with '-' is a file, not a bundle of short flags that prints help and exits 0.
@Suite(
  .enabled(
    if: ToolProcess.isBuilt("twinlite-bench") && Fixtures.sharedAvailable,
    "needs the built twinlite-bench and ../shared"))
struct BenchUserErrorsReadAsSentencesTests {
  static let weights = Fixtures.path("reference/twinlitenet/best.pth")
  static let frame = Fixtures.path("reference/twinlitenet/images/caeb782d-4a20b7c4.jpg")

  func expectSentence(
    _ arguments: [String], status: Int32, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let r = try ToolProcess.run("twinlite-bench", arguments)
    #expect(r.status == status, "\(r.stderr)", sourceLocation: sourceLocation)
    #expect(r.stderr.contains(message), "\(r.stderr)", sourceLocation: sourceLocation)
    #expect(
      !r.stderr.contains("Domain") && !r.stderr.contains("NSError"), "\(r.stderr)",
      sourceLocation: sourceLocation)
  }

  @Test func badInputPathsAreNamed() throws {
    let dir = try Fixtures.temporaryDirectory("bench-sentences")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out").path
    let file = dir.appendingPathComponent("file").path
    try "x".write(toFile: file, atomically: true, encoding: .utf8)
    try expectSentence(
      ["infer", "--weights", Self.weights, "--out", out, dir.path], status: 2,
      "\(dir.path): cannot read: is a directory, not a file")
    try expectSentence(
      ["infer", "--weights", Self.weights, "--out", file, Self.frame], status: 2,
      "\(file): will not write there: it is a file, not a folder")
    try expectSentence(
      ["infer", "--weights", "/dev/zero", "--out", out, Self.frame], status: 2,
      "/dev/zero: cannot read: is a character device, not a file")
    try expectSentence(
      ["params", "--weights", dir.path], status: 2, "\(dir.path): cannot read: is a directory, not a file")
    try expectSentence(
      ["accuracy", "--data", dir.appendingPathComponent("none").path, "--weights", Self.weights], status: 2,
      "none: no such folder")
    try expectSentence(
      ["report", "--from", dir.appendingPathComponent("r.json").path], status: 2,
      "r.json: cannot read: No such file or directory")
  }

  @Test func collidingOutputNamesAreRefusedBeforeAnyWork() throws {
    let dir = try Fixtures.temporaryDirectory("bench-collide")
    defer { try? FileManager.default.removeItem(at: dir) }
    for sub in ["d1", "d2"] {
      try FileManager.default.createDirectory(
        at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
      let copy = dir.appendingPathComponent("\(sub)/x.jpg").path
      try FileManager.default.copyItem(atPath: Self.frame, toPath: copy)
    }
    let out = dir.appendingPathComponent("out").path
    let (a, b) = (dir.appendingPathComponent("d1/x.jpg").path, dir.appendingPathComponent("d2/x.jpg").path)
    try expectSentence(
      ["infer", "--weights", Self.weights, "--out", out, a, b], status: 2,
      "\(b): same output name 'x' as \(a); rename one of them")
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test func dashFileNameIsAFileNotFlags() throws {
    let dir = try Fixtures.temporaryDirectory("bench-dash")
    defer { try? FileManager.default.removeItem(at: dir) }
    // Relative to the working directory, as a user would type it.
    let arguments = ["infer", "--weights", Self.weights, "--out", "out", "-dash.jpg"]
    let missing = try ToolProcess.run("twinlite-bench", arguments, directory: dir)
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("'-dash.jpg' is not an option"), "\(missing.stderr)")
    try FileManager.default.copyItem(atPath: Self.frame, toPath: dir.appendingPathComponent("-dash.jpg").path)
    let found = try ToolProcess.run("twinlite-bench", arguments, directory: dir)
    #expect(found.status == 0, "\(found.stderr)")
    #expect(found.stdout.contains("-dash: drivable"), "\(found.stdout)")
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/-dash_da.png").path))
    // -h on its own is still help.
    let help = try ToolProcess.run("twinlite-bench", ["infer", "-h"], directory: dir)
    #expect(help.status == 0)
    #expect(help.stdout.contains("OVERVIEW: Write drivable-area and lane masks"))
  }
}
