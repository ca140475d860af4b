import PunctualCore

/// Reads a probe's password where its URL says it is, at each attempt.
enum SecretReader {
    static func read(_ secret: Secret?) -> Result<String?, ProbeFailure> {
        switch secret {
        case nil: return .success(nil)
        case .inline(let password): return .success(password)
        case .environment(let name):
            guard let value = SystemFiles.environmentValue(name) else {
                return .failure(ProbeFailure(reason: "the password's variable \(name) is not set"))
            }
            return .success(value)
        case .file(let path):
            guard let bytes = SystemFiles.read(path, limit: 4096) else {
                return .failure(ProbeFailure(reason: "cannot read the password file \(path)"))
            }
            let line = bytes.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
            return .success(String(decoding: line, as: UTF8.self))
        }
    }
}
