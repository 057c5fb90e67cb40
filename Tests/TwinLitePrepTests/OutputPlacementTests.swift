import Foundation
import Testing
import TwinLitePrep
import _TwinLiteTestSupport

/// OUT may not be ROOT, lie inside ROOT, or be a file (docs/prep-pipeline.md, "Guarantees" 6).
/// Symbolic links are resolved before comparing. The default OUT is a sibling of ROOT.
@Suite struct OutputPlacementTests {
  @Test func outputsMayNotMixWithInputs() throws {
    let root = try PrepTest.sampleTree(frames: 4)
    let parent = (root as NSString).deletingLastPathComponent
    let inside = [
      "\(root)/labels/out", "\(root)/images/100k/new", "\(root)/drivable_maps", "\(root)/prepared",
    ]
    for bad in [root, "\(root)/"] + inside {
      #expect(throws: DatasetError.self, "\(bad)") { try OutputPlacement.check(out: bad, root: root) }
    }
    let link = "\(parent)/link-to-root"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: root)
    #expect(throws: DatasetError.self) { try OutputPlacement.check(out: link, root: root) }
    #expect(throws: DatasetError.self) { try OutputPlacement.check(out: "\(link)/labels", root: root) }
    let file = "\(parent)/a-file"
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    #expect(throws: DatasetError.self) { try OutputPlacement.check(out: file, root: root) }
    try OutputPlacement.check(out: "\(parent)/prepared", root: root)
    try OutputPlacement.check(out: "\(root)-prepared", root: root)
  }

  @Test func theDefaultOutIsASiblingOfRoot() throws {
    let root = try PrepTest.sampleTree(frames: 2)
    let parent = (root as NSString).deletingLastPathComponent
    #expect(OutputPlacement.defaultOut(root: root) == "\(parent)/bdd100k-twinlite")
    #expect(OutputPlacement.defaultOut(root: root + "/") == "\(parent)/bdd100k-twinlite")
    try OutputPlacement.check(out: OutputPlacement.defaultOut(root: root), root: root)
    let cwd = FileManager.default.currentDirectoryPath
    #expect(OutputPlacement.defaultOut(root: "data/") == "\(cwd)/data-twinlite")
  }
}
