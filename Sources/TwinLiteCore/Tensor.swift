/// A dense Float32 tensor in row-major (C) order, e.g. NCHW for images and OIHW for conv weights.
///
/// The storage is a plain array so tensors are value types; kernels borrow it with
/// `withUnsafeBufferPointer` and never copy in hot loops.
public struct Tensor: Sendable, Equatable {
  public var shape: [Int]
  public var data: [Float]

  public init(shape: [Int], data: [Float]) {
    precondition(shape.reduce(1, *) == data.count, "Tensor: \(data.count) values do not fill shape \(shape)")
    self.shape = shape
    self.data = data
  }

  public init(zeros shape: [Int]) {
    self.init(shape: shape, data: [Float](repeating: 0, count: shape.reduce(1, *)))
  }

  public var count: Int { data.count }
  public var rank: Int { shape.count }

  /// The same values under another shape with the same element count.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    Tensor(shape: newShape, data: data)
  }
}
