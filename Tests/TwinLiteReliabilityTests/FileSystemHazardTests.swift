import Foundation
import Testing
import _TwinLiteTestSupport

/// Hazards of the file system around the labels and the output: odd names, loops, a read-only
/// output and a full disk. Errors name the path and the problem; finished work survives.
@Suite struct FileSystemHazardTests {
  func outFolder(_ root: URL) -> URL { root.deletingLastPathComponent().appendingPathComponent("out") }

  @Test func nonUTF8LabelNameIsReportedAsSuch() throws {
    let root = try PrepSample.freshSample()
    let folder = root.appendingPathComponent("labels/100k/train")
    let first = try #require(try PrepSample.frames(root, split: "train").first)
    let source = folder.appendingPathComponent("\(first).json").path
    // "bad\xFFname.json": not UTF-8, so it cannot be a Swift String; create it through the C API.
    let name: [UInt8] = Array(folder.path.utf8) + Array("/bad".utf8) + [0xFF] + Array("name.json".utf8) + [0]
    let created = name.withUnsafeBufferPointer { path in
      link(source, UnsafeRawPointer(path.baseAddress!).assumingMemoryBound(to: CChar.self))
    }
    #expect(created == 0)
    let result = try ToolProcess.run(
      "twinlite-prep",
      [
        root.path, "--out", outFolder(root).path, "--labels", "2018-per-image", "--quiet",
      ])
    #expect(result.status == 3, "\(result)")
    #expect(result.stderr.contains("not valid UTF-8"), "\(result)")
    #expect(PrepSample.converted(outFolder(root)).count == 8, "\(result)")
  }

  @Test func symlinkLoopAsLabelFileFailsThatFrame() throws {
    let root = try PrepSample.freshSample()
    let loop = root.appendingPathComponent("labels/100k/train/loop.json")
    try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: "loop.json")
    // A directory loop beside it must not make the listing recurse forever.
    try FileManager.default.createSymbolicLink(
      atPath: root.appendingPathComponent("labels/100k/train/again").path, withDestinationPath: ".")
    let result = try ToolProcess.run(
      "twinlite-prep",
      [
        root.path, "--out", outFolder(root).path, "--labels", "2018-per-image", "--no-images", "--quiet",
      ])
    #expect(result.status == 3, "\(result)")
    let line = result.stderr.split(separator: "\n").first { $0.contains(loop.path) } ?? ""
    #expect(line.contains("symbolic links"), "\(result)")
    #expect(PrepSample.converted(outFolder(root)).count == 8, "\(result)")
  }

  @Test func millionVertexPolygonIsRefusedQuickly() throws {
    let root = try PrepSample.freshSample()
    let first = try #require(try PrepSample.frames(root, split: "train").first)
    let file = root.appendingPathComponent("labels/100k/train/\(first).json")
    // A zigzag across the whole image: the worst case for the rasteriser (~30 s, 800 MB unguarded).
    var text = #"{"name": "big", "frames": [{"objects": [{"category": "area/drivable", "poly2d": ["#
    text.reserveCapacity(24_000_000)
    for i in 0..<1_000_000 {
      text += i == 0 ? "" : ","
      text += "[\(i % 1280),\(i * 7 % 720),\"L\"]"
    }
    text += "]}]}]}"
    try Data(text.utf8).write(to: file)
    let result = try ToolProcess.run(
      "twinlite-prep", [root.path, "--out", outFolder(root).path, "--labels", "2018-per-image"])
    #expect(result.status == 3, "\(result)")
    let line = result.stderr.split(separator: "\n").first { $0.contains(file.path) } ?? ""
    #expect(line.contains("array of 1000000 elements, more than the 100000 allowed"), "\(result)")
    #expect(PrepSample.converted(outFolder(root)).count == 7, "\(result)")
    // Bounded memory: the summary's peak RSS (the parsed JSON tree dominates).
    let summary = result.stdout + result.stderr
    let rss = summary.firstRange(of: /peak RSS (\d+) MiB/).flatMap {
      Int(summary[$0].split(separator: " ")[2])
    }
    #expect((rss ?? .max) < 500, "\(result)")
  }

  @Test(.enabled(if: Mounts.available, "needs mount(2): root or CAP_SYS_ADMIN"))
  func readOnlyOutputFailsClearlyAndKeepsFinishedWork() throws {
    let root = try PrepSample.freshSample()
    let fresh = outFolder(root).appendingPathComponent("fresh")
    try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
    #expect(Mounts.readOnly(fresh))
    defer { Mounts.unmount(fresh) }
    let refused = try ToolProcess.run("twinlite-prep", [root.path, "--out", fresh.path, "--quiet"])
    #expect(refused.status == 1, "\(refused)")
    #expect(
      refused.stderr.contains(fresh.path) && refused.stderr.contains("Read-only file system"), "\(refused)")

    // A finished output made read-only: a rerun with --force fails, nothing it had is lost.
    let done = outFolder(root).appendingPathComponent("done")
    #expect(try ToolProcess.run("twinlite-prep", [root.path, "--out", done.path, "--quiet"]).status == 0)
    let before = try Tree.snapshot(done)
    #expect(Mounts.readOnly(done))
    let forced = try ToolProcess.run("twinlite-prep", [root.path, "--out", done.path, "--force", "--quiet"])
    Mounts.unmount(done)
    #expect(forced.status == 1, "\(forced)")
    #expect(forced.stderr.contains(done.path), "\(forced)")
    #expect(try Tree.snapshot(done) == before)
    #expect(try ToolProcess.run("twinlite-prep", ["verify", done.path]).status == 0)
  }

  @Test(.enabled(if: Mounts.available, "needs mount(2): root or CAP_SYS_ADMIN"))
  func fullDiskFailsClearlyAndResumesAfterSpaceIsFreed() throws {
    let root = try PrepSample.freshSample()
    let args = ["--copy-images", "--shard-size", "2", "--threads", "1", "--quiet"]
    let clean = outFolder(root).appendingPathComponent("clean")
    #expect(try ToolProcess.run("twinlite-prep", [root.path, "--out", clean.path] + args).status == 0)
    let expected = try Tree.snapshot(clean)
    let total = expected.values.reduce(0) { $0 + $1.count }

    let full = outFolder(root).appendingPathComponent("full")
    try FileManager.default.createDirectory(at: full, withIntermediateDirectories: true)
    // Room for the catalog and about half of the outputs.
    #expect(Mounts.tmpfs(full, kilobytes: (total / 2 + 200_000) / 1024))
    defer { Mounts.unmount(full) }
    let failed = try ToolProcess.run("twinlite-prep", [root.path, "--out", full.path] + args)
    #expect(failed.status == 1, "\(failed)")
    #expect(
      failed.stderr.contains(full.path) && failed.stderr.contains("No space left on device"), "\(failed)")
    let survivors = try Tree.snapshot(full)
    // Whatever was published before the disk filled is complete and correct.
    for (path, bytes) in survivors where !path.hasPrefix("shards/") {
      #expect(expected[path] == bytes, "\(path) differs from the clean run")
    }

    #expect(Mounts.resize(full, kilobytes: total / 1024 + 4096))
    let resumed = try ToolProcess.run("twinlite-prep", [root.path, "--out", full.path] + args)
    #expect(resumed.status == 0, "\(resumed)")
    #expect(try Tree.snapshot(full) == expected)
    #expect(try ToolProcess.run("twinlite-prep", ["verify", full.path]).status == 0)
  }
}

/// Regular files under a folder with their bytes, except the catalog and `_SUCCESS` markers
/// (run ids and timings differ between runs by design).
enum Tree {
  static func snapshot(_ root: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return files }
    for case let relative as String in walker {
      let name = (relative as NSString).lastPathComponent
      if name.hasPrefix("catalog.sqlite") || name == "_SUCCESS" { continue }
      var isDirectory: ObjCBool = false
      let path = root.appendingPathComponent(relative).path
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
      else { continue }
      files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
    }
    return files
  }
}
