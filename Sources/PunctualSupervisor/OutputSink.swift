/// Which of the child's standard streams some output came from.
package enum StandardStream: Sendable {
    case stdout
    case stderr

    /// The descriptor of punctual's own stream of the same kind.
    package var ownDescriptor: Int32 { self == .stdout ? 1 : 2 }
}

/// Where relayed output goes: normally straight to punctual's stdout and stderr.
package protocol OutputSink: Sendable {
    func write(_ bytes: UnsafeRawBufferPointer, from stream: StandardStream)
}
