import Foundation
import Testing
import TwinLiteCore
import TwinLitePlugin
import _TwinLiteTestSupport

/// The host loads version-1 plugins (shorter table, no timings) beside version-2 ones, and a
/// version-2 plugin's own timings of the last `infer` reach the host unchanged.
@Suite(.enabled(if: PluginFixtures.compilerAvailable, "needs cc to build the fake plugins"))
struct PluginABIVersionTests {
  @Test func versionOnePluginLoadsRunsAndOffersNoTiming() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let path = try PluginFixtures.buildFake(["FAKE_V1"], in: dir, name: "v1")
    let backend = try PluginBackend(path: path, modelPath: "m.onnx")
    #expect(backend.library.pluginABIVersion == 1)
    #expect(!backend.offersTiming)
    let (da, _) = try backend.infer(Tensor(shape: [1, 3, 1, 2], data: [1, 2, 3, 4, 5, 6]))
    #expect(da.data == [1, 2, 3, 4])
    #expect(try backend.lastTiming() == nil)
  }

  @Test func versionTwoTimingsComeBackPerCall() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let path = try PluginFixtures.buildFake([], in: dir)
    let backend = try PluginBackend(path: path, modelPath: "m.onnx")
    #expect(backend.library.pluginABIVersion == PluginLibrary.abiVersion)
    #expect(backend.offersTiming)
    #expect(throws: PluginError.timingFailed(path: path, code: 1, message: "no infer has run yet")) {
      try backend.lastTiming()
    }
    _ = try backend.infer(Tensor(zeros: [2, 3, 2, 2]))
    #expect(
      try backend.lastTiming()
        == PluginTiming(deviceMilliseconds: 0.5, uploadMilliseconds: 0.25, downloadMilliseconds: nil))
    _ = try backend.infer(Tensor(zeros: [1, 3, 2, 2]))
    #expect(try backend.lastTiming()?.deviceMilliseconds == 0.25)
  }

  @Test func versionTwoWithoutTimingFunctionLoads() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let path = try PluginFixtures.buildFake(["FAKE_NO_TIMING"], in: dir, name: "notiming")
    let backend = try PluginBackend(path: path, modelPath: "m.onnx")
    _ = try backend.infer(Tensor(zeros: [1, 3, 2, 2]))
    #expect(!backend.offersTiming)
    #expect(try backend.lastTiming() == nil)
  }

  @Test func versionsOutsideTheRangeAreRefusedNamingTheRange() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let old = try PluginFixtures.buildFake(["FAKE_ABI_VERSION=0"], in: dir, name: "v0")
    let error = PluginError.abiVersionMismatch(path: old, expected: PluginLibrary.abiVersion, found: 0)
    #expect(throws: error) { try PluginLibrary(path: old) }
    #expect(error.description.hasSuffix("loads versions 1...\(PluginLibrary.abiVersion)"))
  }
}
