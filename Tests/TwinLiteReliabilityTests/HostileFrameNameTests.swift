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
    let root = try PrepProcess.freshSample()
    let base = root.deletingLastPathComponent()
    let sentinel = base.appendingPathComponent("sentinel")
    try FileManager.default.createDirectory(at: sentinel, withIntermediateDirectories: true)
    let good = Set(
      try PrepProcess.frames(root, split: "train").map { "train/\($0)" }
        + PrepProcess.frames(root, split: "val").map { "val/\($0)" })
    return (root, sentinel, base.appendingPathComponent("out"), good)
  }

  @Test(arguments: cases)
  func hostileNamesAreReportedAndNeverWrittenOutsideOut(_ test: Case) throws {
    let (root, sentinel, out, good) = try Self.setUp()
    let first = try #require(try PrepProcess.frames(root, split: "train").first)
    // Real JPEGs where the traversal and absolute names lead: the image lookup would find them.
    let jpeg = root.appendingPathComponent("images/100k/train/\(first).jpg")
    for name in ["escape-deep.jpg", "escape-abs.jpg"] {
      try FileManager.default.copyItem(at: jpeg, to: sentinel.appendingPathComponent(name))
    }
    var corpus = HostileNameCorpus(root: root, sentinel: sentinel)
    try corpus.plant(test.layout, first: first)
    let base = root.deletingLastPathComponent()
    let before = try Listing.tree(base, skipping: "out")

    let result = try PrepProcess.run(
      [root.path, "--out", out.path, "--workers", "2", "--quiet"] + test.layout.flags
        + (test.noImages ? ["--no-images"] : []))

    #expect(result.status == 3, "\(result)")
    #expect(try Listing.tree(base, skipping: "out") == before, "something changed outside OUT")
    #expect(PrepProcess.converted(out) == good, "\(result)")
    #expect(try Listing.strays(out, good: good) == [], "\(result)")
    let failures = result.stderr.split(separator: "\n").filter { $0.hasPrefix("failed: ") }
    for entry in corpus.entries {
      let said = failures.contains {
        $0.contains(entry.file) && ($0.contains("frame name \(entry.quoted) rejected")
          || $0.contains("duplicate frame name \(entry.quoted)"))
      }
      #expect(said, "no failure line names \(entry.quoted) in \(entry.file): \(result)")
    }
  }

  @Test func linksPlantedInOutAreReplacedNotFollowed() throws {
    let (root, sentinel, out, good) = try Self.setUp()
    let first = try #require(try PrepProcess.frames(root, split: "train").first)
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
    let result = try PrepProcess.run([root.path, "--out", out.path, "--quiet"])
    #expect(result.status == 0, "\(result)")
    #expect(PrepProcess.converted(out) == good)
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
    let refused = try PrepProcess.run([root.path, "--out", out.path, "--quiet"])
    #expect(refused.status == 1, "\(refused)")
    #expect(refused.stderr.contains("\(out.path)/lane: is a symbolic link or not a folder"), "\(refused)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path) == [])
    try FileManager.default.removeItem(at: out.appendingPathComponent("lane"))
    let resumed = try PrepProcess.run([root.path, "--out", out.path, "--quiet"])
    #expect(resumed.status == 0, "\(resumed)")
    #expect(PrepProcess.converted(out) == good)
    #expect(try PrepProcess.run(["verify", out.path]).status == 0)
  }

  @Test func imageLinkLeadingOutsideRootFailsItsFrameUnlessAllowed() throws {
    let (root, sentinel, out, good) = try Self.setUp()
    let frames = try PrepProcess.frames(root, split: "train")
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

    let refused = try PrepProcess.run([root.path, "--out", out.path, "--quiet"])
    #expect(refused.status == 3, "\(refused)")
    let line = refused.stderr.split(separator: "\n").first { $0.contains("train/\(outside)") } ?? ""
    #expect(line.contains("leads to \(moved.path), outside the dataset root"), "\(refused)")
    #expect(line.contains("--follow-image-links"))
    #expect(PrepProcess.converted(out) == good.subtracting(["train/\(outside)"]))
    // The link inside ROOT is resolved: OUT holds the file itself, not a copy of the link.
    let linked = try FileManager.default.attributesOfItem(
      atPath: out.appendingPathComponent("images/train/\(inside).jpg").path)
    let target = try FileManager.default.attributesOfItem(atPath: kept.path)
    #expect(linked[.type] as? FileAttributeType == .typeRegular)
    #expect(linked[.systemFileNumber] as? UInt64 == target[.systemFileNumber] as? UInt64)

    let allowed = try PrepProcess.run([
      root.path, "--out", out.path + "-allowed", "--follow-image-links", "--quiet",
    ])
    #expect(allowed.status == 0, "\(allowed)")
    #expect(PrepProcess.converted(URL(fileURLWithPath: out.path + "-allowed")) == good)
  }

  @Test func splitNamesAreOnePathComponent() throws {
    let (root, _, out, _) = try Self.setUp()
    let result = try PrepProcess.run([root.path, "--out", out.path, "--splits", "train,../escape"])
    #expect(result.status == 2, "\(result)")
    #expect(result.stderr.contains("--splits: '../escape' contains '/'"), "\(result)")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }
}

/// Listings for the before/after comparison.
enum Listing {
  struct Entry: Equatable {
    var kind: FileAttributeType?
    var bytes: Data?
    var link: String?
  }

  /// Every entry under `folder` with its kind, bytes (files) or target (links, never followed),
  /// except the subtree `skipping`.
  static func tree(_ folder: URL, skipping: String) throws -> [String: Entry] {
    var entries: [String: Entry] = [:]
    let manager = FileManager.default
    guard let walker = manager.enumerator(atPath: folder.path) else { return entries }
    for case let relative as String in walker {
      if relative == skipping || relative.hasPrefix(skipping + "/") { continue }
      let path = folder.appendingPathComponent(relative).path
      var entry = Entry(kind: try manager.attributesOfItem(atPath: path)[.type] as? FileAttributeType)
      if entry.kind == .typeRegular { entry.bytes = try Data(contentsOf: URL(fileURLWithPath: path)) }
      if entry.kind == .typeSymbolicLink { entry.link = try manager.destinationOfSymbolicLink(atPath: path) }
      entries[relative] = entry
    }
    return entries
  }

  /// Files and folders in OUT's final layout that are not a good frame's mask or image (or the
  /// folders holding them).
  static func strays(_ out: URL, good: Set<String>) throws -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: out.path) else { return [] }
    let bookkeeping: Set<String> = [
      "shards", "catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm", "_SUCCESS",
    ]
    let folders: Set<String> = ["segments", "lane", "images"]
    var strays: [String] = []
    for case let relative as String in walker {
      let parts = relative.split(separator: "/").map(String.init)
      if bookkeeping.contains(parts[0]) { continue }
      guard folders.contains(parts[0]) else {
        strays.append(relative)
        continue
      }
      if parts.count == 2 && ["train", "val"].contains(parts[1]) { continue }
      let file = parts.count == 3 ? parts[2] : ""
      let known =
        parts.count == 3 && [".png", ".jpg"].contains(String(file.suffix(4)))
        && good.contains("\(parts[1])/\(file.dropLast(4))")
      if !known { strays.append(relative) }
    }
    return strays
  }
}
