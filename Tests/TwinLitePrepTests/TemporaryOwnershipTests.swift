import Foundation
import Testing
import TwinLitePrep

#if canImport(Glibc)
  import Glibc
#endif

/// A run deletes only temporary shard folders whose owner is gone (docs/prep-pipeline.md,
/// "Guarantees" 2): never another live process's folder.
@Suite struct TemporaryOwnershipTests {
  func folder(_ layout: ShardLayout, _ name: String) throws -> String {
    let path = "\(layout.shardsPath)/\(name)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func ownerIsParsedFromTheName() throws {
    let own = TemporaryOwner.current
    let name = ".tmp-shard-00001-of-00004-abc\(own.suffix)"
    #expect(TemporaryOwner.parse(name) == own)
    #expect(TemporaryOwner.parse(".tmp-shard-00001-of-00004-crashed") == nil)
  }

  @Test func onlyFoldersOfGoneOwnersAreDeleted() throws {
    let fixture = try PipelineFixture(count: 30)
    let (first, _) = try fixture.pipeline()
    _ = try first.run()
    let layout = ShardLayout(out: fixture.out)
    let shard = first.plan.shardName(1)
    let host = TemporaryOwner.current.host
    // A live process on this host (pid 1 runs as long as the machine does).
    let initStart = try #require(Self.startTime(of: 1))
    let live = try folder(layout, ".tmp-\(shard)-a+1.\(initStart)@\(host)")
    // The same pid with another start time: the pid was reused, the owner is gone.
    let reused = try folder(layout, ".tmp-\(shard)-b+1.\(initStart + 1)@\(host)")
    // A pid that does not run.
    let dead = try folder(layout, ".tmp-\(shard)-c+\(Int32.max - 7).5@\(host)")
    // Another host: the lease decides.
    let remote = try folder(layout, ".old-\(shard)-d+42.5@elsewhere")
    let expired = try folder(layout, ".tmp-\(shard)-e+42.5@elsewhere")
    let old = Date().addingTimeInterval(-TemporaryOwner.leaseSeconds - 60)
    try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: expired)
    // No owner in the name: left by an older tool.
    let legacy = try folder(layout, ".tmp-\(shard)-crashed")

    _ = try fixture.pipeline().0.run()
    let exists = { (path: String) in FileManager.default.fileExists(atPath: path) }
    #expect(exists(live) && exists(remote))
    for gone in [reused, dead, expired, legacy] { #expect(!exists(gone), "\(gone) was kept") }
    let report = try PipelineVerifier.verify(out: fixture.out)
    #expect(report.issues.contains { $0.path == live && $0.problem.contains("running process") })
  }

  static func startTime(of pid: Int32) -> UInt64? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = text.lastIndex(of: ")")
    else { return nil }
    let fields = text[text.index(after: close)...].split(separator: " ")
    return fields.count > 19 ? UInt64(fields[19]) : nil
  }
}
