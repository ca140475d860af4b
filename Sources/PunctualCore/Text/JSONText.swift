/// Text as JSON writes it: a string in double quotes with its escapes (which a double-quoted YAML
/// scalar and a Dockerfile's exec form read too), a duration as seconds with three decimals.
package enum JSONText {
    package static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// `12.345`, `-0.050`: whole milliseconds.
    package static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.milliseconds
        let magnitude = abs(milliseconds)
        let fraction = String(1000 + magnitude % 1000).dropFirst()
        return "\(milliseconds < 0 ? "-" : "")\(magnitude / 1000).\(fraction)"
    }
}
