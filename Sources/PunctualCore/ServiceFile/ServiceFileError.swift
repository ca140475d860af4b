/// What is wrong in a service file: the line, the key when there is one, why, and a correct example.
package struct ServiceFileError: Error, Equatable, Sendable {
    package let line: Int
    package let key: String?
    package let message: String
    package let example: String

    package init(line: Int, key: String? = nil, message: String, example: String) {
        self.line = line
        self.key = key
        self.message = message
        self.example = example
    }

    /// What is wrong, where: `api.toml:4: startup-budget: '5x' is not a duration: …`.
    package func located(in file: String) -> String {
        "\(file):\(line): \(key.map { "\($0): " } ?? "")\(message)"
    }
}
