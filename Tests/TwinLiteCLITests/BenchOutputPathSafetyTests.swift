import Foundation
import Testing
import _TwinLiteTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// `report --out` (and the same writer behind `export-onnx --out`) never replaces what a path
/// is: a symbolic link keeps pointing at a file that now holds the report, a folder, FIFO or
/// device is refused with exit 2, `-` is standard output, and a failing standard output is exit 1.
@Suite(.enabled(if: ToolProcess.isBuilt("twinlite-bench"), "needs the built twinlite-bench"))
struct BenchOutputPathSafetyTests {
  static let report = """
    {"title": "Saved", "metadata": [["date", "d"]], "tables": [{"id": "I", "title": "x", \
    "columns": ["a"], "rows": [["1"]], "notes": []}], "fpsVsParams": [], "laneIoUs": []}
    """
  static let markdown = "# Saved\n\n- date: d\n\n## Table I: x\n\n| a |\n|---|\n| 1 |\n"

  func saved(in dir: URL) throws -> String {
    let path = dir.appendingPathComponent("report.json").path
    try Self.report.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  func fileType(_ path: String) -> mode_t {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
  }

  @Test func symbolicLinkChainIsFollowedAndItsTargetReplaced() throws {
    let dir = try Fixtures.temporaryDirectory("bench-output-link")
    defer { try? FileManager.default.removeItem(at: dir) }
    let fm = FileManager.default
    try fm.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
    let real = dir.appendingPathComponent("sub/real.md").path
    try "old".write(toFile: real, atomically: true, encoding: .utf8)
    // link.md -> hop.md -> sub/real.md, both relative.
    let hop = dir.appendingPathComponent("hop.md").path
    try fm.createSymbolicLink(atPath: hop, withDestinationPath: "sub/real.md")
    let link = dir.appendingPathComponent("link.md").path
    try fm.createSymbolicLink(atPath: link, withDestinationPath: "hop.md")
    let result = try ToolProcess.run("twinlite-bench", ["report", "--from", saved(in: dir), "--out", link])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(fileType(link) == S_IFLNK)
    #expect(try fm.destinationOfSymbolicLink(atPath: link) == "hop.md")
    #expect(try String(contentsOfFile: real, encoding: .utf8) == Self.markdown)
    // No temporary file is left beside the target.
    #expect(try fm.contentsOfDirectory(atPath: dir.appendingPathComponent("sub").path) == ["real.md"])
  }

  @Test func replacedFileKeepsItsPermissions() throws {
    let dir = try Fixtures.temporaryDirectory("bench-output-mode")
    defer { try? FileManager.default.removeItem(at: dir) }
    let target = dir.appendingPathComponent("report.md").path
    try "old".write(toFile: target, atomically: true, encoding: .utf8)
    chmod(target, 0o640)
    let result = try ToolProcess.run("twinlite-bench", ["report", "--from", saved(in: dir), "--out", target])
    #expect(result.status == 0, "\(result.stderr)")
    var info = stat()
    stat(target, &info)
    #expect(info.st_mode & 0o7777 == 0o640)
    #expect(try String(contentsOfFile: target, encoding: .utf8) == Self.markdown)
  }

  @Test func folderAndFIFOAreRefused() throws {
    let dir = try Fixtures.temporaryDirectory("bench-output-special")
    defer { try? FileManager.default.removeItem(at: dir) }
    let folder = dir.appendingPathComponent("folder").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    let fifo = dir.appendingPathComponent("fifo").path
    #expect(mkfifo(fifo, 0o644) == 0)
    let linkToFIFO = dir.appendingPathComponent("link").path
    try FileManager.default.createSymbolicLink(atPath: linkToFIFO, withDestinationPath: fifo)
    for (path, kind, type) in [
      (folder, "a directory", S_IFDIR), (fifo, "a FIFO", S_IFIFO), (linkToFIFO, "a FIFO", S_IFLNK),
    ] {
      let result = try ToolProcess.run("twinlite-bench", ["report", "--from", saved(in: dir), "--out", path])
      #expect(result.status == 2, "\(path): \(result.stderr)")
      #expect(result.stderr.contains("\(path): will not write there: it is \(kind)"), "\(result.stderr)")
      #expect(fileType(path) == type, "\(path) was replaced")
    }
    #expect(fileType(fifo) == S_IFIFO)
  }

  @Test(.enabled(if: getuid() == 0, "mknod needs root"))
  func deviceIsRefused() throws {
    let dir = try Fixtures.temporaryDirectory("bench-output-device")
    defer { try? FileManager.default.removeItem(at: dir) }
    // A private copy of /dev/full's node: if the refusal ever broke, only this node would suffer.
    let device = dir.appendingPathComponent("full").path
    var full = stat()
    #expect(stat("/dev/full", &full) == 0)
    #expect(mknod(device, S_IFCHR | 0o666, full.st_rdev) == 0)
    let result = try ToolProcess.run("twinlite-bench", ["report", "--from", saved(in: dir), "--out", device])
    #expect(result.status == 2)
    #expect(result.stderr.contains("it is a character device"), "\(result.stderr)")
    #expect(fileType(device) == S_IFCHR)
  }

  @Test func exportRefusesAFolderBeforeReadingTheWeights() throws {
    let dir = try Fixtures.temporaryDirectory("bench-output-export")
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try ToolProcess.run(
      "twinlite-bench", ["export-onnx", "--weights", "/nonexistent/w.pth", "--out", dir.path])
    #expect(result.status == 2)
    #expect(
      result.stderr.contains("\(dir.path): will not write there: it is a directory"), "\(result.stderr)")
  }

  @Test func dashIsStandardOutput() throws {
    let dir = try Fixtures.temporaryDirectory("bench-output-dash")
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try ToolProcess.run("twinlite-bench", ["report", "--from", saved(in: dir), "--out", "-"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == Self.markdown)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("-").path))
  }

  @Test func fullStandardOutputFailsTheCommand() throws {
    let dir = try Fixtures.temporaryDirectory("bench-output-full")
    defer { try? FileManager.default.removeItem(at: dir) }
    let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
    let result = try ToolProcess.run("twinlite-bench", ["report", "--from", saved(in: dir)], stdout: full)
    #expect(result.status == 1)
    #expect(!result.signalled)
    #expect(
      result.stderr.contains("standard output: cannot write: No space left on device"), "\(result.stderr)")
  }

  @Test func closedPipeIsAnErrorNotASignal() throws {
    let dir = try Fixtures.temporaryDirectory("bench-output-pipe")
    defer { try? FileManager.default.removeItem(at: dir) }
    let pipe = Pipe()
    try pipe.fileHandleForReading.close()
    let result = try ToolProcess.run(
      "twinlite-bench",
      ["report", "--from", saved(in: dir)], stdout: pipe.fileHandleForWriting)
    #expect(!result.signalled)
    #expect(result.status == 1)
    #expect(result.stderr.contains("standard output: cannot write: Broken pipe"), "\(result.stderr)")
  }
}
