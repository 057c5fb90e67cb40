import Foundation
import Testing
import TwinLitePrep
import _TwinLiteTestSupport

/// OUT may not be ROOT, lie inside ROOT's input folders, or be a file (docs/prep-pipeline.md,
/// "Guarantees" 6). Symbolic links are resolved before comparing.
@Suite struct OutputPlacementTests {
  @Test func outputsMayNotMixWithInputs() throws {
    let root = try PrepTest.sampleTree(frames: 4)
    let parent = (root as NSString).deletingLastPathComponent
    for bad in [root, "\(root)/", "\(root)/labels/out", "\(root)/images/100k/new", "\(root)/drivable_maps"] {
      #expect(throws: PrepError.self, "\(bad)") { try OutputPlacement.check(out: bad, root: root) }
    }
    let link = "\(parent)/link-to-root"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: root)
    #expect(throws: PrepError.self) { try OutputPlacement.check(out: link, root: root) }
    #expect(throws: PrepError.self) { try OutputPlacement.check(out: "\(link)/labels", root: root) }
    let file = "\(parent)/a-file"
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    #expect(throws: PrepError.self) { try OutputPlacement.check(out: file, root: root) }
    try OutputPlacement.check(out: "\(parent)/prepared", root: root)
    try OutputPlacement.check(out: "\(root)/prepared", root: root)
  }
}
