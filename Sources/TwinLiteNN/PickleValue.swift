/// Element types of `torch.*Storage` classes the checkpoint reader accepts.
public enum StorageDType: String, Sendable, CaseIterable {
  case float32 = "FloatStorage"
  case float64 = "DoubleStorage"
  case float16 = "HalfStorage"
  case bfloat16 = "BFloat16Storage"
  case int64 = "LongStorage"
  case int32 = "IntStorage"

  public var byteSize: Int {
    switch self {
    case .float32, .int32: return 4
    case .float64, .int64: return 8
    case .float16, .bfloat16: return 2
    }
  }

  public var isInteger: Bool { self == .int64 || self == .int32 }
}

/// The only callables a state-dict pickle may name. They are interpreted as data, never executed.
enum AllowedGlobal: Equatable {
  case orderedDict
  case rebuildTensorV2
  case rebuildParameter
  case storageType(StorageDType)

  init?(module: String, name: String) {
    switch (module, name) {
    case ("collections", "OrderedDict"): self = .orderedDict
    case ("torch._utils", "_rebuild_tensor_v2"): self = .rebuildTensorV2
    case ("torch._utils", "_rebuild_parameter"): self = .rebuildParameter
    case ("torch", _):
      guard let dtype = StorageDType(rawValue: name) else { return nil }
      self = .storageType(dtype)
    default: return nil
    }
  }
}

/// A persistent id `('storage', StorageType, key, location, numel)`; the location is ignored.
struct StorageRef: Equatable {
  let dtype: StorageDType
  let key: String
  let count: Int
}

/// The arguments of `_rebuild_tensor_v2`: a view into a storage.
struct TensorRecord: Equatable {
  let storage: StorageRef
  let offset: Int
  let shape: [Int]
  let strides: [Int]
}

/// A dict built by the pickle; a class because SETITEM(S) mutate it while memo entries refer to it.
final class PickleDict {
  var pairs: [(key: PickleValue, value: PickleValue)] = []
}

/// Values of the restricted pickle machine. There are no objects with behaviour.
indirect enum PickleValue {
  case none
  case bool(Bool)
  case int(Int)
  case string(String)
  case tuple([PickleValue])
  case list([PickleValue])
  case dict(PickleDict)
  case global(AllowedGlobal)
  case storage(StorageRef)
  case tensor(TensorRecord)

  var kind: String {
    switch self {
    case .none: return "None"
    case .bool: return "bool"
    case .int: return "int"
    case .string: return "str"
    case .tuple: return "tuple"
    case .list: return "list"
    case .dict: return "dict"
    case .global: return "global"
    case .storage: return "storage"
    case .tensor: return "tensor"
    }
  }
}
