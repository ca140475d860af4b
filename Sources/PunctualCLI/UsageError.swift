/// A mistake on the command line: what is wrong, and a correct example.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    let example: String

    var description: String { "\(message); for example: \(example)" }
}
