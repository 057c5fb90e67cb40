import Foundation
import Testing
import TwinLiteCore
import _TwinLiteTestSupport

/// Hostile frame names in every label layout, end to end through `twinlite-prep`, with and
/// without images: nothing appears outside OUT (a listing of everything beside it is the same
/// before and after), every good frame converts, each hostile entry is reported by name, exit 3.
@Suite struct HostileFrameNameTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let layout: HostileNameCorpus.Layout
    let noImages: Bool
    var testDescription: String { layout.rawValue + (noImages ? " --no-images" : "") }
  }

  static let cases = HostileNameCorpus.Layout.allCases.flatMap {
    [Case(layout: $0, noImages: false), Case(layout: $0, noImages: true)]
  }

  /// A sample tree beside an empty `sentinel` folder; returns (root, sentinel, out, good frames).
  static func setUp() throws -> (root: URL, sentinel: URL, out: URL, good: Set<String>) {
    let root = try PrepSample.freshSample()
    let base = root.deletingLastPathComponent()
    let sentinel = base.appendingPathComponent("sentinel")
    try FileManager.default.createDirectory(at: sentinel, withIntermediateDirectories: true)
    let good = Set(
      try PrepSample.frames(root, split: "train").map { "train/\($0)" }
        + PrepSample.frames(root, split: "val").map { "val/\($0)" })
    return (root, sentinel, base.appendingPathComponent("out"), good)
  }

  @Test(arguments: cases)
  func hostileNamesAreReportedAndNeverWrittenOutsideOut(_ test: Case) throws {
    let (root, sentinel, out, good) = try Self.setUp()
    let first = try #require(try PrepSample.frames(root, split: "train").first)
    // Real JPEGs where the traversal and absolute names lead: the image lookup would find them.
    let jpeg = root.appendingPathComponent("images/100k/train/\(first).jpg")
    for name in ["escape-deep.jpg", "escape-abs.jpg"] {
      try FileManager.default.copyItem(at: jpeg, to: sentinel.appendingPathComponent(name))
    }
    var corpus = HostileNameCorpus(root: root, sentinel: sentinel)
    try corpus.plant(test.layout, first: first)
    let base = root.deletingLastPathComponent()
    let before = try Listing.tree(base, skipping: "out")

    let result = try ToolProcess.run(
      "twinlite-prep",
      [root.path, "--out", out.path, "--threads", "2", "--quiet"] + test.layout.flags
        + (test.noImages ? ["--no-images"] : []))

    #expect(result.status == 3, "\(result)")
    #expect(try Listing.tree(base, skipping: "out") == before, "something changed outside OUT")
    #expect(PrepSample.converted(out) == good, "\(result)")
    #expect(try Listing.strays(out, good: good) == [], "\(result)")
    // Names are quoted with escapes: no raw control character reaches the terminal.
    #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(result)")
    let failures = result.stderr.split(separator: "\n").filter { $0.hasPrefix("failed: ") }
    for entry in corpus.entries {
      let said = failures.contains {
        $0.contains(entry.file)
          && ($0.contains("frame name \(entry.quoted) rejected")
            || $0.contains("duplicate frame name \(entry.quoted)"))
      }
      #expect(said, "no failure line names \(entry.quoted) in \(entry.file): \(result)")
    }
  }

  @Test func linksPlantedInOutAreReplacedNotFollowed() throws {
    let (root, sentinel, out, good) = try Self.setUp()
    let first = try #require(try PrepSample.frames(root, split: "train").first)
    let victims = [
      ("segments/train/\(first).png", "victim.png"), ("images/train/\(first).jpg", "victim.jpg"),
    ]
    for (inside, victim) in victims {
      try Data("precious".utf8).write(to: sentinel.appendingPathComponent(victim))
      let link = out.appendingPathComponent(inside)
      try FileManager.default.createDirectory(
        at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(
        atPath: link.path, withDestinationPath: sentinel.appendingPathComponent(victim).path)
    }
    let result = try ToolProcess.run("twinlite-prep", [root.path, "--out", out.path, "--quiet"])
    #expect(result.status == 0, "\(result)")
    #expect(PrepSample.converted(out) == good)
    for (inside, victim) in victims {
      #expect(try Data(contentsOf: sentinel.appendingPathComponent(victim)) == Data("precious".utf8))
      let placed = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(inside).path)
      #expect(placed[.type] as? FileAttributeType == .typeRegular, "\(inside) is still a link")
    }
  }

  @Test func linkedFolderInOutIsRefusedThenResumed() throws {
    let (root, sentinel, out, good) = try Self.setUp()
    let elsewhere = sentinel.appendingPathComponent("lanes")
    try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: out.appendingPathComponent("lane").path, withDestinationPath: elsewhere.path)
    let refused = try ToolProcess.run("twinlite-prep", [root.path, "--out", out.path, "--quiet"])
    #expect(refused.status == 1, "\(refused)")
    #expect(refused.stderr.contains("\(out.path)/lane: is a symbolic link or not a folder"), "\(refused)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path) == [])
    try FileManager.default.removeItem(at: out.appendingPathComponent("lane"))
    let resumed = try ToolProcess.run("twinlite-prep", [root.path, "--out", out.path, "--quiet"])
    #expect(resumed.status == 0, "\(resumed)")
    #expect(PrepSample.converted(out) == good)
    #expect(try ToolProcess.run("twinlite-prep", ["verify", out.path]).status == 0)
  }

  @Test func imageLinkLeadingOutsideRootFailsItsFrameUnlessAllowed() throws {
    let (root, sentinel, out, good) = try Self.setUp()
    let frames = try PrepSample.frames(root, split: "train")
    let (outside, inside) = (frames[0], frames[1])
    let images = root.appendingPathComponent("images/100k/train")
    // One image moved outside ROOT and linked back; one linked to another file inside ROOT.
    let moved = sentinel.appendingPathComponent("outside.jpg")
    try FileManager.default.moveItem(at: images.appendingPathComponent("\(outside).jpg"), to: moved)
    try FileManager.default.createSymbolicLink(
      atPath: images.appendingPathComponent("\(outside).jpg").path, withDestinationPath: moved.path)
    let kept = root.appendingPathComponent("kept.jpg")
    try FileManager.default.moveItem(at: images.appendingPathComponent("\(inside).jpg"), to: kept)
    try FileManager.default.createSymbolicLink(
      atPath: images.appendingPathComponent("\(inside).jpg").path, withDestinationPath: "../../../kept.jpg")

    let refused = try ToolProcess.run("twinlite-prep", [root.path, "--out", out.path, "--quiet"])
    #expect(refused.status == 3, "\(refused)")
    let line = refused.stderr.split(separator: "\n").first { $0.contains("train/\(outside)") } ?? ""
    #expect(line.contains("leads to \(moved.path), outside the dataset root"), "\(refused)")
    #expect(line.contains("--follow-image-links"))
    #expect(PrepSample.converted(out) == good.subtracting(["train/\(outside)"]))
    // The link inside ROOT is resolved: OUT holds the file itself, not a copy of the link.
    let linked = try FileManager.default.attributesOfItem(
      atPath: out.appendingPathComponent("images/train/\(inside).jpg").path)
    let target = try FileManager.default.attributesOfItem(atPath: kept.path)
    #expect(linked[.type] as? FileAttributeType == .typeRegular)
    #expect(linked[.systemFileNumber] as? UInt64 == target[.systemFileNumber] as? UInt64)

    let allowed = try ToolProcess.run(
      "twinlite-prep",
      [
        root.path, "--out", out.path + "-allowed", "--follow-image-links", "--quiet",
      ])
    #expect(allowed.status == 0, "\(allowed)")
    #expect(PrepSample.converted(URL(fileURLWithPath: out.path + "-allowed")) == good)
  }

  @Test func splitNamesAreOnePathComponent() throws {
    let (root, _, out, _) = try Self.setUp()
    let result = try ToolProcess.run(
      "twinlite-prep", [root.path, "--out", out.path, "--splits", "train,../escape"])
    #expect(result.status == 64, "\(result)")
    #expect(result.stderr.contains("--splits: '../escape' contains '/'"), "\(result)")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }
}

/// Listings for the before/after comparison, by raw names (a planted name may not be UTF-8, which
/// Foundation's enumerator cannot stat).
enum Listing {
  struct Entry: Equatable {
    var mode: UInt32
    var bytes: [UInt8]?
    var link: [UInt8]?
  }

  /// Every entry under `folder` with its type, bytes (files) or target (links, never followed),
  /// except the top-level subtree `skipping`.
  static func tree(_ folder: URL, skipping: String) throws -> [[UInt8]: Entry] {
    var entries: [[UInt8]: Entry] = [:]
    try walk(Array(folder.path.utf8), relative: []) { relative, path, info in
      let top = relative.split(separator: 47, maxSplits: 1).first.map(Array.init) ?? []
      if top == Array(skipping.utf8) { return false }
      var entry = Entry(mode: info.st_mode & S_IFMT)
      if entry.mode == S_IFREG { entry.bytes = try read(path) }
      if entry.mode == S_IFLNK {
        var target = [CChar](repeating: 0, count: 4096)
        let count = cPath(path) { readlink($0, &target, target.count) }
        entry.link = target.prefix(max(0, count)).map { UInt8(bitPattern: $0) }
      }
      entries[relative] = entry
      return true
    }
    return entries
  }

  /// Entries of OUT's final layout that are not a good frame's mask or image, or their folders.
  static func strays(_ out: URL, good: Set<String>) throws -> [String] {
    let bookkeeping: Set<String> = [
      "shards", "catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm", "_SUCCESS", ".lock",
    ]
    var strays: [String] = []
    try walk(Array(out.path.utf8), relative: []) { relative, _, _ in
      let text = String(decoding: relative, as: UTF8.self)
      let parts = text.split(separator: "/").map(String.init)
      if bookkeeping.contains(parts[0]) { return false }
      let known: Bool
      switch parts.count {
      case 1: known = ["segments", "lane", "images"].contains(parts[0])
      case 2: known = ["train", "val"].contains(parts[1])
      case 3:
        known =
          [".png", ".jpg"].contains(String(parts[2].suffix(4)))
          && good.contains("\(parts[1])/\(parts[2].dropLast(4))")
      default: known = false
      }
      if !known { strays.append(text) }
      return true
    }
    return strays
  }

  /// Depth first, `lstat` only; `visit` returns whether to descend into a folder.
  static func walk(
    _ path: [UInt8], relative: [UInt8], _ visit: ([UInt8], [UInt8], stat) throws -> Bool
  ) throws {
    guard let stream = cPath(path, { opendir($0) }) else { return }
    defer { closedir(stream) }
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
      if name == [46] || name == [46, 46] { continue }
      let child = path + [47] + name
      let childRelative = relative.isEmpty ? name : relative + [47] + name
      var info = stat()
      guard cPath(child, { lstat($0, &info) }) == 0 else { throw CocoaError(.fileReadUnknown) }
      if try visit(childRelative, child, info) && info.st_mode & S_IFMT == S_IFDIR {
        try walk(child, relative: childRelative, visit)
      }
    }
  }

  static func read(_ path: [UInt8]) throws -> [UInt8] {
    let fd = cPath(path) { open($0, O_RDONLY) }
    guard fd >= 0 else { throw CocoaError(.fileReadUnknown) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if count <= 0 { return bytes }
      bytes += chunk[0..<count]
    }
  }

  static func cPath<R>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
    (path + [0]).withUnsafeBufferPointer {
      body(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self))
    }
  }
}
