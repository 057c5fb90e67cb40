import Foundation
import Testing
import TwinLiteCore
import TwinLitePlugin
import _TwinLiteTestSupport

/// A well-formed plugin receives the NCHW batch, fills both heads, and its infer errors come back
/// with the plugin's `last_error` text.
@Suite(.enabled(if: PluginFixtures.compilerAvailable, "needs cc to build the fake plugins"))
struct PluginDataFlowTests {
  @Test func inputsReachThePluginAndHeadsComeBack() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let backend = try PluginBackend(
      path: try PluginFixtures.buildFake([], in: dir), modelPath: "m.onnx", options: "threads=3")
    #expect(backend.name == "plugin:fake")
    #expect(backend.pluginDescription == "fake model=m.onnx options=threads=3")
    let (n, h, w) = (2, 3, 4)
    let plane = h * w
    let input = Tensor(shape: [n, 3, h, w], data: (0..<(n * 3 * plane)).map { Float($0) * 0.5 - 7 })
    let (da, ll) = try backend.infer(input)
    #expect(da.shape == [n, 2, h, w] && ll.shape == [n, 2, h, w])
    for b in 0..<n {
      for i in 0..<plane {
        let x = { (c: Int) in input.data[(b * 3 + c) * plane + i] }
        #expect(da.data[(2 * b) * plane + i] == x(0))
        #expect(da.data[(2 * b + 1) * plane + i] == x(1))
        #expect(ll.data[(2 * b) * plane + i] == 2 * x(2))
        #expect(ll.data[(2 * b + 1) * plane + i] == -x(0))
      }
    }
  }

  @Test func inferFailureCarriesLastError() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let path = try PluginFixtures.buildFake([], in: dir)
    let backend = try PluginBackend(path: path, modelPath: "m.onnx")
    #expect(
      throws: PluginError.inferFailed(path: path, code: 1, message: "batch 3 exceeds the fake's limit 2")
    ) {
      try backend.infer(Tensor(zeros: [3, 3, 2, 2]))
    }
    #expect(throws: PluginError.invalidInput(path: path, shape: [1, 4, 2, 2])) {
      try backend.infer(Tensor(zeros: [1, 4, 2, 2]))
    }
  }
}
