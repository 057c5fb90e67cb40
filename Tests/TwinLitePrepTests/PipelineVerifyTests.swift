import Foundation
import Testing
import TwinLiteCatalog
import TwinLiteCore
import TwinLitePrep

@Suite struct PipelineVerifyTests {
  @Test func finalLayoutIsHardLinkedToShardFilesAndMatchesCatalog() throws {
    let fixture = try PipelineFixture(count: 16)
    let (pipeline, _) = try fixture.pipeline()
    _ = try pipeline.run()
    let layout = ShardLayout(out: fixture.out)
    let catalog = try Catalog.openReadOnly(at: layout.catalogURL)
    for frame in try catalog.frames() {
      #expect(frame.status == .converted && frame.outputs.count == 3)
      for output in frame.outputs {
        let final = try FileManager.default.attributesOfItem(atPath: layout.absolute(output.path))
        let shard = try FileManager.default.attributesOfItem(atPath: layout.absolute(output.shardPath))
        #expect(final[.systemFileNumber] as? UInt64 == shard[.systemFileNumber] as? UInt64)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: layout.absolute(output.path))))
        #expect(Int64(bytes.count) == output.size)
        // Masks are hashed; linked source images only by size unless asked (hashLinkedFiles).
        #expect(output.hash == (output.kind == "image" ? "" : StableHash.hex(XXH64.hash(bytes))))
      }
    }
    #expect(try catalog.shards().allSatisfy { $0.state == .published })
    #expect(FileManager.default.fileExists(atPath: layout.successPath))
    let report = try PipelineVerifier.verify(out: fixture.out)
    #expect(report.ok && report.filesChecked == 48 && report.integrity == ["ok"])
  }

  @Test func verifyDetectsAModifiedMask() throws {
    let fixture = try PipelineFixture(count: 16)
    _ = try fixture.pipeline().0.run()
    let layout = ShardLayout(out: fixture.out)
    let catalog = try Catalog.openReadOnly(at: layout.catalogURL)
    let target = try #require(try catalog.frames().first?.outputs.first)
    // Rewrite one byte in place (same size): only the hash can tell.
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: layout.absolute(target.path)))
    try handle.seek(toOffset: 3)
    let old = try #require(try handle.read(upToCount: 1)).first ?? 0
    try handle.seek(toOffset: 3)
    try handle.write(contentsOf: Data([old ^ 0xFF]))
    try handle.close()
    let report = try PipelineVerifier.verify(out: fixture.out)
    #expect(!report.ok)
    #expect(report.issues.map(\.path) == [layout.absolute(target.path)])
    #expect(report.issues.first?.problem.contains("xxh64") == true)
  }

  @Test func verifyDetectsAMissingFileAndAnUnfinishedShard() throws {
    let fixture = try PipelineFixture(count: 16)
    let (pipeline, _) = try fixture.pipeline()
    _ = try pipeline.run()
    let layout = ShardLayout(out: fixture.out)
    let catalog = try Catalog.open(at: layout.catalogURL)
    let target = try #require(try catalog.frames().last?.outputs.last)
    try FileManager.default.removeItem(atPath: layout.absolute(target.path))
    try catalog.setShardState(0, .built)
    let report = try PipelineVerifier.verify(out: fixture.out)
    #expect(
      report.issues.contains { $0.path == layout.absolute(target.path) && $0.problem.contains("missing") })
    #expect(report.issues.contains { $0.path == layout.shardPath(pipeline.plan.shardName(0)) })
  }

  @Test func statusTableListsEveryShard() throws {
    let fixture = try PipelineFixture(count: 30, bad: 1)
    let (pipeline, _) = try fixture.pipeline()
    _ = try pipeline.run()
    let text = try PipelineStatus.render(out: fixture.out)
    for index in 0..<pipeline.plan.shardCount {
      #expect(text.contains(pipeline.plan.shardName(index)))
    }
    #expect(text.contains("30 converted, 1 failed, 0 pending"))
    #expect(text.contains("\(pipeline.plan.shardCount)/\(pipeline.plan.shardCount) published"))
  }
}

@Suite struct PipelineVerifyImageTests {
  @Test func hashedImagesAreVerifiedByHashOtherwiseBySize() throws {
    for hashImages in [false, true] {
      let fixture = try PipelineFixture(count: 4)
      _ = try fixture.pipeline(hashImages: hashImages).0.run()
      let layout = ShardLayout(out: fixture.out)
      let catalog = try Catalog.openReadOnly(at: layout.catalogURL)
      let image = try #require(try catalog.frames().first?.outputs.first { $0.kind == "image" })
      let url = URL(fileURLWithPath: layout.absolute(image.path))
      let bytes = Array(try Data(contentsOf: url))
      #expect(image.hash == (hashImages ? StableHash.hex(XXH64.hash(bytes)) : ""))
      // Same size, other bytes: only a hash notices.
      try Data(bytes.map { $0 ^ 1 }).write(to: url)
      #expect(try PipelineVerifier.verify(out: fixture.out).ok == !hashImages)
      // Another size: noticed either way.
      try Data(bytes + [0]).write(to: url)
      let report = try PipelineVerifier.verify(out: fixture.out)
      #expect(report.issues.contains { $0.path == url.path && $0.problem.contains("size") })
    }
  }
}

@Suite struct PipelineVerifyStrayFileTests {
  @Test func verifyDetectsFilesTheCatalogDoesNotKnow() throws {
    let fixture = try PipelineFixture(count: 8)
    _ = try fixture.pipeline().0.run()
    #expect(try PipelineVerifier.verify(out: fixture.out).ok)
    let layout = ShardLayout(out: fixture.out)
    let stray = layout.absolute("segments/train/.frame1.png.publish")
    _ = FileManager.default.createFile(atPath: stray, contents: Data([1]))
    let staleShard = "\(layout.shardsPath)/.tmp-shard-00000-of-00001-x"
    try FileManager.default.createDirectory(atPath: staleShard, withIntermediateDirectories: true)
    let report = try PipelineVerifier.verify(out: fixture.out)
    #expect(report.issues.map(\.path).sorted() == [stray, staleShard].sorted())
  }
}
